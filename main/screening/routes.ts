import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { parseDecimalMinor } from '../../shared/money.js';
import { parseQueueCursor } from './queue-order.js';
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
  // The reader's minimum, in campaign minor units: exact, as the amounts it is compared with.
  const minimum = (text: string | undefined): number | null => {
    if (text === undefined) return null;
    const currency = services.campaign()?.currency;
    if (!currency || !isCurrencyCode(currency)) throw new HttpError(409, 'no_campaign', 'create the campaign before setting a minimum');
    const parsed = parseDecimalMinor(text, minorUnitExponent(currency));
    if (!parsed.ok) throw new HttpError(422, 'bad_min', `min: ${parsed.error}`);
    return parsed.value;
  };

  api.on('GET /api/screening/queue', ({ query }) => {
    const order = query.order ?? 'age';
    const after = query.after === undefined ? null : parseQueueCursor(order, query.after);
    if (query.after !== undefined && !after) throw new HttpError(400, 'bad_cursor', 'after must be the `next` of a page in the same order');
    return screening.queue(query.stage ?? 'pending', { limit: query.limit ?? 50, order, min: minimum(query.min), after });
  });
  api.on('POST /api/screening/next', ({ body, caller }) => screening.next(body?.stage ?? 'pending', caller, body?.order ?? 'age', minimum(body?.min)));
  api.on('POST /api/screening/read-older', ({ body, caller }) => attempt(() => screening.readOlder(body.through, caller)));
  api.on('POST /api/donations/:id/undo', ({ params, caller }) => ({ item: attempt(() => screening.undo(donationId(params.id), caller)) }));
  api.on('POST /api/donations/:id/claim', ({ params, caller }) => attempt(() => screening.claim(donationId(params.id), caller)));
  api.on('POST /api/donations/:id/release', ({ params, caller }) => ({ released: screening.release(donationId(params.id), caller) }));
  api.on('POST /api/donations/:id/screen', ({ params, body, caller }) => ({
    item: attempt(() => screening.decide(donationId(params.id), body, caller)),
  }));
  api.on('GET /api/audit', ({ query }) => ({ entries: services.audit.list({ before: query.before ?? null, limit: query.limit ?? 100 }) }));
}
