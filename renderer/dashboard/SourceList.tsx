import { memo } from 'react';
import type { SourceStatus, SourceView } from '../../shared/views.js';
import { clockTime, timeAgo } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { BackupLine } from './BackupLine.js';
import { LoopLine } from './LoopLine.js';
import { CopyButton } from './CopyButton.js';
import { useDashboard } from './store.js';
import { sourceWords } from './TwitchSourceWords.js';
import { PlatformTotalLine } from './TiltifyTotalLine.js';
import { YouTubeSourceLine } from './youtube/YouTubeSourceLine.js';
import { PollingLine } from './sources/PollingLine.js';
import { ReplaceCredential } from './sources/ReplaceCredential.js';

const STATUS_WORDS: Record<SourceStatus, string> = {
  idle: 'waiting for its first event',
  listening: 'listening',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  failing: 'failing',
};

// Memoised: a source changes at every event it brings, and only its own row is drawn again then.
const SourceRow = memo(function SourceRow({ source, now, stale, owner }: { source: SourceView; now: number; stale: boolean; owner: boolean }) {
  const hookUrl = source.hook_path ? `${location.origin}${source.hook_path}` : null;
  const words = sourceWords(source, STATUS_WORDS);
  // Connected again: the last error is history, shown as such.
  const errorIsPast = source.status === 'connected';
  // While the dashboard itself is cut off from the app, a source's status is only what was last
  // heard: grey, never green, until the link is back.
  const shownStatus = stale ? 'unknown' : source.status;
  return (
    <li className={`source status-${shownStatus}`} data-testid="source" data-source-id={source.id} data-status={shownStatus} data-last-known={source.status} data-events={source.events}>
      <div className="source-head">
        <span className="source-name" title={source.name}>{source.name}</span>
        <span className="source-kind">{source.kind}</span>
        <span className="source-status" data-testid="source-status" title={stale ? 'This dashboard is not connected to the app: the status may have changed since.' : undefined}>
          <span className="dot" aria-hidden="true" />
          {stale ? `last known: ${words.status}` : words.status}
        </span>
      </div>
      <div className="source-meta">
        <span data-testid="source-last-event">
          {source.last_event_at ? `${words.last} ${timeAgo(source.last_event_at, now)}` : words.none}
        </span>
        <span>· {source.events.toLocaleString('en')} {source.events === 1 ? words.one : words.many}</span>
        {source.rejected > 0 && <span className="warning" data-testid="source-rejected">· {source.rejected} refused</span>}
      </div>
      {source.unverified_refusals && (
        // Possibly forged: anyone who knows the hook URL can send these. Not the source failing.
        <p className="source-unverified" data-testid="source-unverified" title={`Last reason: ${source.unverified_refusals.last_reason}`}>
          {source.unverified_refusals.last_hour.toLocaleString('en')} refused{' '}
          {source.unverified_refusals.last_hour === 1 ? 'request' : 'requests'} (bad signature) in the last hour, last at{' '}
          {clockTime(source.unverified_refusals.last_at)}
        </p>
      )}
      <YouTubeSourceLine source={source} />
      <PollingLine source={source} now={now} />
      <PlatformTotalLine source={source} />
      {source.last_error && (
        <p className={`source-error${errorIsPast ? ' past' : ''}`} data-testid="source-error">
          {errorIsPast ? `Earlier: ${source.last_error}` : source.last_error}
          {source.last_error_at && <span className="since"> ({timeAgo(source.last_error_at, now)})</span>}
        </p>
      )}
      {owner && <ReplaceCredential source={source} />}
      {hookUrl && (
        <div className="hook-url">
          <code data-testid="source-hook-url">{hookUrl}</code>
          <CopyButton text={hookUrl} />
        </div>
      )}
    </li>
  );
});

/** Every source with its status, always visible: a silent source is the first thing to notice. */
export function SourceList() {
  const sources = useDashboard((s) => s.sources);
  const now = useNow(1000);
  const stale = useDashboard((s) => s.connection !== 'live');
  const owner = useDashboard((s) => s.role === 'owner');
  return (
    <div className="panel sources">
      <h2>Sources{stale && <span className="hint" data-testid="sources-stale"> · not live: last known states</span>}</h2>
      {sources.length === 0 && <p className="hint">No sources yet. Add a webhook below to receive donations from a form or a bridge.</p>}
      <ul className="source-list">
        {sources.map((source) => (
          <SourceRow key={source.id} source={source} now={now} stale={stale} owner={owner} />
        ))}
      </ul>
      <BackupLine />
      <LoopLine />
    </div>
  );
}
