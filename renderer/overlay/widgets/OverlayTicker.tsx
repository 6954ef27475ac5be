import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';

/**
 * The latest approved donations, newest on top: at most `count` rows, so the page holds the
 * same few elements for 48 hours. Names and messages are text (React never parses them as HTML).
 */
export function OverlayTicker({ options }: { options: OverlayOptions }) {
  const donations = useOverlay((s) => s.donations);
  const shown = donations.slice(0, options.count);
  return (
    <ol className="overlay-ticker" data-testid="ticker" data-count={shown.length}>
      {shown.map((donation) => (
        <li key={donation.id} className="ticker-row card" data-testid="ticker-row" data-id={donation.id}>
          <div className="ticker-line ov-text">
            <span className={donation.donor_name ? 'donor' : 'donor anonymous'} data-testid="ticker-donor">
              {donation.donor_name ?? 'Anonymous'}
            </span>
            <span className="ticker-amount" data-testid="ticker-amount">{overlayAmount(donation.amount, options)}</span>
          </div>
          {options.messages && donation.message && (
            <p className="ticker-message ov-text" data-testid="ticker-message">{donation.message}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
