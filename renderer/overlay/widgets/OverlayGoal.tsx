import { useLayoutEffect, useRef } from 'react';
import { GoalBar } from '../GoalBar.js';
import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { useOverlayLocale } from '../words.js';

/** The title's largest and smallest size, in rem; it wraps to two lines before it shrinks. */
const TITLE_REM = { largest: 1.8, smallest: 1.1, step: 0.05 } as const;
const TITLE_LINES = 2;

/**
 * A long campaign title fits whole: it wraps onto a second line, then gets smaller step by step
 * until it fits in two. Only a title that does not fit at the smallest size is cut, at the end
 * of the second line with an ellipsis (the CSS line clamp).
 */
function GoalTitle({ title, scale }: { title: string; scale: number }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const fit = () => {
      element.classList.add('measuring');
      let rem: number = TITLE_REM.largest;
      for (; rem > TITLE_REM.smallest; rem -= TITLE_REM.step) {
        element.style.fontSize = `${rem}rem`;
        const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
        if (element.scrollHeight <= lineHeight * TITLE_LINES + 1) break;
      }
      element.style.fontSize = `${Math.max(rem, TITLE_REM.smallest)}rem`;
      element.classList.remove('measuring');
      element.dataset.fit = rem.toFixed(2);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element.parentElement ?? element);
    return () => observer.disconnect();
  }, [title, scale]);
  // dir="auto": a title in Arabic or Hebrew reads right-to-left without reordering what is beside it.
  return <span className="goal-title" ref={ref} data-testid="goal-title" dir="auto">{title}</span>;
}

/** The goal bar alone, with the amount raised beside the campaign's title. */
export function OverlayGoal({ options }: { options: OverlayOptions }) {
  const totals = useOverlay((s) => s.totals);
  const campaign = useOverlay((s) => s.campaign);
  const { locale } = useOverlayLocale();
  if (!totals || !campaign) return null;
  return (
    <div className="overlay-goal card" data-testid="goal-widget">
      <div className="goal-head ov-text">
        <GoalTitle title={campaign.title} scale={options.scale} />
        <span className="goal-raised" data-testid="goal-raised">{overlayAmount(totals.raised, options, locale)}</span>
      </div>
      <GoalBar campaign={campaign} totals={totals} options={options} />
    </div>
  );
}
