import { BEST_MINUTE_DEFAULT_HOURS, BEST_MINUTE_DEFAULT_WINDOW } from '../../shared/best-minute.js';
import type { ApiRouter } from '../server/http.js';
import type { BestMinute } from './best-minute.js';

/** The best minute to call: read by the owner and moderators, who plan call moments. */
export function bestMinuteRoutes(api: ApiRouter, { bestMinute }: { bestMinute: BestMinute }): void {
  api.on('GET /api/best-minute', ({ query }) =>
    bestMinute.view(query.window ?? BEST_MINUTE_DEFAULT_WINDOW, query.hours ?? BEST_MINUTE_DEFAULT_HOURS));
}
