import { useEffect, useRef, useState } from 'react';

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

/**
 * `value`, passed on at most once per `gapMs` (the latest one, at the end of the gap): for a
 * chart fed by a store that changes several times a second, where a redraw every couple of
 * seconds reads the same and costs a fraction.
 */
export function useThrottled<T>(value: T, gapMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = last.current + gapMs - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, gapMs]);
  return shown;
}
