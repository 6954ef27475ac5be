import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { Isolated } from '../../lib/isolated.js';
import { useOverlayLocale } from '../words.js';

/**
 * The latest approved donations, newest on top: at most `count` rows, so the page holds the
 * same few elements for 48 hours. Names and messages are text (React never parses them as HTML).
 */
export function OverlayTicker({ options }: { options: OverlayOptions }) {
  const donations = useOverlay((s) => s.donations);
  const shown = donations.slice(0, options.count);
  const { locale, words } = useOverlayLocale();
  return (
    <ol className="overlay-ticker" data-testid="ticker" data-count={shown.length}>
      {shown.map((donation) => (
        <li key={donation.id} className="ticker-row card" data-testid="ticker-row" data-id={donation.id}>
          <div className="ticker-line ov-text">
            <Isolated className={donation.donor_name ? 'donor' : 'donor anonymous'} testId="ticker-donor" text={donation.donor_name ?? words.anonymous} />
            <span className="ticker-amount" data-testid="ticker-amount">{overlayAmount(donation.amount, options, locale)}</span>
          </div>
          {options.messages && donation.message && (
            <p className="ticker-message ov-text" data-testid="ticker-message" dir="auto">{donation.message}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
