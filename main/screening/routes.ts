import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { SCREENING_STAGES, ScreeningRefused, type ScreeningStage } from './screening.js';

/** The moderators' room: the queue per stage, opening an item, decisions, settings, the audit. */
export function screeningRoutes(api: ApiRouter, services: Services): void {
  const { screening } = services;
  const refused = (error: unknown): never => {
    if (error instanceof ScreeningRefused) throw new HttpError(error.status, error.code, error.message);
    throw error;
  };
  const stageOf = (value: unknown, fallback: ScreeningStage = 'pending'): ScreeningStage => {
    if (value === undefined || value === null) return fallback;
    if (!(SCREENING_STAGES as readonly unknown[]).includes(value)) {
      throw new HttpError(400, 'bad_stage', `stage must be one of ${SCREENING_STAGES.join(', ')}`);
    }
    return value as ScreeningStage;
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
    if (!updated.ok) throw new HttpError(400, 'bad_settings', updated.error);
    return screening.view();
  });
  api.on('GET /api/screening/queue', ({ query }) => {
    const limit = query.get('limit');
    const count = limit === null ? 50 : Number(limit);
    if (!Number.isSafeInteger(count) || count < 1) throw new HttpError(400, 'bad_query', 'limit must be a positive whole number');
    return { items: screening.queue(stageOf(query.get('stage')), count) };
  });
  api.on('POST /api/screening/next', ({ body, caller }) => {
    const stage = stageOf((body as { stage?: unknown } | undefined)?.stage);
    if (stage === 'denied') throw new HttpError(400, 'bad_stage', 'denied messages are not screened again from the queue: open one by its id');
    return screening.next(stage, caller);
  });
  api.on('POST /api/donations/:id/claim', ({ params, caller }) => attempt(() => screening.claim(donationId(params.id), caller)));
  api.on('POST /api/donations/:id/release', ({ params, caller }) => ({ released: screening.release(donationId(params.id), caller) }));
  api.on('POST /api/donations/:id/screen', ({ params, body, caller }) => ({
    item: attempt(() => screening.decide(donationId(params.id), body, caller)),
  }));
  api.on('GET /api/audit', ({ query }) => {
    const limit = query.get('limit');
    const count = limit === null ? 100 : Number(limit);
    if (!Number.isSafeInteger(count) || count < 1) throw new HttpError(400, 'bad_query', 'limit must be a positive whole number');
    return { entries: services.audit.list({ before: query.get('before'), limit: count }) };
  });
}
