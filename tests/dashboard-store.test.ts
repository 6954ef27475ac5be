// The dashboard's store (renderer/dashboard/store.ts, run here in Node): a batch of changes from
// the hub is one update, so subscribers (and React) see a burst of chat minutes and a donation
// with its totals once, and the state it leaves is the one the changes one by one leave.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StaffChange } from '../shared/contract.js';
import type { MinutePoint, SourceView } from '../shared/views.js';
import { useDashboard } from '../renderer/dashboard/store.js';

const minute = (iso: string, messages: number): MinutePoint => ({ minute: iso, raised_minor: 0, donations: 0, messages, chatters: 1 });
const source = (events: number): SourceView => ({
  id: 'demo',
  kind: 'demo',
  name: 'Demo chat',
  status: 'connected',
  last_event_at: new Date(Date.UTC(2026, 10, 6, 18, events)).toISOString(),
  last_error: null,
  last_error_at: null,
  rejected: 0,
  events,
  hook_path: null,
});

const BURST: StaffChange[] = [
  { type: 'minutes', points: [minute('2026-11-06T18:00:00.000Z', 3)] },
  { type: 'source', source: source(3) },
  { type: 'minutes', points: [minute('2026-11-06T18:00:00.000Z', 5), minute('2026-11-06T18:01:00.000Z', 1)] },
  { type: 'source', source: source(6) },
  { type: 'chat_hidden', source_id: 'demo' },
];

/** The parts of the state the burst moves, comparable across runs. */
const picture = () => {
  const s = useDashboard.getState();
  return { minutes: [...s.minutes.values()], sources: s.sources, chatCleared: s.chatCleared };
};

const fresh = { minutes: new Map(), sources: [], chatCleared: 0 };

describe('hub batches in the dashboard store', () => {
  it('apply a batch as one update that leaves the state the changes one by one leave', () => {
    useDashboard.setState(fresh);
    for (const change of BURST) useDashboard.getState().applyChange(change);
    const oneByOne = picture();

    useDashboard.setState(fresh);
    let updates = 0;
    const unsubscribe = useDashboard.subscribe(() => {
      updates += 1;
    });
    useDashboard.getState().applyChanges(BURST);
    unsubscribe();

    assert.equal(updates, 1, 'subscribers are told once for the whole batch');
    assert.deepEqual(picture(), oneByOne);
    assert.deepEqual(picture().minutes.map((p) => p.messages), [5, 1], 'the later minute point wins');
    assert.equal(picture().sources[0]?.events, 6);
    assert.equal(picture().chatCleared, 1);
  });

  it('count a move of chat only when a minute\'s chat count moved, not its money', () => {
    useDashboard.setState({ ...fresh, chatMoves: 0 });
    const store = useDashboard.getState();
    store.applyChange({ type: 'minutes', points: [minute('2026-11-06T18:00:00.000Z', 3)] });
    assert.equal(useDashboard.getState().chatMoves, 1);
    store.applyChange({ type: 'minutes', points: [{ ...minute('2026-11-06T18:00:00.000Z', 3), raised_minor: 2_500, donations: 1 }] });
    assert.equal(useDashboard.getState().chatMoves, 1, 'a donation moved only the money of the minute');
    assert.equal(useDashboard.getState().minutes.size, 1);
    store.applyChange({ type: 'minutes', points: [minute('2026-11-06T18:00:00.000Z', 4)] });
    assert.equal(useDashboard.getState().chatMoves, 2);
  });
});
