// The charts' axes (renderer/dashboard/charts/axes.ts, plain TypeScript): the money axis starts at
// 0 unless a bucket really lost money, and then goes only as deep as it did (issue 18: one refund
// flipped the axis to -10,000...10,000); time ticks fall on round local times, a handful of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timeTicks, valueAxis } from '../renderer/dashboard/charts/axes.js';

describe('the value axis', () => {
  it('starts at 0 with a round top when nothing is negative', () => {
    assert.deepEqual(valueAxis([12, 31, 190], false), { domain: [0, 200], ticks: [0, 100, 200] });
    assert.deepEqual(valueAxis([0, 0], true), { domain: [0, 4], ticks: [0] });
    assert.deepEqual(valueAxis([1, 2], true), { domain: [0, 2], ticks: [0, 1, 2] });
  });

  it('goes below 0 only as deep as a bucket did, on the positive side\'s step', () => {
    // Recharts' own nice ticks for these would be [-5000, 0, 5000, 10000].
    const small = valueAxis([31, 10_000, -31], false);
    assert.deepEqual(small.ticks, [0, 5_000, 10_000]);
    assert.deepEqual(small.domain, [-31, 10_000]);
    // A refund larger than any bucket's donations: the axis reaches it, and no further up than the data.
    const large = valueAxis([31, 62, -300], false);
    assert.equal(large.domain[0], -300);
    assert.equal(Math.max(...large.ticks), 100);
    assert.ok(large.ticks.includes(0));
  });

  it('keeps integer steps for counts and never labels "-0"', () => {
    const axis = valueAxis([0.2, 1.4], true);
    assert.ok(axis.ticks.every((t) => Number.isInteger(t) && !Object.is(t, -0)));
  });
});

describe('time ticks', () => {
  const starts = (fromMs: number, count: number, stepMinutes: number) =>
    Array.from({ length: count }, (_, i) => new Date(fromMs + i * stepMinutes * 60_000).toISOString());

  it('label about six round local times, each one of the chart\'s own starts', () => {
    for (const [count, step] of [[181, 1], [360, 1], [960, 3], [576, 5], [60, 1], [15, 1]] as const) {
      // Buckets start on multiples of their width, as the core makes them.
      const from = Math.floor(Date.UTC(2026, 11, 2, 3, 43) / (step * 60_000)) * step * 60_000;
      const all = starts(from, count, step);
      const ticks = timeTicks(all, step);
      assert.ok(ticks.length >= 1 && ticks.length <= 8, `${count}×${step}: ${ticks.length} ticks`);
      for (const t of ticks) {
        assert.ok(all.includes(t));
        const date = new Date(t);
        const localMinute = date.getTime() / 60_000 - date.getTimezoneOffset();
        assert.equal(localMinute % 5, 0, `${t} is not on a round time`);
      }
    }
  });

  it('fall back to every n-th start when none is on a round time', () => {
    const all = starts(Date.UTC(2026, 11, 2, 3, 43), 100, 7);
    const ticks = timeTicks(all, 7);
    assert.ok(ticks.length >= 1 && ticks.length <= 8, `${ticks.length} ticks`);
    assert.ok(ticks.every((t) => all.includes(t)));
  });

  it('answer nothing for an empty chart', () => {
    assert.deepEqual(timeTicks([], 1), []);
  });
});
