import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClaimView, ScreenDecision, ScreeningCounts, ScreeningItem, ScreeningMode } from '../../../shared/views.js';
import { callApi, failureMessage } from '../../lib/api.js';
import { clockTime, displayAmount } from '../../lib/format.js';
import { useDashboard } from '../store.js';
import { useMe } from '../targets/me.js';
import { ScreeningSettingsForm } from './ScreeningSettingsForm.js';
import './screening.css';

type Stage = 'pending' | 'first_pass' | 'flagged' | 'approved' | 'denied';

const STAGE_LABELS: Record<Stage, string> = {
  pending: 'To screen',
  first_pass: 'Second pass',
  flagged: 'Flagged',
  approved: 'For the reader',
  denied: 'Denied',
};

const MODE_WORDS: Record<ScreeningMode, string> = {
  none: 'Screening is off: every message shows on the overlay at once',
  one_pass: 'One pass: a moderator approves each message',
  two_pass: 'Two passes: a second moderator sends each message to the reader',
};

/** Claims are renewed while an item stays open, well inside the server's two minutes. */
const RENEW_MS = 60_000;
const QUEUE_SIZE = 60;

function countFor(counts: ScreeningCounts | undefined, stage: Stage): number {
  return counts ? counts[stage] : 0;
}

function donor(item: ScreeningItem): string {
  if (item.donation.anonymous) return 'Anonymous';
  return item.donation.donor_name?.trim() || 'No name given';
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The moderators' room: one item open at a time, taken from the oldest of a stage that nobody
 * else has open; decisions by button or key (A approve, D deny, F flag, R read on air, N next,
 * Esc let go); after a decision the next item opens by itself. Other moderators' open items are
 * marked with their name. Everything a donor wrote is shown as text.
 */
export function ScreeningRoom() {
  const screening = useDashboard((s) => s.screening);
  const changes = useDashboard((s) => s.donationChanges);
  const role = useDashboard((s) => s.role);
  const sources = useDashboard((s) => s.sources);
  const me = useMe();
  const [stage, setStage] = useState<Stage>('pending');
  const [open, setOpen] = useState<ScreeningItem | null>(null);
  const [queue, setQueue] = useState<ScreeningItem[]>([]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const openRef = useRef<ScreeningItem | null>(null);
  openRef.current = open;

  const mode = screening?.settings.mode ?? 'one_pass';
  const claims = screening?.claims ?? [];
  const claimOf = (id: number): ClaimView | undefined => claims.find((c) => c.donation_id === id);

  // The stage's list, read again when donations or counts change (coalesced by the hub).
  const countsKey = JSON.stringify(screening?.counts ?? null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      callApi('GET /api/screening/queue', { query: { stage, limit: String(QUEUE_SIZE) } })
        .then((answer) => live && setQueue(answer.items))
        .catch((failure: unknown) => live && setError(failureMessage(failure)));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [stage, changes, countsKey]);

  // Keep the open item's claim alive while it is open.
  useEffect(() => {
    if (!open) return;
    const id = open.donation.id;
    const timer = setInterval(() => {
      void callApi('POST /api/donations/:id/claim', { params: { id: String(id) } }).catch(() => undefined);
    }, RENEW_MS);
    return () => clearInterval(timer);
  }, [open?.donation.id]);

  const act = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  }, []);

  const takeNext = useCallback(
    (from: Stage = stage) =>
      act(async () => {
        if (from === 'denied') {
          setOpen(null);
          return;
        }
        const answer = await callApi('POST /api/screening/next', { body: { stage: from } });
        setOpen(answer.item);
        setReason('');
        if (!answer.item) setNotice(`Nothing left in “${STAGE_LABELS[from]}” that nobody else has open.`);
      }),
    [act, stage],
  );

  const openItem = (item: ScreeningItem) =>
    act(async () => {
      const answer = await callApi('POST /api/donations/:id/claim', { params: { id: String(item.donation.id) } });
      setOpen(answer.item);
      setReason('');
    });

  const letGo = () =>
    act(async () => {
      const current = openRef.current;
      if (!current) return;
      await callApi('POST /api/donations/:id/release', { params: { id: String(current.donation.id) } });
      setOpen(null);
    });

  const decide = (decision: ScreenDecision) =>
    act(async () => {
      const current = openRef.current;
      if (!current) return;
      const trimmed = reason.trim();
      const answer = await callApi('POST /api/donations/:id/screen', {
        params: { id: String(current.donation.id) },
        body: { decision, ...(trimmed ? { reason: trimmed } : {}) },
      });
      const after = answer.item;
      const who = donor(after);
      const verb: Record<ScreenDecision, string> = {
        approve: after.donation.screening === 'pending' ? 'passed once (a second moderator sends it to the reader)' : 'approved',
        deny: 'denied',
        flag: 'flagged',
        read: 'marked as read on air',
      };
      setNotice(`${displayAmount(after.donation.amount)} from ${who}: ${verb[decision]}.`);
      // The next one opens by itself: a moderator at hour 40 should not have to reach for the mouse.
      const next = await callApi('POST /api/screening/next', { body: { stage: stage === 'denied' ? 'pending' : stage } });
      setOpen(next.item);
      setReason('');
      if (!next.item) setNotice(`${displayAmount(after.donation.amount)} from ${who}: ${verb[decision]}. Nothing left in “${STAGE_LABELS[stage]}” that nobody else has open.`);
    });

  // Keyboard shortcuts, only while the room is on screen and nobody is typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || busy) return;
      const key = event.key.toLowerCase();
      const current = openRef.current;
      if (key === 'n' || key === 'j') void takeNext();
      else if (key === 'escape' && current) void letGo();
      else if (current && key === 'a') void decide('approve');
      else if (current && key === 'd') void decide('deny');
      else if (current && key === 'f') void decide('flag');
      else if (current && key === 'r') void decide('read');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const stages: Stage[] = ['pending', ...(mode === 'two_pass' || countFor(screening?.counts, 'first_pass') > 0 ? (['first_pass'] as Stage[]) : []), 'flagged', 'approved', 'denied'];
  const ownFirstPass = open?.first_pass && me && open.first_pass.actor === me.actor && open.donation.screening === 'pending';

  return (
    <div className="screening-room" data-testid="screening-room" data-busy={busy ? 'true' : 'false'}>
      <div className="screening-main">
        <div className="screening-head">
          <div className="stage-tabs" role="tablist" aria-label="Screening stages">
            {stages.map((s) => (
              <button
                key={s}
                type="button"
                role="tab"
                aria-selected={s === stage}
                className={s === stage ? 'stage current' : 'stage'}
                data-testid={`stage-${s}`}
                onClick={() => {
                  setStage(s);
                  setNotice(null);
                }}
              >
                {STAGE_LABELS[s]} <span className="stage-count" data-testid={`count-${s}`}>{countFor(screening?.counts, s)}</span>
              </button>
            ))}
          </div>
          <p className="hint mode-line" data-testid="screening-mode">{MODE_WORDS[mode]}</p>
        </div>

        {error && <p className="form-error" role="alert" data-testid="screening-error">{error}</p>}
        {notice && <p className="form-done" data-testid="screening-notice">{notice}</p>}

        {open ? (
          <article className="panel screening-item" data-testid="open-item" data-donation-id={open.donation.id}>
            <div className="item-head">
              <span className="item-amount" data-testid="open-amount">{displayAmount(open.donation.amount)}</span>
              {open.donation.converted && open.donation.converted.currency !== open.donation.amount.currency && (
                <span className="hint">= {displayAmount(open.donation.converted)}</span>
              )}
              <span className={`badge screening ${open.donation.screening}`}>{open.first_pass && open.donation.screening === 'pending' ? 'passed once' : open.donation.screening}</span>
            </div>
            <div className="item-donor" data-testid="open-donor">{donor(open)}</div>
            <div className="hint">
              <time dateTime={open.donation.occurred_at}>{clockTime(open.donation.occurred_at)}</time> · {sources.find((x) => x.id === open.donation.source_id)?.name ?? open.donation.source_id}
              {open.first_pass && <> · first pass by {open.first_pass.actor_name}</>}
            </div>
            {open.donation.message ? (
              <p className="item-message" data-testid="open-message">{open.donation.message}</p>
            ) : (
              <p className="hint">No message.</p>
            )}
            {open.reason && <p className="hint" data-testid="open-reason">Why: {open.reason}</p>}
            {open.below_overlay_min && (
              <p className="hint warning">Below the overlay's minimum amount: its message will not show on the overlay, only the name and amount.</p>
            )}
            <label className="reason-field">
              Reason (optional, kept in the audit log)
              <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} data-testid="screen-reason" />
            </label>
            <div className="item-actions">
              {open.donation.screening !== 'approved' && open.donation.screening !== 'read' && (
                <button type="button" className="primary" disabled={busy || Boolean(ownFirstPass)} onClick={() => void decide('approve')} data-testid="screen-approve"
                  title={ownFirstPass ? 'You passed this one first: another moderator sends it to the reader' : undefined}>
                  {mode === 'two_pass' && open.donation.screening === 'pending' && open.first_pass ? 'Send to reader' : 'Approve'} <kbd>A</kbd>
                </button>
              )}
              {open.donation.screening === 'approved' && (
                <button type="button" className="primary" disabled={busy} onClick={() => void decide('read')} data-testid="screen-read">
                  Read on air <kbd>R</kbd>
                </button>
              )}
              {open.donation.screening !== 'denied' && (
                <button type="button" className="danger" disabled={busy} onClick={() => void decide('deny')} data-testid="screen-deny">
                  Deny <kbd>D</kbd>
                </button>
              )}
              {open.donation.screening !== 'flagged' && (
                <button type="button" disabled={busy} onClick={() => void decide('flag')} data-testid="screen-flag">
                  Flag <kbd>F</kbd>
                </button>
              )}
              <button type="button" className="quiet" disabled={busy} onClick={() => void letGo()} data-testid="screen-release">
                Let go <kbd>Esc</kbd>
              </button>
            </div>
            {ownFirstPass && <p className="hint">You passed this one first: another moderator sends it to the reader.</p>}
          </article>
        ) : (
          <div className="panel screening-empty">
            <p>Open the oldest message nobody else has open.</p>
            <button type="button" className="primary" disabled={busy || stage === 'denied'} onClick={() => void takeNext()} data-testid="screen-next">
              Next <kbd>N</kbd>
            </button>
            <p className="hint">Keys: A approve · D deny · F flag · R read on air · N next · Esc let go.</p>
          </div>
        )}
      </div>

      <aside className="screening-side">
        <div className="panel">
          <h2>{STAGE_LABELS[stage]}, oldest first</h2>
          {queue.length === 0 ? (
            <p className="hint" data-testid="queue-empty">Nothing here.</p>
          ) : (
            <ol className="queue-list" data-testid="screening-queue">
              {queue.map((item) => {
                const claim = claimOf(item.donation.id);
                const mine = claim && me && claim.actor === me.actor;
                const theirs = claim && !mine;
                return (
                  <li key={item.donation.id} className={`queue-row${theirs ? ' taken' : ''}${open?.donation.id === item.donation.id ? ' current' : ''}`} data-testid="queue-row" data-donation-id={item.donation.id}>
                    <button type="button" className="queue-open" disabled={Boolean(theirs) || busy} onClick={() => void openItem(item)}>
                      <span className="queue-amount">{displayAmount(item.donation.amount)}</span>
                      <span className="queue-donor">{donor(item)}</span>
                      <span className="queue-message">{item.donation.message ?? ''}</span>
                    </button>
                    {theirs && <span className="badge taken-by" data-testid="taken-by">open by {claim.actor_name}</span>}
                    {item.reason && <span className="queue-reason">{item.reason}</span>}
                  </li>
                );
              })}
            </ol>
          )}
        </div>
        {role === 'owner' && screening && <ScreeningSettingsForm settings={screening.settings} />}
      </aside>
    </div>
  );
}
