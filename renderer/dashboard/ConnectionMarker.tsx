import { useDashboard } from './store.js';

const WORDS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Disconnected — reconnecting…',
  refused: 'Disconnected — this link was refused; reload or open a new link',
} as const;

/** Always on screen: whether the numbers are live or the last ones seen before the link dropped. */
export function ConnectionMarker() {
  const connection = useDashboard((s) => s.connection);
  return (
    <div className={`connection ${connection}`} data-testid="connection" data-connection={connection} role="status">
      <span className="dot" aria-hidden="true" />
      {WORDS[connection]}
    </div>
  );
}
