import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instantOfWallTime, wallTimeIn } from './time-zone.js';

const iso = (wall: string, zone: string) => {
  const at = instantOfWallTime(wall, zone);
  return at === null ? null : new Date(at).toISOString();
};

describe('times typed on the campaign\'s clock', () => {
  it('reads a wall time in the campaign zone, whatever zone runs the code', () => {
    assert.equal(iso('2026-12-03T21:00', 'Europe/Paris'), '2026-12-03T20:00:00.000Z');
    assert.equal(iso('2026-07-03T21:00', 'Europe/Paris'), '2026-07-03T19:00:00.000Z');
    assert.equal(iso('2026-12-03T21:00', 'Asia/Tokyo'), '2026-12-03T12:00:00.000Z');
    assert.equal(iso('2026-12-03T21:00', 'America/New_York'), '2026-12-04T02:00:00.000Z');
    assert.equal(iso('2026-12-03T21:00', 'Asia/Kolkata'), '2026-12-03T15:30:00.000Z');
    assert.equal(iso('2026-12-03T21:00:30', 'UTC'), '2026-12-03T21:00:30.000Z');
  });

  it('takes a skipped hour at the offset from before the change, and the first of a repeated one', () => {
    assert.equal(iso('2026-03-29T02:30', 'Europe/Paris'), '2026-03-29T01:30:00.000Z');
    assert.equal(iso('2026-10-25T02:30', 'Europe/Paris'), '2026-10-25T00:30:00.000Z');
    assert.equal(iso('2026-03-08T02:30', 'America/New_York'), '2026-03-08T07:30:00.000Z');
    assert.equal(iso('2026-11-01T01:30', 'America/New_York'), '2026-11-01T05:30:00.000Z');
  });

  it('refuses what is not a wall time', () => {
    for (const bad of ['', '2026-02-30T21:00', '2026-12-03 21:00', '2026-12-03T24:00', '2026-12-03T21:60', '21:00']) {
      assert.equal(instantOfWallTime(bad, 'UTC'), null, bad);
    }
  });

  it('shows an instant as the campaign zone\'s wall time, to the minute, both ways', () => {
    const at = Date.parse('2026-12-03T20:00:45.500Z');
    assert.equal(wallTimeIn(at, 'Europe/Paris'), '2026-12-03T21:00');
    assert.equal(wallTimeIn(at, 'Asia/Tokyo'), '2026-12-04T05:00');
    for (const zone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      for (let hour = 0; hour < 24 * 400; hour += 7) {
        const instant = Date.UTC(2026, 0, 1) + hour * 3_600_000;
        const back = instantOfWallTime(wallTimeIn(instant, zone), zone);
        // Only the repeated hour of autumn may read back as its first instance.
        if (back !== instant) assert.ok(back !== null && instant - back > 0 && instant - back <= 3_600_000, `${zone} ${new Date(instant).toISOString()}`);
      }
    }
  });
});
