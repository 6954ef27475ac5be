import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { ScreeningRefused } from './screening.js';

/** The moderators' room: the queue per stage, opening an item, decisions, settings, the audit. */
export function screeningRoutes(api: ApiRouter, services: Services): void {
  const { screening } = services;
  const refused = (error: unknown): never => {
    if (error instanceof ScreeningRefused) throw new HttpError(error.status, error.code, error.message);
    throw error;
  };
  const donationId = (text: string | undefined): number => {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(404, 'no_donation', 'there is no donation with that id');
    return id;
  };
  const attempt = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      return refused(error);
    }
  };

  api.on('GET /api/screening', () => screening.view());
  api.on('PUT /api/screening/settings', ({ body, caller }) => {
    const updated = screening.updateSettings(body, caller, services.campaign()?.currency ?? null);
    if (!updated.ok) throw new HttpError(422, 'bad_settings', updated.error);
    return screening.view();
  });
  api.on('GET /api/screening/queue', ({ query }) => ({ items: screening.queue(query.stage ?? 'pending', query.limit ?? 50) }));
  api.on('POST /api/screening/next', ({ body, caller }) => screening.next(body?.stage ?? 'pending', caller));
  api.on('POST /api/donations/:id/claim', ({ params, caller }) => attempt(() => screening.claim(donationId(params.id), caller)));
  api.on('POST /api/donations/:id/release', ({ params, caller }) => ({ released: screening.release(donationId(params.id), caller) }));
  api.on('POST /api/donations/:id/screen', ({ params, body, caller }) => ({
    item: attempt(() => screening.decide(donationId(params.id), body, caller)),
  }));
  api.on('GET /api/audit', ({ query }) => ({ entries: services.audit.list({ before: query.before ?? null, limit: query.limit ?? 100 }) }));
}
