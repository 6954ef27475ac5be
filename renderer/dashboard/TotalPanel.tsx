import { amountMinor, displayAmount, minorAmount } from '../lib/format.js';
import { goalProgress } from '../lib/goal.js';
import { PledgeTotalsLine } from './PledgeValues.js';
import { useDashboard } from './store.js';

/** The number the whole room looks at: raised so far, the goal bar, and the next milestone. */
export function TotalPanel() {
  const campaign = useDashboard((s) => s.campaign);
  const totals = useDashboard((s) => s.totals);
  if (!campaign || !totals) return null;
  const progress = goalProgress(totals.raised, campaign.goal, campaign.milestones, campaign.stretch_goals);
  const toNext = progress.next ? amountMinor(progress.next.amount) : null;
  const raisedMinor = amountMinor(totals.raised);
  const stillNeeded = toNext !== null && raisedMinor !== null ? minorAmount(toNext - raisedMinor, campaign.currency) : null;

  return (
    <div className="panel total-panel">
      <div className="total-label">Raised</div>
      <div className="total" data-testid="total" data-value={totals.raised.value} data-currency={totals.raised.currency}>
        {displayAmount(totals.raised)}
      </div>
      <div className="goal-bar" data-testid="goal-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={Math.round(progress.fraction * 100)} aria-label="Progress to the goal">
        <div className="goal-fill" style={{ width: `${progress.fraction * 100}%` }} />
        {progress.ticks.map((tick) => (
          <div key={`${tick.amount.value}-${tick.label}`} className={`goal-tick${tick.passed ? ' passed' : ''}`}
            style={{ left: `${tick.at * 100}%` }} title={`${displayAmount(tick.amount)}: ${tick.label}`} />
        ))}
      </div>
      <div className="goal-line">
        <span>
          <strong>{Math.floor(progress.fraction * 100)}%</strong> of {displayAmount(progress.target.amount)}
          {progress.target.stretch && <span className="hint"> (stretch goal: {progress.target.label})</span>}
          {progress.goalReached && <span className="badge good">Goal reached</span>}
        </span>
        <span data-testid="donation-count">
          <strong>{totals.donations.toLocaleString('en')}</strong> {totals.donations === 1 ? 'donation' : 'donations'}
        </span>
      </div>
      <PledgeTotalsLine />
      {progress.next && (
        <div className="next-milestone" data-testid="next-milestone">
          Next milestone: <strong>{progress.next.label}</strong> at {displayAmount(progress.next.amount)}
          {stillNeeded && <span className="hint"> · {displayAmount(stillNeeded)} to go</span>}
        </div>
      )}
    </div>
  );
}
