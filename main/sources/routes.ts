import { HttpError, Reply, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';

export function sourceRoutes(api: ApiRouter, services: Services): void {
  api.on('GET /api/sources', () => ({ sources: services.sources.list() }));

  api.on('POST /api/sources', ({ body }) => {
    if (!services.campaign()) throw new HttpError(409, 'no_campaign', 'create the campaign before adding sources');
    const created = services.sources.create(body);
    if (!created.ok) throw new HttpError(422, 'invalid_source', created.error);
    services.liveSources.start(created.value.source);
    const view = services.sources.view(created.value.source);
    return new Reply(201, created.value.secret ? { ...view, secret: created.value.secret } : view);
  });
}
