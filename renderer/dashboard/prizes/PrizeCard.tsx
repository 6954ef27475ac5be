import { useState } from 'react';
import type { PrizeVerification, PrizeView, PrizeWinnerView } from '../../../shared/prizes.js';
import { callApi, fetchFile } from '../../lib/api.js';
import { clockSpan, displayAmount, teamTime } from '../../lib/format.js';
import { Isolated } from '../../lib/isolated.js';
import { saveBlob } from '../../lib/save-blob.js';
import { useAction } from '../../lib/use-action.js';
import { useNow } from '../../lib/use-now.js';

export type PrizePhase = 'upcoming' | 'open' | 'closed' | 'drawn' | 'archived';

export function phaseOf(prize: { state: string; opens_at: string; closes_at: string }, now: number): PrizePhase {
  if (prize.state === 'archived') return 'archived';
  if (prize.state === 'drawn') return 'drawn';
  if (now < Date.parse(prize.opens_at)) return 'upcoming';
  return now < Date.parse(prize.closes_at) ? 'open' : 'closed';
}

const PHASE_WORDS: Record<PrizePhase, string> = {
  upcoming: 'not open yet',
  open: 'entries open',
  closed: 'entries closed · ready to draw',
  drawn: 'drawn',
  archived: 'archived',
};

/** The window and what is left of it, in the campaign's zone. */
export function PrizeWindow({ opens, closes, phase, now }: { opens: string; closes: string; phase: PrizePhase; now: number }) {
  return (
    <p className="prize-window">
      {teamTime(opens)} → {teamTime(closes)}
      {phase === 'open' && <span className="prize-left" data-testid="prize-time-left"> · closes in {clockSpan(Date.parse(closes) - now)}</span>}
      {phase === 'upcoming' && <span className="prize-left"> · opens in {clockSpan(Date.parse(opens) - now)}</span>}
    </p>
  );
}

/**
 * One prize for moderators and the owner: its rules, minimum, window and eligible count (live
 * from the hub); the owner closes entries, draws (after a confirmation), redraws a place,
 * exports the winners and archives; moderators verify the draw by re-running it on the server.
 */
export function PrizeCard({ prize, owner, onEdit }: { prize: PrizeView; owner: boolean; onEdit: () => void }) {
  const now = useNow(1000);
  const phase = phaseOf(prize, now);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [verification, setVerification] = useState<PrizeVerification | null>(null);
  const { busy, error, run } = useAction();
  const id = String(prize.id);
  const entries = prize.eligibility.entries;
  const places = Math.min(prize.winners, entries);

  const draw = async () => {
    const drawn = await run(() => callApi('POST /api/prizes/:id/draw', { params: { id } }));
    setConfirming(false);
    if (drawn) setNote(drawn.note);
  };
  const closeNow = () => run(() => callApi('PUT /api/prizes/:id', { params: { id }, body: { closes_at: new Date().toISOString() } }));
  const verify = async () => {
    const result = await run(() => callApi('POST /api/prizes/:id/verify', { params: { id } }));
    if (result) setVerification(result);
  };
  const exportWinners = async () => {
    const blob = await run(() => fetchFile('GET /api/prizes/:id/winners.csv', { id }));
    if (blob) saveBlob(blob, `prize-${id}-winners.csv`);
  };

  return (
    <article className={`prize-card phase-${phase}`} data-testid="prize-card" data-prize={prize.id} data-phase={phase}>
      <header className="prize-card-head">
        <Isolated text={prize.title} className="prize-card-title" testId="prize-card-title" />
        <span className={`badge prize-phase ${phase}`} data-testid="prize-phase">{PHASE_WORDS[phase]}</span>
      </header>
      {prize.rules && <p className="prize-rules">{prize.rules}</p>}
      <div className="prize-figures">
        <div><span className="figure-label">Minimum</span><span className="figure" data-testid="prize-card-minimum">{displayAmount(prize.minimum)}</span></div>
        <div><span className="figure-label">{prize.draw ? 'Entries drawn among' : 'Eligible now'}</span><span className="figure" data-testid="prize-eligible">{entries}</span></div>
        <div><span className="figure-label">Winners</span><span className="figure">{prize.winners}</span></div>
      </div>
      <PrizeWindow opens={prize.opens_at} closes={prize.closes_at} phase={phase} now={now} />
      <p className="hint">
        {prize.entry_mode === 'per_donor' ? 'One entry per donor (anonymous donations one each).' : 'One entry per donation.'}
        {prize.eligibility.waiting_for_rate > 0 && <span className="warning"> {prize.eligibility.waiting_for_rate} donation(s) wait for an exchange rate and are not counted yet.</span>}
      </p>

      {prize.draw && (
        <section className="prize-draw" data-testid="prize-draw">
          <h3>Winners</h3>
          <ol className="prize-winner-list">
            {prize.winners_drawn.map((winner) => (
              <WinnerRow key={winner.position} prizeId={id} winner={winner} owner={owner && phase === 'drawn'} alternates={prize.draw!.alternates_left} />
            ))}
          </ol>
          <p className="hint prize-seed">
            Drawn {teamTime(prize.draw.drawn_at, { seconds: true })} by {prize.draw.drawn_by_name} among {prize.draw.entries} entries ·{' '}
            {prize.draw.alternates_left} left for redraws · seed <code title={prize.draw.seed} data-testid="prize-seed">{prize.draw.seed.slice(0, 16)}…</code>
          </p>
        </section>
      )}

      {note && <p className="warning-box" data-testid="prize-note">{note}</p>}
      {verification && (
        <p className={verification.matches ? 'form-done' : 'form-error'} data-testid="prize-verification">
          {verification.matches
            ? `Verified: re-running the draw from its seed and its ${prize.draw?.entries ?? 0} entries gives the same ${verification.recomputed.length} pick(s), and both match the audit log.`
            : `Does not verify: ${verification.problems.join('; ')}.`}
        </p>
      )}
      {error && <p className="form-error" role="alert" data-testid="prize-error">{error}</p>}

      {confirming ? (
        <div className="prize-confirm" role="alertdialog" aria-label="Confirm the draw" data-testid="prize-confirm">
          <p>
            {entries === 0
              ? 'No donation entered this prize: there is no one to draw.'
              : entries < prize.winners
                ? `Only ${entries} ${entries === 1 ? 'entry' : 'entries'} for ${prize.winners} places: every entry will win. `
                : `Draw ${places} winner${places === 1 ? '' : 's'} among ${entries} entries? `}
            {entries > 0 && 'A draw is final: it is recorded with its seed and never redone (a no-show\'s place can be redrawn).'}
          </p>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy || entries === 0} onClick={() => void draw()} data-testid="prize-draw-confirm">Draw now</button>
            <button type="button" className="quiet" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </div>
      ) : (
        <div className="button-row prize-actions">
          {owner && phase === 'open' && <button type="button" className="secondary" disabled={busy} onClick={() => void closeNow()} data-testid="prize-close-now">Close entries now</button>}
          {owner && phase === 'closed' && <button type="button" className="primary" disabled={busy} onClick={() => setConfirming(true)} data-testid="prize-draw-button">Draw…</button>}
          {prize.draw && <button type="button" className="secondary" disabled={busy} onClick={() => void verify()} data-testid="prize-verify">Verify the draw</button>}
          {owner && prize.draw && <button type="button" className="secondary" disabled={busy} onClick={() => void exportWinners()} data-testid="prize-export">Export winners (CSV)</button>}
          {owner && phase !== 'archived' && <button type="button" className="quiet" onClick={onEdit} data-testid="prize-edit">Edit</button>}
          {owner && phase !== 'archived' && (
            <button type="button" className="quiet" disabled={busy} onClick={() => void run(() => callApi('POST /api/prizes/:id/archive', { params: { id } }))} data-testid="prize-archive">Archive</button>
          )}
        </div>
      )}
    </article>
  );
}

