import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ClaimView, ScreenDecision, ScreeningCounts, ScreeningItem, ScreeningMode } from '../../../shared/views.js';
import { callApi, failureMessage } from '../../lib/api.js';
import { clockTime, displayAmount } from '../../lib/format.js';
import { TwitchFeed } from '../TwitchFeed.js';
import { useDashboard } from '../store.js';
import { useMe } from '../targets/me.js';
import { QueuePanel, donorName as donor } from './QueuePanel.js';
import { ReaderView } from './ReaderView.js';
import { AssignmentPanel } from './AssignmentPanel.js';
import { useReaderPrefs } from './reader-prefs.js';
import { ScreeningSettingsForm } from './ScreeningSettingsForm.js';
import { useStageQueue } from './use-stage-queue.js';
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
/** How long a decision may be taken back from here (the server allows a little more). */
const UNDO_MS = 8_000;

const KEY_OF: Record<ScreenDecision, string> = { approve: 'a', deny: 'd', flag: 'f', read: 'r' };
const KEY_WORDS: Record<ScreenDecision, string> = { approve: 'A approve', read: 'R read on air', deny: 'D deny', flag: 'F flag' };

/** The decisions that apply to an item as it is now: the buttons shown, and the keys that work. */
function decisionsFor(item: ScreeningItem, ownFirstPass: boolean): ScreenDecision[] {
  const state = item.donation.screening;
  const allowed: ScreenDecision[] = [];
  if (state !== 'approved' && state !== 'read' && !ownFirstPass) allowed.push('approve');
  if (state === 'approved') allowed.push('read');
  if (state !== 'denied') allowed.push('deny');
  if (state !== 'flagged') allowed.push('flag');
  return allowed;
}

function countFor(counts: ScreeningCounts | undefined, stage: Stage): number {
  return counts ? counts[stage] : 0;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The moderators' room: one item open at a time, taken from the first of a stage (oldest, or
 * largest amount) that nobody else has open; decisions by button or key (A approve, D deny,
 * F flag, R read on air where it applies, N next, U undo, Esc let go); after a decision the next
 * item opens by itself. In the reason field Enter keeps the reason and gives the keys back.
 * Other moderators' open items are marked with their name. Everything a donor wrote is text.
 * For the reader: a minimum amount, "read up to here" and a large-type reader view.
 */
