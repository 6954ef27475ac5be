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

  api.on('PUT /api/sources/:id/credential', async ({ params, body, caller }) => {
    const replaced = services.sources.replaceCredential(params.id ?? '', body);
    if (replaced === null) throw new HttpError(404, 'no_source', 'there is no source with that id');
    if (!replaced.ok) throw new HttpError(422, 'invalid_credential', replaced.error);
    const { source, fields } = replaced.value;
    services.audit.record(caller, { kind: 'settings', id: `source:${source.id}`, label: `Source "${source.name}" (${source.kind})` }, 'credential_replaced', { to: fields.join(', ') });
    // The old connection (or a poller halted by the refused token) gives way to one with the new credential.
    await services.liveSources.stop(source.id);
    services.liveSources.start(source);
    return services.sources.view(source);
  });
}
