import type { PublicIncentiveView } from '../../../shared/incentives.js';
import { fill } from '../../../shared/locales/index.js';
import { amountMinor } from '../../lib/format.js';
import { Isolated } from '../../lib/isolated.js';
import { useNow } from '../../lib/use-now.js';
import { overlayAmount, spanWords } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { useOverlayLocale } from '../words.js';
import { currentIncentives } from './OverlayIncentives.js';

/** Each row's height in rem: rows are placed by transform, so a new order slides into place. */
const ROW_REM = 3.4;

/** The bid war asked for by id; else the open one of the segment on now; else the latest one. */
export function chosenBidWar(incentives: PublicIncentiveView[], current: number | null, id: number): PublicIncentiveView | null {
  const wars = incentives.filter((i) => i.kind === 'bid_war');
  if (id > 0) return wars.find((w) => w.id === id) ?? null;
  const now = currentIncentives(wars, current);
  return now.find((w) => w.state === 'open' && w.segment_id !== null) ?? now.find((w) => w.state === 'open') ?? wars[wars.length - 1] ?? null;
}

/** Options ranked by money; equal amounts share a rank (a tie is shown as a tie). */
export function rankedOptions(war: PublicIncentiveView): { id: number; name: string; total: PublicIncentiveView['total']; minor: number; rank: number; tied: boolean }[] {
  const rows = war.options.map((o) => ({ ...o, minor: amountMinor(o.total) ?? 0 })).sort((a, b) => b.minor - a.minor || a.id - b.id);
  return rows.map((row, i) => {
    const rank = rows.findIndex((r) => r.minor === row.minor) + 1;
    const tied = row.minor > 0 && rows.some((r, k) => k !== i && r.minor === row.minor);
    return { ...row, rank, tied };
  });
}

/**
 * A bid war: its options racing, most money first, sliding to their new place as money comes
 * in; a tie shows the same rank and says so. Option names (some proposed by donors and
 * approved by a moderator) are text, never HTML.
 */
export function OverlayBidWar({ options }: { options: OverlayOptions }) {
  const incentives = useOverlay((s) => s.incentives);
  const current = useOverlay((s) => s.schedule.current_id);
  const now = useNow(1_000);
  const { locale, words } = useOverlayLocale();
  const war = chosenBidWar(incentives, current, options.bid);
  if (!war) return null;
  const ranked = rankedOptions(war);
  const top = ranked[0]?.minor ?? 0;
  const shown = ranked.slice(0, options.count);
  // Rendered in a stable order (by id) and placed by rank: React keeps each row's element, so the move animates.
  const placed = [...shown].sort((a, b) => a.id - b.id);
  const deadline = war.deadline ? Date.parse(war.deadline) : null;
  return (
    <section className="overlay-bidwar card" data-testid="bid-war" data-id={war.id} data-state={war.state}>
      <div className="bidwar-head ov-text">
        <Isolated className="bidwar-name" testId="bid-war-name" text={war.name} />
        {war.state === 'closed' ? <span className="badge badge-declined">{words.closed}</span> : null}
        {war.state === 'open' && deadline !== null && deadline > now ? <span className="bidwar-left">{fill(words.timeLeft, { span: spanWords(deadline - now, words) })}</span> : null}
      </div>
      {top === 0 && <div className="bidwar-empty ov-text">{words.noBidYet}</div>}
      <ol className="bidwar-options" style={{ height: `${shown.length * ROW_REM}rem` }}>
        {placed.map((option) => {
          const position = shown.indexOf(option);
          return (
            <li
              key={option.id}
              className={`bidwar-option${option.rank === 1 && top > 0 ? ' leading' : ''}`}
              style={{ transform: `translateY(${position * ROW_REM}rem)` }}
              data-testid="bid-option"
              data-position={position + 1}
              data-rank={option.rank}
              data-tied={option.tied ? 'yes' : 'no'}
              data-total={option.total.value}
            >
              <div className="bidwar-line ov-text">
                <span className="bidwar-rank">{option.rank}</span>
                <Isolated className="bidwar-option-name" testId="bid-option-name" text={option.name} />
                {option.tied && <span className="badge badge-kind" data-testid="bid-tie">{words.tie}</span>}
                <span className="bidwar-total">{overlayAmount(option.total, options, locale)}</span>
              </div>
              <div className="bar thin"><div className="fill" style={{ width: `${top > 0 ? (option.minor / top) * 100 : 0}%` }} /></div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
