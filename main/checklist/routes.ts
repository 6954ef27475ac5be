import type { ApiRouter } from '../server/http.js';
import type { Checklist } from './checklist.js';

/** The owner's first steps: read, or closed for good. */
export function checklistRoutes(api: ApiRouter, { checklist }: { checklist: Checklist }): void {
  api.on('GET /api/checklist', () => checklist.view());
  api.on('POST /api/checklist/dismiss', () => checklist.dismiss());
}
