import { useDashboard } from './store.js';

/**
 * How long requests waited for the app over the last minute (its slowest 5-s window): a few
 * milliseconds when all is well, climbing in a flood before anything fails.
 */
export function LoopLine() {
  const windows = useDashboard((s) => (s.health && 'event_loop' in s.health ? s.health.event_loop : null));
  if (!windows || windows.length === 0) return null;
  const worst = Math.max(...windows.map((w) => w.p99_ms));
  const waited = worst >= 1_000 ? `${(worst / 1_000).toFixed(1)} s` : `${Math.max(1, Math.round(worst))} ms`;
  return (
    <p className="backup-line" data-testid="loop-line" title="The 99th percentile of how long work waited for the app's thread, per 5 seconds, worst of the last minute">
      Responsiveness: 99% of the time the app answered within {waited} over the last minute{worst > 250 ? ' (at its limit)' : ''}
    </p>
  );
}