export function ScreeningRoom() {
  const screening = useDashboard((s) => s.screening);
  const changes = useDashboard((s) => s.donationChanges);
  const role = useDashboard((s) => s.role);
  const sources = useDashboard((s) => s.sources);
  const currency = useDashboard((s) => s.campaign?.currency ?? null);
  const me = useMe();
  const prefs = useReaderPrefs();
  const [stage, setStage] = useState<Stage>('pending');
  const [open, setOpen] = useState<ScreeningItem | null>(null);
  const [reason, setReason] = useState('');
  const [reasonKept, setReasonKept] = useState(false);
  const [undoable, setUndoable] = useState<{ id: number; label: string } | null>(null);
  const [readerOpen, setReaderOpen] = useState(false);
  const reasonField = useRef<HTMLInputElement | null>(null);
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
  const refreshKey = useMemo(() => ({}), [changes, countsKey]);
  const forReader = stage === 'approved';
  const min = forReader ? prefs.min : '';
  const queue = useStageQueue(stage, prefs.order, min, refreshKey);
  const nextBody = (from: Stage) => ({ stage: from === 'denied' ? ('pending' as const) : from, order: prefs.order, ...(from === 'approved' && min.trim() ? { min: min.trim() } : {}) });

  // A decision may be taken back for a few seconds.
  useEffect(() => {
    if (!undoable) return;
    const timer = setTimeout(() => setUndoable(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [undoable]);

  const clearReason = () => {
    setReason('');
    setReasonKept(false);
    if (document.activeElement === reasonField.current) reasonField.current?.blur();
  };

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
        const answer = await callApi('POST /api/screening/next', { body: nextBody(from) });
        setOpen(answer.item);
        clearReason();
        if (!answer.item) setNotice(`Nothing left in “${STAGE_LABELS[from]}” that nobody else has open.`);
      }),
    [act, stage],
  );

  const openItem = (item: ScreeningItem) =>
    act(async () => {
      const answer = await callApi('POST /api/donations/:id/claim', { params: { id: String(item.donation.id) } });
      setOpen(answer.item);
      clearReason();
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
      const said = `${displayAmount(after.donation.amount)} from ${who}: ${verb[decision]}.`;
      setNotice(said);
      setUndoable({ id: after.donation.id, label: `${verb[decision].split(' (')[0]} ${displayAmount(after.donation.amount)} from ${who}` });
      clearReason();
      // The next one opens by itself: a moderator at hour 40 should not have to reach for the mouse.
      const next = await callApi('POST /api/screening/next', { body: nextBody(stage) });
      setOpen(next.item);
      if (!next.item) setNotice(`${said} Nothing left in “${STAGE_LABELS[stage]}” that nobody else has open.`);
    });

  const undo = () =>
    act(async () => {
      const taken = undoable;
      if (!taken) return;
      setUndoable(null);
      const answer = await callApi('POST /api/donations/:id/undo', { params: { id: String(taken.id) } });
      setNotice(`Taken back: ${taken.label}. It is ${answer.item.donation.screening} again.`);
      if (readerOpen) return;
      // Open it again, so the right decision is one key away.
      const reopened = await callApi('POST /api/donations/:id/claim', { params: { id: String(taken.id) } });
      setOpen(reopened.item);
      clearReason();
    });

  const markRead = (item: ScreeningItem) =>
    act(async () => {
      await callApi('POST /api/donations/:id/screen', { params: { id: String(item.donation.id) }, body: { decision: 'read' } });
      setNotice(`${displayAmount(item.donation.amount)} from ${donor(item)}: marked as read on air.`);
      setUndoable({ id: item.donation.id, label: `read ${displayAmount(item.donation.amount)} from ${donor(item)}` });
      if (openRef.current?.donation.id === item.donation.id) setOpen(null);
    });

  const readOlder = (item: ScreeningItem) =>
    act(async () => {
      const answer = await callApi('POST /api/screening/read-older', { body: { through: item.donation.id } });
      const also = answer.skipped > 0 ? ` ${answer.skipped} that another moderator has open stayed.` : '';
      setNotice(`${answer.marked} ${answer.marked === 1 ? 'message' : 'messages'} up to ${clockTime(item.donation.received_at)} marked as read on air.${also}`);
      const current = openRef.current;
      if (current && current.donation.screening === 'approved' && current.donation.id <= item.donation.id) setOpen(null);
    });

  const ownFirstPass = Boolean(open?.first_pass && me && open.first_pass.actor === me.actor && open.donation.screening === 'pending');
  const allowed = open ? decisionsFor(open, ownFirstPass) : [];

  // Keyboard shortcuts, only while the room is on screen and nobody is typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || busy || readerOpen) return;
      const key = event.key.toLowerCase();
      const current = openRef.current;
      const decision = allowed.find((d) => KEY_OF[d] === key);
      if (key === 'n' || key === 'j') void takeNext();
      else if (key === 'escape' && current) void letGo();
      else if (key === 'u' && undoable) void undo();
      else if (current && decision) void decide(decision);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const stages: Stage[] = ['pending', ...(mode === 'two_pass' || countFor(screening?.counts, 'first_pass') > 0 ? (['first_pass'] as Stage[]) : []), 'flagged', 'approved', 'denied'];
  const keyWords = (open ? allowed : stage === 'approved' ? (['read', 'deny', 'flag'] as ScreenDecision[]) : (['approve', 'deny', 'flag'] as ScreenDecision[])).map((d) => KEY_WORDS[d]);

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
        {notice && (
          <div className="undo-line">
            <p className="form-done" data-testid="screening-notice">{notice}</p>
            {undoable && (
              <button type="button" className="quiet" disabled={busy} onClick={() => void undo()} data-testid="screen-undo">
                Undo <kbd>U</kbd>
              </button>
            )}
          </div>
        )}

        {open ? (
          <article className="panel screening-item" data-testid="open-item" data-donation-id={open.donation.id}>
            <div className="item-head">
              <span className="item-amount" data-testid="open-amount">{displayAmount(open.donation.amount)}</span>
              {open.donation.converted && open.donation.converted.currency !== open.donation.amount.currency && (
                <span className="hint">= {displayAmount(open.donation.converted)}</span>
              )}
              <span className={`badge screening ${open.donation.screening}`}>{open.first_pass && open.donation.screening === 'pending' ? 'passed once' : open.donation.screening}</span>
            </div>
            <div className="item-donor" data-testid="open-donor" dir="auto">{donor(open)}</div>
            <div className="hint">
              <time dateTime={open.donation.occurred_at}>{clockTime(open.donation.occurred_at)}</time> · {sources.find((x) => x.id === open.donation.source_id)?.name ?? open.donation.source_id}
              {open.first_pass && <> · first pass by {open.first_pass.actor_name}</>}
            </div>
            {open.donation.message ? (
              <p className="item-message" data-testid="open-message" dir="auto">{open.donation.message}</p>
            ) : (
              <p className="hint">No message.</p>
            )}
            {open.reason && <p className="hint" data-testid="open-reason">Why: {open.reason}</p>}
            {open.below_overlay_min && (
              <p className="hint warning">Below the overlay's minimum amount: its message will not show on the overlay, only the name and amount.</p>
            )}
            <label className="reason-field">
              Reason (optional, kept in the audit log)
              <input
                ref={reasonField}
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value);
                  setReasonKept(false);
                }}
                onKeyDown={(e) => {
                  // Enter keeps the reason and hands the keys back to A, D, F; Esc just leaves the field.
                  if (e.key !== 'Enter' && e.key !== 'Escape') return;
                  e.preventDefault();
                  e.currentTarget.blur();
                  if (e.key === 'Enter' && reason.trim()) setReasonKept(true);
                }}
                maxLength={300}
                data-testid="screen-reason"
              />
            </label>
            {reasonKept && (
              <p className="hint" data-testid="reason-kept">
                Reason kept. Now decide: {allowed.map((d) => KEY_WORDS[d]).join(' · ')}.
              </p>
            )}
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
            {open.donation.type === 'donation' && <AssignmentPanel donationId={open.donation.id} paused={busy || readerOpen} />}
          </article>
        ) : (
          <div className="panel screening-empty">
            <p>Open the {prefs.order === 'amount' ? 'largest' : 'oldest'} message nobody else has open.</p>
            <button type="button" className="primary" disabled={busy || stage === 'denied'} onClick={() => void takeNext()} data-testid="screen-next">
              Next <kbd>N</kbd>
            </button>
            <p className="hint" data-testid="screening-keys">Keys: {[...keyWords, 'N next', 'Esc let go', 'U undo'].join(' · ')}.</p>
          </div>
        )}
      </div>

      <aside className="screening-side">
        <QueuePanel
          title={STAGE_LABELS[stage]}
          forReader={forReader}
          total={countFor(screening?.counts, stage)}
          queue={queue}
          order={prefs.order}
          setOrder={prefs.setOrder}
          min={prefs.min}
          setMin={prefs.setMin}
          currency={currency}
          openId={open?.donation.id ?? null}
          busy={busy}
          me={me?.actor ?? null}
          claimOf={claimOf}
          open={(item) => void openItem(item)}
          openReader={() => setReaderOpen(true)}
          readOlder={readOlder}
        />
        {(screening?.moments_waiting ?? 0) > 0 && <TwitchFeed waitingOnly />}
        {role === 'owner' && screening && <ScreeningSettingsForm settings={screening.settings} />}
      </aside>
      {readerOpen && (
        <ReaderView
          items={queue.items}
          more={queue.more}
          loadMore={queue.loadMore}
          markRead={markRead}
          undo={undoable ? { ...undoable, run: () => void undo() } : null}
          busy={busy}
          error={error}
          close={() => setReaderOpen(false)}
        />
      )}
    </div>
  );
}
