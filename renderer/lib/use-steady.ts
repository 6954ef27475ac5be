import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * `next`, or the array given before when every item is the same by `same`: a chart memoised on
 * its rows then redraws only when its points moved, not each time the data around it was read
 * again (money often stays still for minutes while chat moves every second).
 */
export function useSteadyRows<R>(next: R[], same: (a: R, b: R) => boolean): R[] {
  const held = useRef(next);
  const previous = held.current;
  if (previous !== next && (previous.length !== next.length || previous.some((row, i) => !same(row, next[i] as R)))) held.current = next;
  return held.current;
}

/** The part of a zustand store the hook below reads. */
interface Followable<S> {
  getState(): S;
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

/**
 * `select(store state)`, passed on at most once per `gapMs` (the latest, at the end of the gap),
 * read by a subscription: unlike `useThrottled(useStore(select))`, the caller is not drawn again
 * at every change of the store, only when the value it shows moves on.
 */
export function useThrottledStore<S, T>(store: Followable<S>, select: (state: S) => T, gapMs: number): T {
  const [shown, setShown] = useState(() => select(store.getState()));
  const selectRef = useRef(select);
  selectRef.current = select;
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = () => {
      timer = null;
      last = Date.now();
      // A transition: React draws it in slices that yield to input and frames (a chart's redraw
      // would otherwise be one long task).
      startTransition(() => setShown(() => selectRef.current(store.getState())));
    };
    show();
    const unsubscribe = store.subscribe((state, previous) => {
      if (timer || Object.is(selectRef.current(state), selectRef.current(previous))) return;
      timer = setTimeout(show, Math.max(0, last + gapMs - Date.now()));
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, gapMs]);
  return shown;
}

/**
 * `value`, passed on `turn` animation frames after it changed (0: at once), and until then the
 * one before (`before` at first). Charts that redraw from one answer take turns: Recharts draws
 * each chart in the next animation frame, so charts updated together would all be drawn in one
 * long task; in turns, each is drawn in a frame of its own.
 */
export function useInTurn<T>(value: T, turn: number, before: T = value): T {
  const [shown, setShown] = useState(turn === 0 ? value : before);
  useEffect(() => {
    if (turn === 0 || Object.is(value, shown)) return;
    let frames = turn;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // After the frame: a task of its own, not the end of the frame that drew the chart before,
    // and a transition, drawn in slices.
    const step = () => {
      frames -= 1;
      if (frames > 0) frame = requestAnimationFrame(step);
      else timer = setTimeout(() => startTransition(() => setShown(() => value)), 0);
    };
    frame = requestAnimationFrame(step);
    return () => {
      cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    };
  }, [value, shown, turn]);
  return turn === 0 ? value : shown;
}
