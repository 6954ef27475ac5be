import type { SourceView } from '../../../shared/views.js';
import './polling.css';
import { clockTime, timeAgo } from '../../lib/format.js';

/**
 * A polled platform's line under its source: when it last searched, how many searches a round
 * takes, what the rate limit leaves, and, while it waits for the reset, until when.
 */
export function PollingLine({ source, now }: { source: SourceView; now: number }) {
  const polling = source.polling;
  if (!polling) return null;
  const rate = polling.rate_limit;
  return (
    <p className={`source-polling${polling.paused_until ? ' paused' : ''}`} data-testid="source-polling" data-paused={polling.paused_until !== null}>
      <span data-testid="source-last-poll">{polling.last_poll_at ? `searched ${timeAgo(polling.last_poll_at, now)}` : 'not searched yet'}</span>
      <span> · {polling.queries} {polling.queries === 1 ? 'search' : 'searches'} a round</span>
      {rate && (
        <span data-testid="source-rate-limit">
          {' '}· rate limit: {rate.remaining.toLocaleString('en')}{rate.limit !== null ? ` of ${rate.limit.toLocaleString('en')}` : ''} left until {clockTime(rate.reset_at)}
        </span>
      )}
      {polling.paused_until && <strong data-testid="source-paused"> · waiting for the reset at {clockTime(polling.paused_until)}</strong>}
    </p>
  );
}
