import { OverlayTotal } from '../OverlayTotal.js';
import { type OverlayOptions, extrasOf } from '../options.js';
import { OverlayAlerts } from './OverlayAlerts.js';
import { OverlayClock } from './OverlayClock.js';
import { OverlayMoment } from './OverlayMoment.js';
import { OverlayTargets } from './OverlayTargets.js';
import { OverlayTicker } from './OverlayTicker.js';
import { OverlaySchedule } from './OverlaySchedule.js';
import { OverlayIncentives } from './OverlayIncentives.js';
import { OverlayBidWar } from './OverlayBidWar.js';
import { OverlayPrize } from './OverlayPrize.js';
import { OverlayTeamBoard, OverlayTeamTotal } from './OverlayTeam.js';

/**
 * Everything on one 1920×1080 canvas (one Browser source): total and goal top left, clock top
 * right, the latest donations down the right edge, the targets board bottom left, alerts at the
 * top centre and the call-moment card at the bottom centre. The middle stays free for the game.
 * The extras the streamer adds (`extras`) stack in the left column under the total (schedule,
 * incentives, bid war, prize) and under the ticker on the right (the team's), with fewer rows.
 */
export function OverlayCombined({ options }: { options: OverlayOptions }) {
  const extras = extrasOf(options);
  const few = { ...options, count: Math.min(options.count, 3) };
  const left = extras.filter((e) => e === 'schedule' || e === 'incentives' || e === 'bidwar' || e === 'prize');
  const right = extras.filter((e) => e === 'team-total' || e === 'team-board');
  return (
    <div className="overlay-combined" data-testid="combined">
      <div className="region region-total"><OverlayTotal options={options} /></div>
      <div className="region region-clock"><OverlayClock options={options} /></div>
      <div className="region region-ticker"><OverlayTicker options={{ ...options, count: Math.min(options.count, 5) }} /></div>
      <div className="region region-targets"><OverlayTargets options={{ ...options, count: Math.min(options.count, 4) }} /></div>
      <div className="region region-alerts"><OverlayAlerts options={options} /></div>
      <div className="region region-moment"><OverlayMoment options={options} /></div>
      {left.length > 0 && (
        <div className="region region-extras-left" data-testid="combined-extras-left">
          {left.includes('schedule') && <OverlaySchedule options={few} />}
          {left.includes('incentives') && <OverlayIncentives options={few} />}
          {left.includes('bidwar') && <OverlayBidWar options={few} />}
          {left.includes('prize') && <OverlayPrize options={few} />}
        </div>
      )}
      {right.length > 0 && (
        <div className="region region-extras-right" data-testid="combined-extras-right">
          {right.includes('team-total') && <OverlayTeamTotal options={few} />}
          {right.includes('team-board') && <OverlayTeamBoard options={few} />}
        </div>
      )}
    </div>
  );
}
