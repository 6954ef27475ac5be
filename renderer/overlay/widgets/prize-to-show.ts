import type { PublicPrizeView } from '../../../shared/prizes.js';

/** How long after a draw its winners take the widget over from the prize to win. */
export const WINNERS_FIRST_MS = 10 * 60_000;

export type PrizePhase = 'upcoming' | 'open' | 'closed' | 'drawn';

/**
 * Which prize the widget shows now, and in which phase: winners just drawn (the last ten
 * minutes) first, so the streamer can read them on air; then the prize open now that closes
 * soonest; then one whose window closed and waits for its draw; then the next to open; then
 * the last drawn.
 */
export function prizeToShow(prizes: readonly PublicPrizeView[], now: number): { prize: PublicPrizeView; phase: PrizePhase } | null {
  const at = (iso: string) => Date.parse(iso);
  const drawn = prizes.filter((p) => p.state === 'drawn' && p.drawn_at !== null).sort((a, b) => at(b.drawn_at!) - at(a.drawn_at!));
  const latest = drawn[0];
  if (latest && now - at(latest.drawn_at!) < WINNERS_FIRST_MS) return { prize: latest, phase: 'drawn' };
  const open = prizes.filter((p) => p.state === 'open');
  const live = open.filter((p) => at(p.opens_at) <= now && now < at(p.closes_at)).sort((a, b) => at(a.closes_at) - at(b.closes_at))[0];
  if (live) return { prize: live, phase: 'open' };
  const closed = open.filter((p) => at(p.closes_at) <= now).sort((a, b) => at(b.closes_at) - at(a.closes_at))[0];
  if (closed) return { prize: closed, phase: 'closed' };
  const upcoming = open.filter((p) => now < at(p.opens_at)).sort((a, b) => at(a.opens_at) - at(b.opens_at))[0];
  if (upcoming) return { prize: upcoming, phase: 'upcoming' };
  return latest ? { prize: latest, phase: 'drawn' } : null;
}
