import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrashPolicy } from './crash-policy.js';

describe('CrashPolicy', () => {
  it('restarts at once, then backs off, and announces five stops within two minutes once', () => {
    const policy = new CrashPolicy();
    const seen = [0, 1_000, 2_000, 4_000, 8_000, 16_000, 50_000, 90_000].map((t) => policy.stopped(t));
    assert.deepEqual(seen.map((s) => s.delayMs), [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);
    assert.deepEqual(seen.map((s) => s.loop), [false, false, false, false, true, false, false, false]);
  });

  it('forgets stops older than two minutes, and starts afresh after two healthy minutes', () => {
    const policy = new CrashPolicy();
    for (const t of [0, 1_000, 2_000, 3_000]) policy.stopped(t);
    assert.equal(policy.stopped(200_000).recent, 1, 'the four old stops are outside the window');
    for (const t of [201_000, 202_000, 203_000]) policy.stopped(t);
    assert.equal(policy.stopped(204_000).loop, true);
    policy.healthyFor(150_000);
    const next = policy.stopped(400_000);
    assert.deepEqual(next, { delayMs: 250, loop: false, recent: 1 });
  });
});
