import { useEffect, useRef, useState } from 'react';

const DURATION_MS = 900;

/**
 * Shows `target` (integer minor units); when it changes, counts up (or down) to it once, in under
 * a second, then stops. The first value is shown at once: no count-up on page load or reconnect.
 */
export function useCountUp(target: number | null): number | null {
  const [shown, setShownState] = useState(target);
  const onScreen = useRef(target);
  const setShown = (value: number) => {
    onScreen.current = value;
    setShownState(value);
  };

  useEffect(() => {
    if (target === null) return;
    // A change during a count-up continues from the number on screen, without a jump.
    const start = onScreen.current;
    if (start === null || start === target || matchMedia('(prefers-reduced-motion: reduce)').matches) {
      setShown(target);
      return;
    }
    const began = performance.now();
    let frame = 0;
    const step = (time: number) => {
      const t = Math.min(1, (time - began) / DURATION_MS);
      const eased = 1 - (1 - t) ** 3;
      // Only the frames in between are rounded; the last frame is the exact target.
      setShown(t >= 1 ? target : start + Math.round((target - start) * eased));
      if (t < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [target]);

  return shown;
}
