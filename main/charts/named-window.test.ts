// The named windows (15 min ... whole marathon) against the campaign's start and end: once the
// marathon runs, no window reaches back before its start (issue 18: Charts opened on a 6 h
// window whose first three hours were before the demo began).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CurrencyCode } from '../../shared/currencies.js';
import type { Campaign } from '../campaign/campaign.js';
import { namedWindow } from './series.js';

const HOUR = 3_600_000;
const startsAt = Date.UTC(2026, 11, 2, 3, 0, 0);
const campaign: Campaign = {
  title: 'Test', cause: 'Test', currency: 'EUR' as CurrencyCode, goalMinor: 100_000, milestones: [], startsAt, durationHours: 48, demo: false,
};
const minute = (ms: number) => Math.floor(ms / 60_000);

describe('named chart windows', () => {
  it('start at the campaign start when the campaign began within the window', () => {
    const now = startsAt + 3 * HOUR + 30_000;
    for (const key of ['6h', '24h', 'marathon'] as const) {
      const w = namedWindow(key, campaign, now);
      assert.equal(w.from, minute(startsAt), key);
      assert.equal(w.to, minute(now), key);
      assert.equal(w.live, true);
    }
    // A window shorter than the time since the start keeps its length.
    const hour = namedWindow('1h', campaign, now);
    assert.equal(hour.to - hour.from + 1, 60);
  });

  it('keep their length before the campaign starts (chat warming up) and after it ends (its last hours)', () => {
    const before = namedWindow('6h', campaign, startsAt - HOUR);
    assert.equal(before.to - before.from + 1, 360);
    const ends = startsAt + 48 * HOUR;
    const after = namedWindow('6h', campaign, ends + 5 * HOUR);
    assert.equal(after.to, minute(ends - 1));
    assert.equal(after.to - after.from + 1, 360);
    assert.equal(after.live, false);
  });

  it('without a campaign, end now and keep their length', () => {
    const now = startsAt;
    const w = namedWindow('6h', null, now);
    assert.equal(w.to - w.from + 1, 360);
  });
});
