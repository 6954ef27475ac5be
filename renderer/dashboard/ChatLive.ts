import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import { failureMessage } from '../lib/api.js';
import { useDashboard } from './store.js';

export const CHAT_WINDOWS = [
  { key: '15m', label: '15 min', minutes: 15 },
  { key: '1h', label: '1 h', minutes: 60 },
  { key: '6h', label: '6 h', minutes: 360 },
  { key: 'all', label: 'Whole marathon', minutes: null },
] as const;
export type ChatWindowKey = (typeof CHAT_WINDOWS)[number]['key'];

/** What the chat panels look at: one channel (a source id) or all, and a window of time. */
export const useChatView = create<{ source: string | null; window: ChatWindowKey }>()(() => ({ source: null, window: '1h' }));

/** At most one reload a second, however fast chat arrives. */
const MIN_GAP_MS = 1_000;

/**
 * Loads with `load` now and again whenever `key` changes or the staff hub says chat arrived
 * (its minute rollups moved) or was cleared: throttled to one load per MIN_GAP_MS, latest
 * answer wins. The data stays on screen while a reload runs.
 */
export function useLiveChatLoad<T>(key: string, load: () => Promise<T>): { data: T | null; error: string | null; reload(): void } {
  const minutes = useDashboard((s) => s.minutes);
  const cleared = useDashboard((s) => s.chatCleared);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const state = useRef({ lastRun: 0, timer: null as ReturnType<typeof setTimeout> | null, asked: 0, alive: true });

  const run = () => {
    const s = state.current;
    s.timer = null;
    s.lastRun = Date.now();
    s.asked += 1;
    const ticket = s.asked;
    loadRef
      .current()
      .then((value) => {
        if (s.alive && ticket === s.asked) {
          setData(value);
          setError(null);
        }
      })
      .catch((failure: unknown) => {
        if (s.alive && ticket === s.asked) setError(failureMessage(failure));
      });
  };

  const schedule = () => {
    const s = state.current;
    if (s.timer) return;
    const wait = Math.max(0, s.lastRun + MIN_GAP_MS - Date.now());
    s.timer = setTimeout(run, wait);
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

  // A new question (window, channel) is asked at once, and its answer replaces the old one.
  useEffect(() => {
    const s = state.current;
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    setData(null);
    run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    if (state.current.lastRun > 0) schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minutes, cleared]);

  return { data, error, reload: schedule };
}
