import { OverlayTotal } from '../OverlayTotal.js';
import type { OverlayOptions } from '../options.js';
import { OverlayAlerts } from './OverlayAlerts.js';
import { OverlayClock } from './OverlayClock.js';
import { OverlayMoment } from './OverlayMoment.js';
import { OverlayTargets } from './OverlayTargets.js';
import { OverlayTicker } from './OverlayTicker.js';

/**
 * Everything on one 1920×1080 canvas (one Browser source): total and goal top left, clock top
 * right, the latest donations down the right edge, the targets board bottom left, alerts at the
 * top centre and the call-moment card at the bottom centre. The middle stays free for the game.
 */
export function OverlayCombined({ options }: { options: OverlayOptions }) {
  return (
    <div className="overlay-combined" data-testid="combined">
      <div className="region region-total"><OverlayTotal options={options} /></div>
      <div className="region region-clock"><OverlayClock options={options} /></div>
      <div className="region region-ticker"><OverlayTicker options={{ ...options, count: Math.min(options.count, 5) }} /></div>
      <div className="region region-targets"><OverlayTargets options={{ ...options, count: Math.min(options.count, 4) }} /></div>
      <div className="region region-alerts"><OverlayAlerts options={options} /></div>
      <div className="region region-moment"><OverlayMoment options={options} /></div>
    </div>
  );
}
