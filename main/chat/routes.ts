import { requestedWindow } from '../charts/window.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { CHAT_PAGE_MAX, HiddenChat } from './hidden.js';

/** Chat statistics from the rollups, and the latest visible chat. */
export function chatRoutes(api: ApiRouter, services: Services): void {
  const hidden = new HiddenChat(services.db);

  api.on('GET /api/chat/stats', async ({ query }) => {
    const campaign = services.campaign();
    const now = Date.now();
    const defaults = { fromMs: campaign ? Date.parse(campaign.starts_at) : now - 3_600_000, toMs: now };
    const window = requestedWindow({ fromMs: query.from, toMs: query.to }, defaults, now);
    if (!window.ok) throw new HttpError(400, 'bad_query', window.error);
    const source = sourceParam(services, query.source);
    await services.minutes.warm(window.value.from * 60_000, window.value.to * 60_000, source);
    return services.minutes.stats(window.value.from * 60_000, window.value.to * 60_000, source);
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
export function sourceParam(services: Services, id: string | undefined): string | null {
  if (id === undefined) return null;
  if (!services.sources.get(id)) throw new HttpError(404, 'unknown_source', `there is no source "${id.slice(0, 60)}"`);
  return id;
}
