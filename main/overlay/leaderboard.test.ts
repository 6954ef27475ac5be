import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { OVERLAY_NAMESPACE, type OverlayLeader, type OverlaySnapshot, type SequencedBatch, type OverlayChange, unbatch } from '../../shared/contract.js';
import { type TestCore, donationBody } from '../testing/harness.js';
import { trackedCores } from '../testing/tracked.js';
import { until } from '../testing/until.js';

const { start } = trackedCores();
const sockets: Socket[] = [];
after(() => {
  for (const socket of sockets) socket.disconnect();
});

/** The overlay's view of the board: the snapshot's, then each `leaders` change. */
async function watchBoard(t: TestCore): Promise<{ board: () => OverlayLeader[]; frames: string[] }> {
  const key = (await t.api('GET', '/api/overlay')).body.key as string;
  // Listening before the connection: the snapshot comes with it.
  const socket = io(`${t.core.url}${OVERLAY_NAMESPACE}`, { auth: { key }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  let board: OverlayLeader[] | null = null;
  const frames: string[] = [];
  socket.on('snapshot', (snapshot: OverlaySnapshot) => {
    frames.push(JSON.stringify(snapshot));
    board = snapshot.leaders;
  });
  socket.on('changes', (batch: SequencedBatch<OverlayChange>) => {
    frames.push(JSON.stringify(batch));
    for (const { change } of unbatch(batch)) if (change.type === 'leaders') board = change.leaders;
  });
  await until('the snapshot', async () => board, (b) => b !== null);
  return { board: () => board ?? [], frames };
}

const places = (board: OverlayLeader[]) => board.map((l) => `${l.rank} ${l.name ?? 'Anonymous'} ${l.total.value}`);

describe('the donors leaderboard', () => {
  it('ranks donors by what they gave less refunds, names only screened donors, live', async () => {
    const t = await start();
    const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body as { id: string; secret: string };
    const give = async (id: string, value: string, donor: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const answer = await t.hook(source.id, source.secret, donationBody(id, value, 'EUR', { donor, ...extra }));
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body.id as number;
    };
    const approve = async (id: number) => assert.equal((await t.api('POST', `/api/donations/${id}/screen`, { decision: 'approve' })).status, 200);
    const overlay = await watchBoard(t);

    await approve(await give('a-1', '100.00', { name: 'Amira' }));
    await approve(await give('b-1', '30.00', { name: 'Bruno' }));
    await approve(await give('b-2', '50.00', { name: 'Bruno' }));
    await give('b-refund', '50.00', {}, { type: 'refund', refunds: 'b-2', donor: null, message: null });
    await approve(await give('n-1', '20.00', { name: 'SECRET-ANON-1', anonymous: true }));
    await give('n-2', '25.00', { name: 'SECRET-ANON-2', anonymous: true });
    const pending = await give('p-1', '500.00', { name: 'PENDING-PAT' });
    await give('d-1', '700.00', { name: 'DENIED-DAN' }).then((id) => t.api('POST', `/api/donations/${id}/screen`, { decision: 'deny' }));

    const expected = ['1 Amira 100.00', '2 Anonymous 45.00', '3 Bruno 30.00'];
    await until('the board', async () => places(overlay.board()), (p) => JSON.stringify(p) === JSON.stringify(expected));

    // Pat's donation is approved: Pat goes to the top, live.
    await approve(pending);
    await until('Pat on the board', async () => places(overlay.board())[0], (first) => first === '1 PENDING-PAT 500.00');

    const seen = overlay.frames.join('\n');
    assert.doesNotMatch(seen, /SECRET-ANON|DENIED-DAN/);
    // Before the approval, no frame carried the pending name.
    const firstWithPat = overlay.frames.findIndex((f) => f.includes('PENDING-PAT'));
    assert.ok(overlay.frames.slice(0, firstWithPat).every((f) => !f.includes('"leaders"') || !f.includes('PENDING-PAT')));
    const fresh = await watchBoard(t);
    assert.deepEqual(places(fresh.board()), ['1 PENDING-PAT 500.00', '2 Amira 100.00', '3 Anonymous 45.00', '4 Bruno 30.00']);
  });
});
