import { useState } from 'react';
import type { PublicPrizeView } from '../../../shared/prizes.js';
import { displayAmount } from '../../lib/format.js';
import { Isolated } from '../../lib/isolated.js';
import { useNow } from '../../lib/use-now.js';
import { useDashboard } from '../store.js';
import { PrizeCard, PrizeWindow, phaseOf } from './PrizeCard.js';
import { PrizeForm } from './PrizeForm.js';
import './prizes.css';

type Side = { kind: 'new' } | { kind: 'edit'; id: number } | { kind: 'none' };

/**
 * The Prizes tab: every prize with its eligible count, live from the hub. The owner adds and
 * edits prizes, draws them and exports the winners; moderators follow and verify draws; viewers
 * see the prizes as the overlay shows them.
 */
export function PrizesView() {
  const role = useDashboard((s) => s.role);
  const prizes = useDashboard((s) => s.prizes);
  const publicPrizes = useDashboard((s) => s.publicPrizes);
  const currency = useDashboard((s) => s.campaign?.currency ?? 'EUR');
  const owner = role === 'owner';
  const [side, setSide] = useState<Side>({ kind: owner ? 'new' : 'none' });
  const editing = side.kind === 'edit' ? (prizes.find((p) => p.id === side.id) ?? null) : null;
  const count = role === 'viewer' ? publicPrizes.length : prizes.length;

  return (
    <div className={`prizes-view${owner && side.kind !== 'none' ? '' : ' list-only'}`} data-testid="prizes-view">
      <section className="prizes-list" aria-label="Prizes">
        <div className="board-head">
          <h2>Prizes <span className="hint" data-testid="prizes-count">{count}</span></h2>
          {owner && side.kind !== 'new' && <button type="button" className="primary" onClick={() => setSide({ kind: 'new' })} data-testid="prize-add">Add a prize</button>}
        </div>
        {count === 0 && (
          <p className="hint" data-testid="prizes-empty">
            No prizes yet. A prize is drawn among the donations of at least its minimum made in its window; the draw is seeded and anyone can re-run it from the audit.
          </p>
        )}
        {role === 'viewer'
          ? publicPrizes.map((prize) => <PublicPrizeCard key={prize.id} prize={prize} />)
          : prizes.map((prize) => <PrizeCard key={prize.id} prize={prize} owner={owner} onEdit={() => setSide({ kind: 'edit', id: prize.id })} />)}
      </section>
      {owner && side.kind !== 'none' && (
        <aside className="prizes-side panel">
          <h2>{editing ? 'Edit the prize' : 'New prize'}</h2>
          <PrizeForm
            key={editing?.id ?? 'new'}
            prize={editing}
            currency={currency}
            onDone={() => setSide({ kind: 'none' })}
            onCancel={() => setSide({ kind: 'none' })}
          />
          <p className="hint">
            Who enters: donations (not subs or bits) made inside the window — start included, end excluded — whose amount in {currency}, after the
            platform's corrections, is at least the minimum. Refunded donations (even in part) and donations denied in screening are out. Draw once
            entries have closed; late platform deliveries dated inside the window count until the draw.
          </p>
        </aside>
      )}
    </div>
  );
}

/** A prize as viewers see it: what the overlay shows, nothing more. */
function PublicPrizeCard({ prize }: { prize: PublicPrizeView }) {
  const now = useNow(1000);
  const phase = phaseOf(prize, now);
  return (
    <article className={`prize-card phase-${phase}`} data-testid="prize-card" data-prize={prize.id} data-phase={phase}>
      <header className="prize-card-head">
        <Isolated text={prize.title} className="prize-card-title" testId="prize-card-title" />
      </header>
      {prize.rules && <p className="prize-rules">{prize.rules}</p>}
      <p>Donate {displayAmount(prize.minimum)} or more · {prize.entries} entries · {prize.winners} winner{prize.winners === 1 ? '' : 's'}</p>
      <PrizeWindow opens={prize.opens_at} closes={prize.closes_at} phase={phase} now={now} />
      {prize.winners_drawn.length > 0 && (
        <ol className="prize-winner-list">
          {prize.winners_drawn.map((w) => (
            <li key={w.position} className="prize-winner-row" data-testid="prize-winner-row">
              <span className="prize-place-number">{w.position}</span> <Isolated text={w.name ?? 'Anonymous'} className="prize-winner-name" />
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
