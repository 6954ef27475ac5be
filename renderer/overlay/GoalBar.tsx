import type { OverlayCampaign, OverlayTotals } from '../../shared/contract.js';
import { goalProgress } from '../lib/goal.js';
import { overlayAmount } from './format.js';
import type { OverlayOptions } from './options.js';

/** The bar to the goal with a tick per milestone; under it, how far and the next milestone. */
export function GoalBar({ campaign, totals, options }: { campaign: OverlayCampaign; totals: OverlayTotals; options: OverlayOptions }) {
  const progress = goalProgress(totals.raised, campaign.goal, campaign.milestones);
  const percent = Math.floor(progress.fraction * 100);
  return (
    <div className="goal" data-testid="overlay-goal" data-percent={percent} data-next={progress.next?.label ?? ''}>
      <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="fill" style={{ width: `${progress.fraction * 100}%` }} />
        {progress.ticks.map((tick) => (
          <div key={`${tick.amount.value}-${tick.label}`} className={`tick${tick.passed ? ' passed' : ''}`} style={{ left: `${tick.at * 100}%` }} />
        ))}
      </div>
      <div className="goal-text ov-text">
        <span className="goal-of">
          {progress.reached ? 'Goal reached' : `${percent}% of ${overlayAmount(campaign.goal, options)}`}
        </span>
        {progress.next && (
          <span className="next" data-testid="overlay-next">
            Next: {progress.next.label} · {overlayAmount(progress.next.amount, options)}
          </span>
        )}
      </div>
    </div>
  );
}
