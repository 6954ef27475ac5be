import { STAFF_CHANGE_AUDIENCE, audienceIncludes } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import { HttpError, Reply, type ApiRouter } from '../server/http.js';
import type { IncentiveDesk } from './desk.js';
import { IncentiveRefused } from './incentives.js';

/** A path's numeric id, or 404 in words. */
function idOf(raw: string | undefined, what: string): number {
  const id = raw && /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new HttpError(404, `no_${what.replace(/ /g, '_')}`, `there is no ${what} with that id`);
  return id;
}

function found<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new HttpError(404, `no_${what.replace(/ /g, '_')}`, `there is no ${what} with that id`);
  return value;
}

function accepted<T>(result: Result<T>, code: string): T {
  if (!result.ok) throw new HttpError(422, code, result.error);
  return result.value;
}

/** The run schedule, incentives and bid wars, their options, and donations' assignments. */
export function incentiveRoutes(api: ApiRouter, desk: IncentiveDesk): void {
  const { schedule, incentives, assignments } = desk;

  api.on('GET /api/schedule', () => ({ schedule: schedule.view() }));
  api.on('POST /api/schedule', ({ body, caller }) => new Reply(201, { segment: accepted(schedule.create(body, caller), 'bad_segment') }));
  api.on('PUT /api/schedule/:id', ({ params, body, caller }) => ({
    segment: accepted(found(schedule.update(idOf(params.id, 'segment'), body, caller), 'segment'), 'bad_segment'),
  }));
  api.on('POST /api/schedule/:id/start', ({ params, body, caller }) => ({
    segment: found(schedule.start(idOf(params.id, 'segment'), caller, body?.at ? Date.parse(body.at) : undefined), 'segment'),
  }));
  api.on('DELETE /api/schedule/:id', ({ params, caller }) => accepted(found(schedule.remove(idOf(params.id, 'segment'), caller), 'segment'), 'segment_kept'));

  // Tiltify's polls, targets and rewards, and the owner's links from them to ours.
  const tiltifySource = (raw: string | undefined) => {
    if (!raw || !/^[\x21-\x7e]{1,100}$/.test(raw)) throw new HttpError(404, 'no_source', 'there is no source with that id');
    return raw;
  };
  api.on('GET /api/tiltify/:source', ({ params }) => ({ items: desk.tiltify.list(tiltifySource(params.source)) }));
  api.on('POST /api/tiltify/:source/link', ({ params, body, caller }) => {
    const linked = accepted(desk.tiltify.link(tiltifySource(params.source), body, caller), 'tiltify_not_linked');
    desk.tiltifyLinked();
    return linked;
  });
  api.on('POST /api/tiltify/:source/create', ({ params, body, caller }) => {
    const created = new Reply(201, accepted(desk.tiltify.createFrom(tiltifySource(params.source), body.kind, body.tiltify_id, caller), 'tiltify_not_created'));
    desk.tiltifyLinked();
    return created;
  });

  api.on('GET /api/incentives', ({ query, role }) => {
    // The same form the viewers' room of the staff socket carries.
    if (!audienceIncludes(STAFF_CHANGE_AUDIENCE.incentives, role)) return { incentives: desk.publicList() };
    return { incentives: desk.list(query.archived === true) };
  });
  api.on('POST /api/incentives', ({ body, caller }) => new Reply(201, { incentive: accepted(incentives.create(body, caller), 'bad_incentive') }));
  api.on('PUT /api/incentives/:id', ({ params, body, caller }) => ({
    incentive: accepted(found(incentives.update(idOf(params.id, 'incentive'), body, caller), 'incentive'), 'bad_incentive'),
  }));
  api.on('POST /api/incentives/:id/close', ({ params, caller }) => ({
    incentive: accepted(found(incentives.close(idOf(params.id, 'incentive'), caller), 'incentive'), 'not_open'),
  }));
  api.on('POST /api/incentives/:id/archive', ({ params, caller }) => ({ incentive: found(incentives.archive(idOf(params.id, 'incentive'), caller), 'incentive') }));
  api.on('POST /api/incentives/:id/options', ({ params, body, caller }) => {
    const id = idOf(params.id, 'incentive');
    found(incentives.get(id), 'incentive');
    accepted(incentives.addOption(id, body.name, caller), 'bad_option');
    return new Reply(201, { incentive: incentives.view(id) });
  });
  api.on('PUT /api/options/:id', ({ params, body, caller }) => ({
    incentive: accepted(found(incentives.renameOption(idOf(params.id, 'option'), body.name, caller), 'option'), 'bad_option'),
  }));
  api.on('POST /api/options/:id/approve', ({ params, caller }) => ({
    incentive: accepted(found(incentives.decideOption(idOf(params.id, 'option'), 'approved', caller), 'option'), 'already_decided'),
  }));
  api.on('POST /api/options/:id/refuse', ({ params, body, caller }) => ({
    incentive: accepted(found(incentives.decideOption(idOf(params.id, 'option'), 'refused', caller, body?.reason ?? null), 'option'), 'already_decided'),
  }));

  api.on('GET /api/donations/:id/assignment', ({ params }) => ({ assignment: found(assignments.get(idOf(params.id, 'donation')), 'donation') }));
  api.on('PUT /api/donations/:id/assignment', ({ params, body, caller }) => {
    try {
      return { assignment: assignments.assign(idOf(params.id, 'donation'), body, caller) };
    } catch (error) {
      if (error instanceof IncentiveRefused) throw new HttpError(error.status, error.code, error.message);
      throw error;
    }
  });
}
