import { useEffect, useRef, useState } from 'react';
import { failureMessage } from '../../lib/api.js';
import { useDashboard } from '../store.js';

/** However fast money and chat move, a chart is read again at most this often. */
export const CHART_REFRESH_MS = 4_000;

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
  const minutes = useDashboard((s) => s.minutes);
  const totals = useDashboard((s) => s.totals);
  const [answer, setAnswer] = useState<{ key: string; data: T } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const liveRef = useRef(isLive);
  liveRef.current = isLive;
  const state = useRef({ lastRun: 0, timer: null as ReturnType<typeof setTimeout> | null, asked: 0, alive: true, key, live: false });
  state.current.key = key;

  const run = () => {
    const s = state.current;
    s.timer = null;
    s.lastRun = Date.now();
    s.asked += 1;
    const ticket = s.asked;
    const askedKey = s.key;
    loadRef
      .current()
      .then((data) => {
        if (!s.alive || ticket !== s.asked) return;
        s.live = liveRef.current(data);
        setAnswer({ key: askedKey, data });
        setError(null);
      })
      .catch((failure: unknown) => {
        if (s.alive && ticket === s.asked) setError(failureMessage(failure));
      });
  };

  useEffect(() => {
    const s = state.current;
    s.alive = true;
    return () => {
      s.alive = false;
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    };
  }, []);

  useEffect(() => {
    const s = state.current;
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.live = false;
    run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    const s = state.current;
    if (s.lastRun === 0 || !s.live || s.timer) return;
    s.timer = setTimeout(run, Math.max(0, s.lastRun + CHART_REFRESH_MS - Date.now()));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minutes, totals]);

  return { data: answer?.data ?? null, error, current: answer?.key === key };
}
