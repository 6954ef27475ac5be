import type { OverlayCampaign, OverlayTotals } from '../../shared/contract.js';
import { goalProgress } from '../lib/goal.js';
import { overlayAmount } from './format.js';
import type { OverlayOptions } from './options.js';
import { Isolated } from '../lib/isolated.js';
import { countIn } from '../lib/format.js';
import { Sentence, useOverlayLocale } from './words.js';

/**
 * The bar to the goal with a tick per milestone; under it, how far and the next milestone. Once
 * the goal is passed the bar runs to the next stretch goal; "Goal reached" stands alone only when
 * there is none left.
 */
export function GoalBar({ campaign, totals, options }: { campaign: OverlayCampaign; totals: OverlayTotals; options: OverlayOptions }) {
  const progress = goalProgress(totals.raised, campaign.goal, campaign.milestones, campaign.stretch_goals);
  const percent = Math.floor(progress.fraction * 100);
  const { locale, words } = useOverlayLocale();
  const of = <Sentence template={words.percentOf} values={{ percent: countIn(locale, percent), amount: overlayAmount(progress.target.amount, options, locale) }} />;
  return (
    <div className="goal" data-testid="overlay-goal" data-percent={percent} data-next={progress.next?.label ?? ''}
      data-target={progress.target.amount.value}>
      <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="fill" style={{ width: `${progress.fraction * 100}%` }} />
        {progress.ticks.map((tick) => (
          <div key={`${tick.amount.value}-${tick.label}`} className={`tick${tick.passed ? ' passed' : ''}`} style={{ left: `${tick.at * 100}%` }} />
        ))}
      </div>
      <div className="goal-text ov-text">
        <span className="goal-of" data-testid="overlay-goal-of">
          {progress.reached
            ? words.goalReached
            : progress.target.stretch
              ? <Sentence template={words.stretchGoalProgress} values={{ label: <Isolated text={progress.target.label} />, progress: of }} />
              : of}
        </span>
        {progress.next && (
          <span className="next" data-testid="overlay-next">
            <Sentence template={words.nextMilestone}
              values={{ label: <Isolated text={progress.next.label} />, amount: overlayAmount(progress.next.amount, options, locale) }} />
          </span>
        )}
      </div>
    </div>
  );
}
