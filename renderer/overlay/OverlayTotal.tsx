import { amountMinor, minorAmount } from '../lib/format.js';
import { overlayAmount } from './format.js';
import { GoalBar } from './GoalBar.js';
import type { OverlayOptions } from './options.js';
import { useOverlay } from './store.js';
import { useCountUp } from './use-count-up.js';
import { useOverlayLocale } from './words.js';

/** The total: the number viewers watch, counting up once on each change. */
export function OverlayTotal({ options }: { options: OverlayOptions }) {
  const totals = useOverlay((s) => s.totals);
  const campaign = useOverlay((s) => s.campaign);
  const currency = totals?.raised.currency ?? campaign?.currency ?? 'EUR';
  const exactMinor = totals ? amountMinor(totals.raised) : null;
  const shownMinor = useCountUp(exactMinor);
  const shown = shownMinor === null ? null : minorAmount(shownMinor, currency);
  const { locale } = useOverlayLocale();
  if (!totals) return null;

  return (
    <div className="overlay-total card">
      <div className="amount ov-text" data-testid="overlay-total" data-value={totals.raised.value} data-currency={currency}>
        {overlayAmount(shown ?? totals.raised, options, locale)}
      </div>
      {options.goal && campaign && <GoalBar campaign={campaign} totals={totals} options={options} />}
    </div>
  );
}
