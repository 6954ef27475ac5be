import type { PublicIncentiveView } from '../../../shared/incentives.js';
import { fill } from '../../../shared/locales/index.js';
import { amountMinor } from '../../lib/format.js';
import { Isolated } from '../../lib/isolated.js';
import { useNow } from '../../lib/use-now.js';
import { overlayAmount, spanWords } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { useOverlayLocale } from '../words.js';

/** The incentives on stream now: those of the segment on now and those of the whole campaign (no segment). */
export function currentIncentives(incentives: PublicIncentiveView[], currentSegment: number | null): PublicIncentiveView[] {
  return incentives.filter((i) => i.segment_id === null || i.segment_id === currentSegment);
}

/**
 * Incentive bars: each incentive of the segment on now with its money toward its goal, "met!"
 * once reached, and the time left before its deadline. Names are text, never HTML.
 */
export function OverlayIncentives({ options }: { options: OverlayOptions }) {
  const incentives = useOverlay((s) => s.incentives);
  const current = useOverlay((s) => s.schedule.current_id);
  const now = useNow(1_000);
  const { locale, words } = useOverlayLocale();
  const shown = currentIncentives(incentives, current)
    .filter((i) => i.kind === 'incentive' && (i.state === 'open' || i.met_at !== null))
    .slice(0, options.count);
  if (shown.length === 0) return null;
  return (
    <ul className="overlay-incentives card" data-testid="incentive-bars">
      {shown.map((incentive) => {
        const total = amountMinor(incentive.total) ?? 0;
        const goal = incentive.goal ? (amountMinor(incentive.goal) ?? 0) : 0;
        const percent = goal > 0 ? Math.min(100, (total / goal) * 100) : 0;
        const deadline = incentive.deadline ? Date.parse(incentive.deadline) : null;
        return (
          <li key={incentive.id} className={`incentive-row${incentive.met_at ? ' met' : ''}`} data-testid="incentive-bar" data-id={incentive.id} data-total={incentive.total.value}>
            <div className="incentive-line ov-text">
              <Isolated className="incentive-name" testId="incentive-name" text={incentive.name} />
              <span className="incentive-money">
                {overlayAmount(incentive.total, options, locale)}
                {incentive.goal && <> / {overlayAmount(incentive.goal, options, locale)}</>}
              </span>
            </div>
            <div className="bar"><div className="fill" style={{ width: `${percent}%` }} /></div>
            <div className="incentive-sub ov-text">
              {incentive.met_at ? <span className="badge badge-responded">{words.goalMet}</span> : null}
              {incentive.state === 'closed' && !incentive.met_at ? <span className="badge badge-declined">{words.closed}</span> : null}
              {incentive.state === 'open' && deadline !== null && deadline > now ? <span className="incentive-left">{fill(words.timeLeft, { span: spanWords(deadline - now, words) })}</span> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
