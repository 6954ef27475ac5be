import { amountMinor, displayAmount, minorAmount } from '../lib/format.js';
import { goalProgress } from '../lib/goal.js';
import { useOverlay } from './store.js';
import { useCountUp } from './use-count-up.js';

export interface TotalOptions {
  /** Show the goal bar under the number (`goal=0` hides it). */
  showGoal: boolean;
}

/** The total widget: the number viewers watch, readable over any game footage. */
export function OverlayTotal({ showGoal }: TotalOptions) {
  const totals = useOverlay((s) => s.totals);
  const campaign = useOverlay((s) => s.campaign);
  const currency = totals?.raised.currency ?? campaign?.currency ?? 'EUR';
  const exactMinor = totals ? amountMinor(totals.raised) : null;
  const shownMinor = useCountUp(exactMinor);
  const shown = shownMinor === null ? null : minorAmount(shownMinor, currency);
  if (!totals) return null;
  const progress = campaign ? goalProgress(totals.raised, campaign.goal, campaign.milestones) : null;

  return (
    <div className="overlay-total">
      <div className="amount" data-testid="overlay-total" data-value={totals.raised.value} data-currency={currency}>
        {displayAmount(shown ?? totals.raised)}
      </div>
      {showGoal && campaign && progress && (
        <div className="goal" data-testid="overlay-goal">
          <div className="bar">
            <div className="fill" style={{ width: `${progress.fraction * 100}%` }} />
            {progress.ticks.map((tick) => (
              <div key={`${tick.amount.value}-${tick.label}`} className={`tick${tick.passed ? ' passed' : ''}`} style={{ left: `${tick.at * 100}%` }} />
            ))}
          </div>
          <div className="goal-text">
            {Math.floor(progress.fraction * 100)}% of {displayAmount(campaign.goal)}
            {progress.next && <span className="next"> · next: {progress.next.label}</span>}
          </div>
        </div>
      )}
    </div>
  );
}
