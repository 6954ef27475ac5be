import { MAX_WINDOW_MINUTES } from '../../shared/charts.js';
import { type Result, fail, ok } from '../../shared/result.js';
import { type ChartWindow, fixedWindow } from './series.js';

/**
 * The one rule for a window asked by time (charts, chat statistics, a target's minutes): `to` not
 * before `from`, and at most MAX_WINDOW_MINUTES (the longest campaign, 14 days) between them.
 * The route's schema has already read the times (ISO-8601 with a four-digit year). Work per
 * request is then bounded whatever is asked: a window far from the marathon is cheap (nothing
 * is stored there), and a wide one is refused before anything is read. A missing time takes its
 * default; a default `from` that would make the window too long is moved forward to fit (only
 * what the caller asked for is refused).
 */
export function requestedWindow(
  asked: { fromMs?: number | undefined; toMs?: number | undefined },
  defaults: { fromMs: number; toMs: number },
  now: number,
): Result<ChartWindow> {
  const to = asked.toMs ?? defaults.toMs;
  const from = asked.fromMs ?? Math.max(defaults.fromMs, to - (MAX_WINDOW_MINUTES - 1) * 60_000);
  if (to < from) return fail('to must not be before from');
  const window = fixedWindow(from, to, now);
  if (window.to - window.from + 1 > MAX_WINDOW_MINUTES) {
    return fail(`a window may span at most ${MAX_WINDOW_MINUTES / 1440} days (the longest campaign); ask for a shorter one`);
  }
  return ok(window);
}
