import { type OverlayWords, fill } from '../../../shared/locales/index.js';
import type { OverlayTargetView, ResponseKind } from '../../../shared/views.js';
import { countIn } from '../../lib/format.js';
import { Isolated } from '../../lib/isolated.js';
import { useNow } from '../../lib/use-now.js';
import { spanWords } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { useOverlayLocale } from '../words.js';

const KIND_WORDS: Record<ResponseKind, keyof OverlayWords> = {
  commitment: 'commitment',
  acknowledgement: 'acknowledged',
  refusal: 'refused',
};

/** The words are minutes at the finest: the board is read again every 15 s, nothing moves in between. */
const REFRESH_MS = 15_000;

function stateWords(target: OverlayTargetView, now: number, words: OverlayWords): string {
  const start = Date.parse(target.call_started_at);
  if (target.status === 'waiting') {
    if (now < start) return fill(words.callStartsIn, { span: spanWords(start - now, words) });
    return fill(words.waitingFor, { span: spanWords(now - start, words) });
  }
  const span = spanWords((target.time_to_response_s ?? 0) * 1000, words);
  return fill(target.status === 'declined' ? words.declinedAfter : words.answeredAfter, { span });
}

/** Who the campaign calls on: waiting timers, and "answered after 3 h 12 min" with the kind. */
export function OverlayTargets({ options }: { options: OverlayOptions }) {
  const targets = useOverlay((s) => s.targets);
  const now = useNow(REFRESH_MS);
  const { locale, words } = useOverlayLocale();
  const shown = targets.slice(0, options.count);
  if (shown.length === 0) return null;
  return (
    <ul className="overlay-targets card" data-testid="targets-board">
      {shown.map((target) => (
        <li key={target.id} className={`target-row status-${target.status}`} data-testid="target-row" data-status={target.status} data-id={target.id}>
          <div className="target-line ov-text">
            <Isolated className="target-name" testId="target-name" text={target.name} />
            {target.hashtags[0] && <span className="target-tag">#{target.hashtags[0]}</span>}
          </div>
          <div className="target-line">
            <span className={`badge badge-${target.status}`} data-testid="target-badge">{stateWords(target, now, words)}</span>
            {target.response_kind && (
              <span className="badge badge-kind" data-testid="target-kind">{words[KIND_WORDS[target.response_kind]]}</span>
            )}
            {target.callers > 0 && (
              <span className="target-callers ov-text">{fill(words.calling, { count: countIn(locale, target.callers) })}</span>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
