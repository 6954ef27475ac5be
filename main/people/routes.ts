import { HttpError, Reply, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';

/** Invite links (owner) and "who am I" (anyone with a token). */
export function peopleRoutes(api: ApiRouter, services: Services): void {
  const invites = services.auth.invites;
  api.on('GET /api/me', ({ caller }) => ({ role: caller.role, actor: caller.actor, name: caller.name }));
  api.on('GET /api/invites', () => ({ invites: invites.list() }));
  api.on('POST /api/invites', ({ body }) => {
    const created = invites.create(body);
    if (!created.ok) throw new HttpError(400, 'bad_invite', created.error);
    const url = `${services.baseUrl()}/#token=${encodeURIComponent(created.value.token)}`;
    return new Reply(201, { invite: created.value.view, token: created.value.token, url });
  });
  api.on('DELETE /api/invites/:id', ({ params }) => {
    const invite = invites.revoke(params.id ?? '');
    if (!invite) throw new HttpError(404, 'no_invite', 'there is no invite with that id');
    return { invite };
  });
}
