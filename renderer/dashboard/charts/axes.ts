/**
 * The charts' axes, computed here rather than by Recharts: given explicit ticks, Recharts neither
 * formats nor measures a label per point to find which fit (over 960 points that took hundreds
 * of milliseconds per redraw), and the money axis keeps 0 at its foot unless a bucket really lost
 * money.
 */

/** Spacing of time ticks in minutes, smallest first: about six labels fit a chart's width. */
const TIME_TICK_MINUTES = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880];
const TIME_TICKS_WANTED = 6;

/**
 * Which of a chart's bucket starts (epoch ms, in order) to label: those on a round local time
 * (every 15 minutes, every hour, every 6 hours...), spaced so about six show.
 */
function roundTicks<T>(values: readonly T[], msOf: (value: T) => number, bucketMinutes: number): T[] {
  const first = values[0];
  const last = values[values.length - 1];
  if (first === undefined || last === undefined) return [];
  const span = (msOf(last) - msOf(first)) / 60_000 + bucketMinutes;
  const every =
    TIME_TICK_MINUTES.find((m) => m % bucketMinutes === 0 && span / m <= TIME_TICKS_WANTED) ??
    Math.max(bucketMinutes, TIME_TICK_MINUTES[TIME_TICK_MINUTES.length - 1] ?? 2880);
  const ticks: T[] = [];
  for (const value of values) {
    const date = new Date(msOf(value));
    // Round in the viewer's local time, the time the labels show.
    const localMinute = date.getTime() / 60_000 - date.getTimezoneOffset();
    if (localMinute % every === 0) ticks.push(value);
  }
  if (ticks.length > 0) return ticks;
  // Buckets that never fall on a round local time (a time zone 45 minutes off the hour): every n-th.
  const nth = Math.ceil(values.length / TIME_TICKS_WANTED);
  return values.filter((_, i) => i % nth === 0);
}

/** The time ticks of a chart keyed by ISO bucket starts: each one of its own starts, as a category axis needs. */
export const timeTicks = (starts: readonly string[], bucketMinutes: number): string[] => roundTicks(starts, Date.parse, bucketMinutes);

export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
}

/** 1, 2, 2.5 or 5 times a power of ten: the smallest at least `rough`. */
function niceStep(rough: number, integers: boolean): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= rough) ?? 10 * power;
  return integers ? Math.max(1, Math.ceil(step)) : step;
}

/**
 * A value axis from 0 to a round top with three or four ticks. It goes below 0 only when a value
 * does (a bucket where refunds outweighed donations), and then only as deep as that value, on
 * the positive side's step: one refund makes a short bar under the line, not a mirror image of
 * the chart.
 */
export function valueAxis(values: Iterable<number>, integers: boolean): ValueAxis {
  let top = 0;
  let bottom = 0;
  for (const v of values) {
    if (v > top) top = v;
    if (v < bottom) bottom = v;
  }
  if (top === 0 && bottom === 0) return { domain: [0, integers ? 4 : 1], ticks: [0] };
  const step = niceStep(Math.max(top, -bottom) / 3, integers);
  const ticks: number[] = [];
  const high = Math.ceil(top / step) * step;
  const low = -Math.floor(-bottom / step) * step;
  // `|| 0`: no "-0" label.
  for (let t = low; t <= high + step / 2; t += step) ticks.push(Math.round(t * 1e6) / 1e6 || 0);
  return { domain: [Math.min(bottom, low), Math.max(high, step)], ticks };
}
