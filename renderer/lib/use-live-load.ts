import { startTransition, useEffect, useRef, useState } from 'react';
import { failureMessage } from './api.js';

export interface LiveLoad<T> {
  /** The latest answer, possibly to the previous question while the new one is on its way. */
  data: T | null;
  error: string | null;
  /** `data` answers the question asked now (`key`), not a previous one. */
  current: boolean;
  /** Asks again, within the same throttle. */
  reload(): void;
}

/**
 * Loads with `load` at once whenever `key` changes (a new question), and again when any of
 * `triggers` changes or `subscribe` calls back (the hub says something moved), at most once per `gapMs`, and only while
 * `stillLive(answer)` holds (a window that ends now; a fixed past window is never read again).
 * The latest answer wins; an answer to an older question is dropped.
 */
export function useLiveLoad<T>(
  key: string,
  load: () => Promise<T>,
  options: {
    gapMs: number;
    /** Values that say something moved when they change (each change re-renders the caller). */
    triggers?: readonly unknown[];
    /**
     * Or a subscription that calls back when something moved, without re-rendering the caller:
     * for stores that change several times a second while the answer is read at most once per gap.
     */
    subscribe?: (moved: () => void) => () => void;
    stillLive?: (data: T) => boolean;
  },
): LiveLoad<T> {
  const [answer, setAnswer] = useState<{ key: string; data: T } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const liveRef = useRef(options.stillLive);
  liveRef.current = options.stillLive;
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
        s.live = liveRef.current ? liveRef.current(data) : true;
        // A transition: what the answer redraws (charts, lists) is drawn in slices that yield.
        startTransition(() => {
          setAnswer({ key: askedKey, data });
          setError(null);
        });
      })
      .catch((failure: unknown) => {
        if (!s.alive || ticket !== s.asked) return;
        // Asked again at the next change, within the throttle: the app may be back by then.
        s.live = true;
        setError(failureMessage(failure));
      });
  };

  const schedule = () => {
    const s = state.current;
    if (s.lastRun === 0 || !s.live || s.timer) return;
    s.timer = setTimeout(run, Math.max(0, s.lastRun + options.gapMs - Date.now()));
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

  // A new question is asked at once.
  useEffect(() => {
    const s = state.current;
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.live = false;
    run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(schedule, options.triggers ?? []);
  const subscribe = options.subscribe;
  const scheduleRef = useRef(schedule);
  scheduleRef.current = schedule;
  useEffect(() => subscribe?.(() => scheduleRef.current()), [subscribe]);

  return { data: answer?.data ?? null, error, current: answer?.key === key, reload: schedule };
}
