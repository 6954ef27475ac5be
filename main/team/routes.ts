import type { ApiRouter } from '../server/http.js';
import type { Team } from './team.js';

/** The team event: everyone reads it; only the owner sets it up, invites, revokes and removes. */
export function teamRoutes(api: ApiRouter, { team }: { team: Team }): void {
  api.on('GET /api/team', ({ role }) => {
    const view = team.view();
    // Errors and the outbox are the owner's to act on.
    return role === 'owner' ? view : { ...view, health: { ...view.health, last_error: null } };
  });
  api.on('POST /api/team', async ({ body }) => ({ team: (await team.create(body)).team }));
  api.on('POST /api/team/join', ({ body }) => ({ team: team.join(body) }));
  api.on('POST /api/team/invites', ({ body }) => team.invite(body));
  api.on('POST /api/team/desks/:id/revoke', ({ params, body }) => ({ team: team.revoke(params.id ?? '', body?.reason ?? null) }));
  api.on('POST /api/team/desks/:id/remove', ({ params, body }) => ({ team: team.remove(params.id ?? '', body.reason, body.restore === true) }));
}
