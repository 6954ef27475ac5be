// The owner's first steps against a real core on 127.0.0.1 (SQLite in a temporary folder, real
// socket.io clients): each step ticks from what the app holds, live on the owner's socket only,
// and dismissing is kept in the database across a restart.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { OVERLAY_NAMESPACE, STAFF_NAMESPACE, type SequencedBatch, type StaffChange, type StaffSnapshot, unbatch } from '../../shared/contract.js';
import type { ChecklistView } from '../../shared/views.js';
import { type TestCore, TEST_TOKEN, startTestCore, tempDir } from '../testing/harness.js';
import { until } from '../testing/until.js';

const sockets: Socket[] = [];
const cores: TestCore[] = [];
after(async () => {
  for (const socket of sockets) socket.close();
  for (const core of cores) await core.close();
});

function connect(t: TestCore, namespace: string, auth: Record<string, string>) {
  const socket = io(`${t.core.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  const events: { event: string; payload: unknown }[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  const checklists = () =>
    events
      .filter((e) => e.event === 'changes')
      .flatMap((e) => unbatch(e.payload as SequencedBatch<StaffChange>))
      .flatMap(({ change }) => (change.type === 'checklist' ? [change.checklist] : []));
  const snapshot = () => events.find((e) => e.event === 'snapshot')?.payload as StaffSnapshot | undefined;
  return new Promise<{ socket: Socket; snapshot: typeof snapshot; checklists: typeof checklists }>((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, snapshot, checklists }));
    socket.once('connect_error', reject);
  });
}

const ticked = (view: ChecklistView | undefined) => view?.steps.filter((s) => s.done).map((s) => s.id) ?? [];

describe('the first-steps checklist', () => {
  it('ticks each step from server state, live on the owner socket, and leaves once all are done', async () => {
    const t = await startTestCore();
    cores.push(t);
    const owner = await connect(t, STAFF_NAMESPACE, { token: TEST_TOKEN });
    await until('the owner snapshot', async () => owner.snapshot(), (s) => s !== undefined);
    assert.deepEqual(ticked(owner.snapshot()?.checklist ?? undefined), []);
    assert.equal(owner.snapshot()?.checklist?.open, true);

    const moderatorInvite = await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' });
    const moderator = await connect(t, STAFF_NAMESPACE, { token: moderatorInvite.body.token });
    await until('the moderator snapshot', async () => moderator.snapshot(), (s) => s !== undefined);
    assert.equal(moderator.snapshot()?.checklist, null, 'moderators do not receive the owner checklist');
    await until('the moderator step ticks', async () => ticked(owner.checklists().at(-1)), (steps) => steps.includes('moderator'));

    // Manual entry, Twitch chat and X posts are no donation source; a signed webhook is.
    t.core.services.sources.ensure('tw', 'twitch', '#relay');
    t.core.services.sources.ensure('xp', 'x', 'X posts');
    t.core.services.checklist.changed();
    assert.deepEqual(ticked(t.core.services.checklist.view()), ['moderator']);
    assert.equal((await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).status, 201);
    await until('the source step ticks', async () => ticked(owner.checklists().at(-1)), (steps) => steps.includes('donation_source'));

    assert.equal((await t.api('POST', '/api/targets', { name: 'YouTube', handles: [], hashtags: ['#YoutubeHelp'], ask: 'Match' })).status, 201);
    await until('the target step ticks', async () => ticked(owner.checklists().at(-1)), (steps) => steps.includes('target'));
    assert.equal(owner.checklists().at(-1)?.open, true);

    // A wrong key is refused and ticks nothing; the right one is an overlay loaded in OBS.
    const key = (await t.api('GET', '/api/overlay')).body.key as string;
    await assert.rejects(connect(t, OVERLAY_NAMESPACE, { key: `${key}x` }));
    assert.equal(t.core.services.checklist.view().steps.find((s) => s.id === 'overlay')?.done, false);
    await connect(t, OVERLAY_NAMESPACE, { key });
    const last = await until('the overlay step ticks', async () => owner.checklists().at(-1), (view) => view?.steps.every((s) => s.done) === true);
    assert.equal(last?.open, false, 'all done: the checklist goes away by itself');
    assert.ok(!moderator.checklists().length, 'no checklist change reached the moderator');

    const answer = await t.api('GET', '/api/checklist');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.open, false);
    assert.equal((await t.api('GET', '/api/checklist', undefined, moderatorInvite.body.token)).status, 403);
  });

  it('ticks the donation source for YouTube, whose Super Chats bring money', async () => {
    const t = await startTestCore();
    cores.push(t);
    assert.deepEqual(ticked(t.core.services.checklist.view()), []);
    t.core.services.sources.ensure('yt', 'youtube', 'YouTube live chat');
    assert.deepEqual(ticked(t.core.services.checklist.view()), ['donation_source']);
  });

  it('is dismissed for good: kept in the database across a restart', async () => {
    const dir = tempDir('telethon-checklist-');
    try {
      const first = await startTestCore({ dir: dir.path });
      const owner = await connect(first, STAFF_NAMESPACE, { token: TEST_TOKEN });
      const dismissed = await first.api('POST', '/api/checklist/dismiss');
      assert.equal(dismissed.status, 200);
      assert.deepEqual({ open: dismissed.body.open, dismissed: dismissed.body.dismissed }, { open: false, dismissed: true });
      await until('the owner hears of it', async () => owner.checklists().at(-1), (view) => view?.dismissed === true);
      owner.socket.close();
      await first.close();

      const again = await startTestCore({ dir: dir.path, withCampaign: false });
      try {
        const view = (await again.api('GET', '/api/checklist')).body as ChecklistView;
        assert.equal(view.dismissed, true);
        assert.equal(view.open, false);
      } finally {
        await again.close();
      }
    } finally {
      dir.remove();
    }
  });
});
