import { useLiveLoad } from '../../lib/use-live-load.js';
import { useDashboard } from '../store.js';

/** However fast money and chat move, a chart is read again at most this often. */
export const CHART_REFRESH_MS = 4_000;

/** Calls back when the hub moved the minute rollups or the totals (without drawing the tab again). */
const whenMinutesOrTotalsMove = (moved: () => void) =>
  useDashboard.subscribe((state, previous) => {
    if (state.minutes !== previous.minutes || state.totals !== previous.totals) moved();
  });

export interface ChartLoad<T> {
  data: T | null;
  error: string | null;
  /** The answer on screen is for the question asked now (not a previous window). */
  current: boolean;
}

/**
 * Loads with `load` at once whenever `key` changes; then, while `isLive(data)` (a window that
 * ends now), again when the staff hub says minutes or totals moved, at most once per
 * CHART_REFRESH_MS. A fixed past window is never read again. The latest answer wins.
 */
export function useChartLoad<T>(key: string, load: () => Promise<T>, isLive: (data: T) => boolean): ChartLoad<T> {
  const { data, error, current } = useLiveLoad(key, load, { gapMs: CHART_REFRESH_MS, subscribe: whenMinutesOrTotalsMove, stillLive: isLive });
  return { data, error, current };
}
