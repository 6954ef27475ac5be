import { STAFF_CHANGE_AUDIENCE, audienceIncludes } from '../../shared/contract.js';
import type { ResponseView } from '../../shared/views.js';
import { publicTarget } from '../hub/public-forms.js';
import { requestedWindow } from '../charts/window.js';
import { HttpError, Reply, TextReply, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { exportResponses, responsesCsv } from './export.js';
import { ResponseRefused } from './responses.js';

const MINUTE = 60_000;

/** Targets, their mention series and call moments, and the flag → confirm workflow of responses. */
export function targetRoutes(api: ApiRouter, services: Services): void {
  const { targets, responses } = services;
  const target = (id: string | undefined) => {
    const found = id ? targets.get(id) : null;
    if (!found) throw new HttpError(404, 'no_target', 'there is no target with that id');
    return found;
  };
  const refused = (error: unknown): never => {
    if (error instanceof ResponseRefused) throw new HttpError(error.status, error.code, error.message);
    throw error;
  };
  /** A confirm, reject or undo: refusals become 4xx, and the target's board is told. */
  const step = (run: () => ResponseView) => {
    try {
      const response = run();
      targets.markChanged(response.target_id);
      return { response };
    } catch (error) {
      return refused(error);
    }
  };

  api.on('GET /api/targets', ({ query, role }) => {
    const list = targets.list(query.archived === true);
    // The same form the viewers' room of the staff socket carries.
    return { targets: audienceIncludes(STAFF_CHANGE_AUDIENCE.target, role) ? list : list.map(publicTarget) };
  });
  api.on('POST /api/targets', ({ body, caller }) => {
    const created = targets.create(body, caller);
    if (!created.ok) throw new HttpError(422, 'bad_target', created.error);
    // Boards learn of it now, not only once past chat has been counted (there may be none).
    targets.markChanged(created.value.id);
    services.checklist.changed();
    return new Reply(201, { target: created.value });
  });
  api.on('PUT /api/targets/:id', ({ params, body }) => {
    const updated = targets.update(params.id ?? '', body);
    if (updated === null) throw new HttpError(404, 'no_target', 'there is no target with that id');
    if (!updated.ok) throw new HttpError(422, 'bad_target', updated.error);
    return { target: updated.value };
  });
  api.on('POST /api/targets/:id/archive', ({ params }) => {
    const archived = targets.archive(params.id ?? '');
    if (!archived) throw new HttpError(404, 'no_target', 'there is no target with that id');
    services.checklist.changed();
    return { target: archived };
  });
  api.on('GET /api/targets/:id/minutes', async ({ params, query }) => {
    const found = target(params.id);
    const now = Date.now();
    const defaults = { fromMs: Date.parse(found.call_started_at) - 60 * MINUTE, toMs: now };
    const window = requestedWindow({ fromMs: query.from, toMs: query.to }, defaults, now);
    if (!window.ok) throw new HttpError(400, 'bad_window', window.error);
    await targets.warmMinutes(found.id, window.value.from, window.value.to);
    return { minutes: targets.minutes(found.id, window.value.from, window.value.to) };
  });
  api.on('POST /api/targets/:id/moments', ({ params, body, caller }) => {
    const scheduled = targets.scheduleMoment(params.id ?? '', body, caller);
    if (scheduled === null) throw new HttpError(404, 'no_target', 'there is no target with that id');
    if (!scheduled.ok) throw new HttpError(422, 'bad_moment', scheduled.error);
    return new Reply(201, { target: scheduled.value });
  });
  api.on('PUT /api/targets/:id/moments/:momentId', ({ params, body }) => {
    target(params.id);
    const edited = targets.editMoment(params.id ?? '', params.momentId ?? '', body);
    if (edited === null) throw new HttpError(404, 'no_moment', 'this target has no call moment with that id');
    if (!edited.ok) throw new HttpError(422, 'bad_moment', edited.error);
    return { target: edited.value };
  });
  api.on('GET /api/targets/:id/responses', ({ params }) => ({ responses: responses.list(target(params.id).id) }));
  api.on('POST /api/targets/:id/responses', ({ params, body, caller }) => {
    const found = target(params.id);
    if (found.archived_at) throw new HttpError(409, 'archived', 'this target is archived');
    let flagged;
    try {
      flagged = responses.flag(found.id, body, caller);
    } catch (error) {
      return refused(error);
    }
    if (!flagged.ok) throw new HttpError(422, 'bad_response', flagged.error);
    targets.markChanged(found.id);
    return new Reply(201, { response: flagged.value });
  });
  api.on('POST /api/responses/:id/confirm', ({ params, caller }) => step(() => responses.confirm(params.id ?? '', caller)));
  api.on('POST /api/responses/:id/reject', ({ params, body, caller }) => step(() => responses.reject(params.id ?? '', caller, body)));
  api.on('POST /api/responses/:id/undo', ({ params, body, caller }) => step(() => responses.undo(params.id ?? '', caller, body)));

  api.on('GET /api/export/responses.json', () => exportResponses(targets, responses));
  api.on('GET /api/export/responses.csv', () => {
    const day = new Date().toISOString().slice(0, 10);
    return new TextReply('text/csv; charset=utf-8', responsesCsv(exportResponses(targets, responses)), `responses-${day}.csv`);
  });
}
