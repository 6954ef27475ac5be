import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { sourceParam } from '../chat/routes.js';
import { MomentRefused } from './moments.js';

const PAGE_MAX = 100;

/** The Twitch events feed and the screening of its messages (moderators and the owner). */
export function momentRoutes(api: ApiRouter, services: Services): void {
  api.on('GET /api/twitch/moments', ({ query }) => {
    if (query.limit !== undefined && query.limit > PAGE_MAX) {
      throw new HttpError(400, 'bad_query', `limit must be a whole number from 1 to ${PAGE_MAX}`);
    }
    return services.moments.page({
      source: sourceParam(services, query.source),
      kind: query.kind ?? null,
      waiting: query.waiting === '1',
      before: query.before ?? null,
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    });
  });

  api.on('POST /api/twitch/moments/:id/screen', ({ params, body, caller }) => {
    const id = Number(params.id);
    if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(404, 'no_moment', 'there is no Twitch moment with that id');
    try {
      return { moment: services.moments.decide(id, body, caller) };
    } catch (error) {
      if (error instanceof MomentRefused) throw new HttpError(error.status, error.code, error.message);
      throw error;
    }
  });
}
