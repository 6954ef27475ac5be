import { clockSpan, roughSpan } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { fill } from '../../../shared/locales/index.js';
import { useOverlayLocale } from '../words.js';

/** The marathon's elapsed and remaining time; a countdown before it starts. Text changes once a second. */
export function OverlayClock({ options }: { options: OverlayOptions }) {
  const campaign = useOverlay((s) => s.campaign);
  const now = useNow(1000);
  const { words } = useOverlayLocale();
  if (!campaign) return null;
  const start = Date.parse(campaign.starts_at);
  const end = Date.parse(campaign.ends_at);
  let phase: 'before' | 'live' | 'ended';
  // `key` names the row for tests and styles whatever the language: starts-in, elapsed, to-go.
  let rows: { key: string; label: string; value: string }[];
  if (now < start) {
    phase = 'before';
    rows = [{ key: 'starts-in', label: words.startsIn, value: start - now < 86_400_000 ? clockSpan(start - now) : roughSpan(start - now) }];
  } else if (now >= end) {
    phase = 'ended';
    rows = [{ key: 'marathon', label: words.marathon, value: fill(words.endedAfter, { span: clockSpan(end - start) }) }];
  } else {
    phase = 'live';
    rows = [];
    if (options.show !== 'remaining') rows.push({ key: 'elapsed', label: words.elapsed, value: clockSpan(now - start) });
    if (options.show !== 'elapsed') rows.push({ key: 'to-go', label: words.toGo, value: clockSpan(end - now) });
  }
  return (
    <div className="overlay-clock card" data-testid="clock" data-phase={phase}>
      {rows.map((row) => (
        <div key={row.key} className="clock-row ov-text">
          <span className="clock-label">{row.label}</span>
          <span className="clock-value" data-testid={`clock-${row.key}`}>{row.value}</span>
        </div>
      ))}
    </div>
  );
}
