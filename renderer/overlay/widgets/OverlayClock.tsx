import { clockSpan, roughSpan } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';

/** The marathon's elapsed and remaining time; a countdown before it starts. Text changes once a second. */
export function OverlayClock({ options }: { options: OverlayOptions }) {
  const campaign = useOverlay((s) => s.campaign);
  const now = useNow(1000);
  if (!campaign) return null;
  const start = Date.parse(campaign.starts_at);
  const end = Date.parse(campaign.ends_at);
  let phase: 'before' | 'live' | 'ended';
  let rows: { label: string; value: string }[];
  if (now < start) {
    phase = 'before';
    rows = [{ label: 'Starts in', value: start - now < 86_400_000 ? clockSpan(start - now) : roughSpan(start - now) }];
  } else if (now >= end) {
    phase = 'ended';
    rows = [{ label: 'Marathon', value: `ended after ${clockSpan(end - start)}` }];
  } else {
    phase = 'live';
    rows = [];
    if (options.show !== 'remaining') rows.push({ label: 'Elapsed', value: clockSpan(now - start) });
    if (options.show !== 'elapsed') rows.push({ label: 'To go', value: clockSpan(end - now) });
  }
  return (
    <div className="overlay-clock card" data-testid="clock" data-phase={phase}>
      {rows.map((row) => (
        <div key={row.label} className="clock-row ov-text">
          <span className="clock-label">{row.label}</span>
          <span className="clock-value" data-testid={`clock-${row.label.toLowerCase().replace(/\s+/g, '-')}`}>{row.value}</span>
        </div>
      ))}
    </div>
  );
}
