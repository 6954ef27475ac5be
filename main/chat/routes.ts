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
    const window = requestedWindow({ from: query.get('from'), to: query.get('to') }, defaults, now);
    if (!window.ok) throw new HttpError(400, 'bad_query', window.error);
    const source = sourceParam(services, query.get('source'));
    await services.minutes.warm(window.value.from * 60_000, window.value.to * 60_000, source);
    return services.minutes.stats(window.value.from * 60_000, window.value.to * 60_000, source);
  });

  api.on('GET /api/chat/messages', ({ query }) => {
    const before = query.get('before');
    const limit = query.get('limit');
    return hidden.visible({
      source: sourceParam(services, query.get('source')),
      before: before === null ? null : wholeNumber(before, 'before', Number.MAX_SAFE_INTEGER),
      ...(limit === null ? {} : { limit: wholeNumber(limit, 'limit', CHAT_PAGE_MAX) }),
    });
  });
}

function sourceParam(services: Services, id: string | null): string | null {
  if (id === null || id === '' || id === '*') return null;
  if (!services.sources.get(id)) throw new HttpError(404, 'unknown_source', `there is no source "${id.slice(0, 60)}"`);
  return id;
}

function wholeNumber(text: string, name: string, max: number): number {
  const value = Number(text);
  if (!/^[0-9]{1,16}$/.test(text) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new HttpError(400, 'bad_query', `${name} must be a whole number from 1 to ${max}`);
  }
  return value;
}
