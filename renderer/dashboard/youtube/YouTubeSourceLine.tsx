import type { SourceView } from '../../../shared/views.js';
import { clockTime } from '../../lib/format.js';
import './youtube.css';

const LIVE_WORDS = { finding: 'finding', waiting: 'not live yet', live: 'live', ended: 'ended' } as const;
const secondsOf = (ms: number) => (ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 100) / 10} s`);

/**
 * A YouTube source's broadcast state and the day's Data API quota: units spent and left, how
 * often chat is read, and until when the units last at this pace.
 */
export function YouTubeSourceLine({ source }: { source: SourceView }) {
  const yt = source.youtube;
  if (!yt) return null;
  const { quota } = yt;
  const share = quota.limit > 0 ? Math.min(1, quota.spent / quota.limit) : 1;
  return (
    <div className="yt-line" data-testid="youtube-state" data-live={yt.live}>
      <span className={`yt-state yt-${yt.live}`} data-testid="youtube-live">{LIVE_WORDS[yt.live]}</span>
      <span className="yt-quota" data-testid="youtube-quota" title={`Data API units for the Pacific-time day ${quota.day}; they reset at midnight Pacific time.`}>
        Quota today: <strong>{quota.spent.toLocaleString('en')}</strong> spent · <strong>{quota.left.toLocaleString('en')}</strong> left of{' '}
        {quota.limit.toLocaleString('en')}
        {quota.shared_by > 1 ? ` · key shared by ${quota.shared_by} sources` : ''}
      </span>
      <span className="yt-meter" aria-hidden="true"><span style={{ width: `${share * 100}%` }} /></span>
      {yt.live === 'live' && (
        <span className="yt-pace" data-testid="youtube-pace">
          Reading every {secondsOf(quota.poll_ms)}
          {quota.server_poll_ms !== null && quota.slowed ? ` (YouTube asks ${secondsOf(quota.server_poll_ms)})` : ''}
          {quota.lasts_until ? ` · at this pace the quota lasts until ${clockTime(quota.lasts_until)}` : ''}
        </span>
      )}
    </div>
  );
}
