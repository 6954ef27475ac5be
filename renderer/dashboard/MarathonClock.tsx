import { clockSpan, roughSpan, teamTime } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';

/** Elapsed and remaining while live; a countdown before the start; "ended" after, or once the owner closed it. */
export function MarathonClock({ startsAt, endsAt, closedAt = null }: { startsAt: string; endsAt: string; closedAt?: string | null }) {
  const now = useNow(1000);
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);

  if (closedAt) {
    const closed = Date.parse(closedAt);
    return (
      <div className="clock" data-testid="marathon-clock" data-phase="closed">
        <span className="clock-label">Marathon</span>
        <span className="clock-main">closed</span>
        <span className="clock-sub" title={`Closed ${teamTime(closed, { now })}`}>ran {clockSpan(Math.max(0, Math.min(closed, end) - start))}</span>
      </div>
    );
  }

  if (now < start) {
    return (
      <div className="clock" data-testid="marathon-clock" data-phase="before">
        <span className="clock-label">Starts in</span>
        <span className="clock-main">{start - now < 86_400_000 ? clockSpan(start - now) : roughSpan(start - now)}</span>
        <span className="clock-sub" data-testid="marathon-starts-at">at {teamTime(start, { now })}</span>
      </div>
    );
  }
  if (now >= end) {
    return (
      <div className="clock" data-testid="marathon-clock" data-phase="ended">
        <span className="clock-label">Marathon</span>
        <span className="clock-main">ended</span>
        <span className="clock-sub">ran {clockSpan(end - start)}</span>
      </div>
    );
  }
  return (
    <div className="clock" data-testid="marathon-clock" data-phase="live">
      <span className="clock-label">Elapsed</span>
      <span className="clock-main">{clockSpan(now - start)}</span>
      <span className="clock-sub" title={`Ends ${teamTime(end, { now })}`}>{clockSpan(end - now)} to go</span>
    </div>
  );
}
