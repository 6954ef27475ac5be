import { HttpError, Reply, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';

/** Invite links (owner) and "who am I" (anyone with a token). */
export function peopleRoutes(api: ApiRouter, services: Services): void {
  const invites = services.auth.invites;
  api.on('GET /api/me', ({ caller }) => ({ role: caller.role, actor: caller.actor, name: caller.name }));
  api.on('GET /api/invites', () => ({ invites: invites.list() }));
  api.on('POST /api/invites', ({ body, caller }) => {
    const created = invites.create(body);
    if (!created.ok) throw new HttpError(422, 'bad_invite', created.error);
    const { view } = created.value;
    services.audit.record(caller, { kind: 'invite', id: view.id, label: `${view.name} (${view.role})` }, 'invite_created', { to: 'active' });
    services.checklist.changed();
    const fragment = `/#token=${encodeURIComponent(created.value.token)}`;
    const networkUrls = services.network.view().urls.map((base) => `${base}${fragment}`);
    return new Reply(201, { invite: created.value.view, token: created.value.token, url: `${services.baseUrl()}${fragment}`, network_urls: networkUrls });
  });
  api.on('DELETE /api/invites/:id', ({ params, caller }) => {
    const wasActive = invites.list().some((i) => i.id === params.id && i.revoked_at === null);
    const invite = invites.revoke(params.id ?? '');
    if (!invite) throw new HttpError(404, 'no_invite', 'there is no invite with that id');
    if (wasActive) {
      services.audit.record(caller, { kind: 'invite', id: invite.id, label: `${invite.name} (${invite.role})` }, 'invite_revoked', { from: 'active', to: 'revoked' });
    }
    services.checklist.changed();
    return { invite };
  });
  api.on('GET /api/network', () => services.network.view());
  api.on('PUT /api/network', async ({ body, caller }) => {
    const { enabled } = body;
    const before = services.network.view();
    if (before.pinned_by_flag) {
      throw new HttpError(409, 'pinned_by_flag', `the app was started with --host, so it listens on ${before.listening}; restart it without --host to use this switch`);
    }
    const after = await services.network.set(enabled);
    if (after.enabled !== before.enabled) {
      services.audit.record(caller, { kind: 'settings', id: 'network', label: 'Network access' }, enabled ? 'network_on' : 'network_off', { from: before.listening, to: after.listening });
    }
    return after;
  });
}
