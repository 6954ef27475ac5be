import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';

/**
 * The donors who gave the most, best first: `count` places under an optional heading. The
 * server names a donor only once one of their donations was screened and approved; the
 * anonymous ones come as one place without a name, shown as "Anonymous". Text only, never HTML.
 */
export function OverlayLeaderboard({ options }: { options: OverlayOptions }) {
  const leaders = useOverlay((s) => s.leaders);
  const shown = leaders.slice(0, options.count);
  return (
    <section className="overlay-leaderboard card" data-testid="leaderboard" data-count={shown.length}>
      {options.title && <h1 className="leaderboard-title ov-text" data-testid="leaderboard-title">{options.title}</h1>}
      <ol className="leaderboard-list">
        {shown.map((leader) => (
          <li key={leader.name ?? '\u0000anonymous'} className="leaderboard-row ov-text" data-testid="leader" data-rank={leader.rank}>
            <span className="leader-rank">{leader.rank}</span>
            <span className={leader.name === null ? 'leader-name anonymous' : 'leader-name'} data-testid="leader-name">
              {leader.name ?? 'Anonymous'}
            </span>
            <span className="leader-total" data-testid="leader-total" data-value={leader.total.value}>{overlayAmount(leader.total, options)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