/** A place: who won it (and who it was redrawn from), how the overlay names them, and the owner's redraw. */
function WinnerRow({ prizeId, winner, owner, alternates }: { prizeId: string; winner: PrizeWinnerView; owner: boolean; alternates: number }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();
  const redraw = async () => {
    if (reason.trim() === '') return setError('Say why this place is drawn again (for the audit), such as "no answer in 48 hours".');
    const done = await run(() => callApi('POST /api/prizes/:id/redraw', { params: { id: prizeId }, body: { position: winner.position, reason } }));
    if (done) {
      setAsking(false);
      setReason('');
    }
  };
  return (
    <li className="prize-winner-row" data-testid="prize-winner-row" data-place={winner.position}>
      <div className="prize-winner-line">
        <span className="prize-place-number">{winner.position}</span>
        <Isolated text={winner.donor_name ?? '(no name)'} className="prize-winner-name" testId="prize-winner-donor" />
        {winner.anonymous && <span className="badge">anonymous</span>}
        <span className="prize-winner-amount">{winner.amount ? displayAmount(winner.amount) : 'no rate yet'}</span>
        <span className="hint">#{winner.donation_id} · {winner.source_name}</span>
        <span className="hint" data-testid="prize-on-stream">on stream: {winner.named_on_stream ? 'named' : '"Anonymous"'}</span>
        {owner && !asking && alternates > 0 && (
          <button type="button" className="quiet" onClick={() => setAsking(true)} data-testid="prize-redraw">Redraw…</button>
        )}
      </div>
      {winner.replaced.map((earlier) => (
        <p key={earlier.donation_id} className="hint prize-replaced">
          redrawn from #{earlier.donation_id} (<Isolated text={earlier.donor_name ?? 'no name'} />): {earlier.reason}
        </p>
      ))}
      {asking && (
        <div className="inline-form">
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why: no answer in 48 hours" maxLength={300} data-testid="prize-redraw-reason" />
          <button type="button" className="primary" disabled={busy} onClick={() => void redraw()} data-testid="prize-redraw-confirm">Redraw place {winner.position}</button>
          <button type="button" className="quiet" onClick={() => setAsking(false)}>Cancel</button>
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </li>
  );
}
