// Which prize the overlay's prize widget shows, and in which phase (a pure function of the
// public prize list and the time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublicPrizeView } from '../shared/prizes.js';
import { WINNERS_FIRST_MS, prizeToShow } from '../renderer/overlay/widgets/prize-to-show.js';

const H = 3_600_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
function prize(id: number, opens: number, closes: number, drawnAt: number | null = null): PublicPrizeView {
  return {
    id, title: `Prize ${id}`, rules: '', minimum: { value: '10.00', currency: 'EUR' }, opens_at: iso(opens), closes_at: iso(closes), winners: 1,
    state: drawnAt === null ? 'open' : 'drawn', entries: 3, drawn_at: drawnAt === null ? null : iso(drawnAt), winners_drawn: [],
  };
}

describe('the prize widget', () => {
  it('shows fresh winners first, then the open prize closing soonest, then one waiting for its draw, then the next, then the last drawn', () => {
    const drawnLongAgo = prize(1, NOW - 5 * H, NOW - 4 * H, NOW - 3 * H);
    const openLate = prize(2, NOW - H, NOW + 3 * H);
    const openSoon = prize(3, NOW - H, NOW + H);
    const closed = prize(4, NOW - 2 * H, NOW - H / 2);
    const upcoming = prize(5, NOW + H, NOW + 2 * H);
    assert.deepEqual(pick([drawnLongAgo, openLate, openSoon, closed, upcoming]), [3, 'open']);
    assert.deepEqual(pick([drawnLongAgo, closed, upcoming]), [4, 'closed']);
    assert.deepEqual(pick([drawnLongAgo, upcoming]), [5, 'upcoming']);
    assert.deepEqual(pick([drawnLongAgo]), [1, 'drawn']);
    const justDrawn = prize(6, NOW - 2 * H, NOW - H, NOW - 60_000);
    assert.deepEqual(pick([openSoon, justDrawn]), [6, 'drawn']);
    const drawnEarlier = prize(7, NOW - 2 * H, NOW - H, NOW - WINNERS_FIRST_MS - 1);
    assert.deepEqual(pick([openSoon, drawnEarlier]), [3, 'open']);
    assert.equal(prizeToShow([], NOW), null);
    // The window's end is excluded: at closes_at the prize waits for its draw.
    assert.deepEqual(pick([prize(8, NOW - H, NOW)]), [8, 'closed']);
  });
});

function pick(prizes: PublicPrizeView[]): [number, string] | null {
  const shown = prizeToShow(prizes, NOW);
  return shown && [shown.prize.id, shown.phase];
}
