import { STAFF_CHANGE_AUDIENCE, audienceIncludes } from '../../shared/contract.js';
import { HttpError, Reply, TextReply, type ApiRouter } from '../server/http.js';
import { winnersCsv } from './export.js';
import { PrizeRefused, type Prizes } from './prizes.js';

/** The prize id in the path: a whole number, else no such prize. */
function prizeId(raw: string | undefined): number {
  const id = /^[0-9]{1,15}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new HttpError(404, 'no_prize', 'there is no prize with that id');
  return id;
}

/** Runs a domain step; its refusals become 4xx with their words. */
function step<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PrizeRefused) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}

/** Prizes: the owner sets them up and draws them; moderators read the draw and re-run it; viewers see the public list. */
export function prizeRoutes(api: ApiRouter, { prizes }: { prizes: Prizes }): void {
  api.on('GET /api/prizes', ({ query, role }) =>
    audienceIncludes(STAFF_CHANGE_AUDIENCE.prizes, role) ? { prizes: prizes.list(query.archived === true) } : { prizes: prizes.publicList() });
  api.on('POST /api/prizes', ({ body, caller }) => new Reply(201, { prize: step(() => prizes.create(body, caller)) }));
  api.on('PUT /api/prizes/:id', ({ params, body, caller }) => ({ prize: step(() => prizes.update(prizeId(params.id), body, caller)) }));
  api.on('POST /api/prizes/:id/archive', ({ params, caller }) => ({ prize: step(() => prizes.archive(prizeId(params.id), caller)) }));
  api.on('POST /api/prizes/:id/draw', ({ params, caller }) => step(() => prizes.draw(prizeId(params.id), caller)));
  api.on('POST /api/prizes/:id/redraw', ({ params, body, caller }) => ({ prize: step(() => prizes.redraw(prizeId(params.id), body.position, body.reason, caller)) }));
  api.on('GET /api/prizes/:id/draw', ({ params }) => {
    const id = prizeId(params.id);
    const record = step(() => (prizes.get(id) ? prizes.record(id) : null));
    if (!record) throw new HttpError(prizes.get(id) ? 409 : 404, prizes.get(id) ? 'not_drawn' : 'no_prize', prizes.get(id) ? 'this prize has not been drawn yet' : 'there is no prize with that id');
    return { draw: record };
  });
  api.on('POST /api/prizes/:id/verify', ({ params }) => {
    const id = prizeId(params.id);
    if (!prizes.get(id)) throw new HttpError(404, 'no_prize', 'there is no prize with that id');
    const verification = prizes.verify(id);
    if (!verification) throw new HttpError(409, 'not_drawn', 'this prize has not been drawn yet: there is nothing to verify');
    return verification;
  });
  api.on('GET /api/prizes/:id/winners.csv', ({ params, caller }) => {
    const { prize, rows } = step(() => prizes.winnersForExport(prizeId(params.id), caller));
    return new TextReply('text/csv; charset=utf-8', winnersCsv(prize, rows), `prize-${prize.id}-winners.csv`);
  });
}
