import { GoalBar } from '../GoalBar.js';
import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';

/** The goal bar alone, with the amount raised beside the campaign's title. */
export function OverlayGoal({ options }: { options: OverlayOptions }) {
  const totals = useOverlay((s) => s.totals);
  const campaign = useOverlay((s) => s.campaign);
  if (!totals || !campaign) return null;
  return (
    <div className="overlay-goal card" data-testid="goal-widget">
      <div className="goal-head ov-text">
        <span className="goal-title">{campaign.title}</span>
        <span className="goal-raised" data-testid="goal-raised">{overlayAmount(totals.raised, options)}</span>
      </div>
      <GoalBar campaign={campaign} totals={totals} options={options} />
    </div>
  );
}
