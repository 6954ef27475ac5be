import type { OverlayTargetView, ResponseKind } from '../../../shared/views.js';
import { useNow } from '../../lib/use-now.js';
import { spanWords } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';

const KIND_WORDS: Record<ResponseKind, string> = {
  commitment: 'Commitment',
  acknowledgement: 'Acknowledged',
  refusal: 'Refused',
};

/** The words are minutes at the finest: the board is read again every 15 s, nothing moves in between. */
const REFRESH_MS = 15_000;

function stateWords(target: OverlayTargetView, now: number): string {
  const start = Date.parse(target.call_started_at);
  if (target.status === 'waiting') {
    if (now < start) return `Call starts in ${spanWords(start - now)}`;
    return `Waiting ${spanWords(now - start)}`;
  }
  const after = spanWords((target.time_to_response_s ?? 0) * 1000);
  return target.status === 'declined' ? `Declined after ${after}` : `Answered after ${after}`;
}

/** Who the campaign calls on: waiting timers, and "answered after 3 h 12 min" with the kind. */
export function OverlayTargets({ options }: { options: OverlayOptions }) {
  const targets = useOverlay((s) => s.targets);
  const now = useNow(REFRESH_MS);
  const shown = targets.slice(0, options.count);
  if (shown.length === 0) return null;
  return (
    <ul className="overlay-targets card" data-testid="targets-board">
      {shown.map((target) => (
        <li key={target.id} className={`target-row status-${target.status}`} data-testid="target-row" data-status={target.status} data-id={target.id}>
          <div className="target-line ov-text">
            <span className="target-name" data-testid="target-name">{target.name}</span>
            {target.hashtags[0] && <span className="target-tag">#{target.hashtags[0]}</span>}
          </div>
          <div className="target-line">
            <span className={`badge badge-${target.status}`} data-testid="target-badge">{stateWords(target, now)}</span>
            {target.response_kind && (
              <span className="badge badge-kind" data-testid="target-kind">{KIND_WORDS[target.response_kind]}</span>
            )}
            {target.callers > 0 && (
              <span className="target-callers ov-text">{target.callers.toLocaleString('en-US')} calling</span>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
