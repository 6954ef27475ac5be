import { GoalBar } from '../GoalBar.js';
import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { Isolated } from '../../lib/isolated.js';
import { useOverlayLocale } from '../words.js';

/** The goal bar alone, with the amount raised beside the campaign's title. */
export function OverlayGoal({ options }: { options: OverlayOptions }) {
  const totals = useOverlay((s) => s.totals);
  const campaign = useOverlay((s) => s.campaign);
  const { locale } = useOverlayLocale();
  if (!totals || !campaign) return null;
  return (
    <div className="overlay-goal card" data-testid="goal-widget">
      <div className="goal-head ov-text">
        <Isolated className="goal-title" text={campaign.title} />
        <span className="goal-raised" data-testid="goal-raised">{overlayAmount(totals.raised, options, locale)}</span>
      </div>
      <GoalBar campaign={campaign} totals={totals} options={options} />
    </div>
  );
}
