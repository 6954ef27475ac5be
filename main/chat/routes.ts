import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { CHAT_PAGE_MAX, HiddenChat } from './hidden.js';

/** Chat statistics from the rollups, and the latest visible chat. */
export function chatRoutes(api: ApiRouter, services: Services): void {
  const hidden = new HiddenChat(services.db);

  api.on('GET /api/chat/stats', ({ query }) => {
    const campaign = services.campaign();
    const now = Date.now();
    const from = query.from ?? (campaign ? Date.parse(campaign.starts_at) : now - 3_600_000);
    const to = query.to ?? now;
    if (to < from) throw new HttpError(400, 'bad_query', 'to must not be before from');
    return services.minutes.stats(from, to, sourceParam(services, query.source));
  });

  api.on('GET /api/chat/messages', ({ query }) => {
    if (query.limit !== undefined && query.limit > CHAT_PAGE_MAX) {
      throw new HttpError(400, 'bad_query', `limit must be a whole number from 1 to ${CHAT_PAGE_MAX}`);
    }
    return hidden.visible({
      source: sourceParam(services, query.source),
      before: query.before ?? null,
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    });
  });
}

/** One source's id (it must exist), or every source together. */
function sourceParam(services: Services, id: string | undefined): string | null {
  if (id === undefined) return null;
  if (!services.sources.get(id)) throw new HttpError(404, 'unknown_source', `there is no source "${id.slice(0, 60)}"`);
  return id;
}
