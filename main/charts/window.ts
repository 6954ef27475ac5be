import { MAX_WINDOW_MINUTES } from '../../shared/charts.js';
import { type Result, fail, ok } from '../../shared/result.js';
import { type ChartWindow, fixedWindow } from './series.js';

/**
 * The one rule for a window asked by time (charts, chat statistics, a target's minutes): ISO-8601
 * times with a four-digit year, `to` not before `from`, and at most MAX_WINDOW_MINUTES (the
 * longest campaign, 14 days) between them. Work per request is then bounded whatever is asked:
 * a window far from the marathon is cheap (nothing is stored there), and a wide one is refused
 * before anything is read. A missing time takes its default; a default `from` that would make
 * the window too long is moved forward to fit (only what the caller asked for is refused).
 */
export function requestedWindow(
  asked: { from: string | null; to: string | null },
  defaults: { fromMs: number; toMs: number },
  now: number,
): Result<ChartWindow> {
  const to = asked.to === null ? ok(defaults.toMs) : windowTime(asked.to, 'to');
  if (!to.ok) return to;
  let from: Result<number>;
  if (asked.from === null) from = ok(Math.max(defaults.fromMs, to.value - (MAX_WINDOW_MINUTES - 1) * 60_000));
  else from = windowTime(asked.from, 'from');
  if (!from.ok) return from;
  if (to.value < from.value) return fail('to must not be before from');
  const window = fixedWindow(from.value, to.value, now);
  if (window.to - window.from + 1 > MAX_WINDOW_MINUTES) {
    return fail(`a window may span at most ${MAX_WINDOW_MINUTES / 1440} days (the longest campaign); ask for a shorter one`);
  }
  return ok(window);
}

/** An ISO-8601 time such as "2026-12-01T18:00:00Z", in years 0000–9999 only. */
export function windowTime(text: string, name: string): Result<number> {
  const value = Date.parse(text);
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || !Number.isFinite(value)) {
    return fail(`${name} must be an ISO-8601 time such as "2026-12-01T18:00:00Z"`);
  }
  return ok(value);
}
