import { useCallback, useEffect, useMemo, useState } from 'react';
import { type CurrencyCode, isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { type AssignmentView, type IncentiveView, splitEvenly } from '../../../shared/incentives.js';
import { formatMinor, parseDecimalMinor } from '../../../shared/money.js';
import { callApi } from '../../lib/api.js';
import { displayAmount } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';
import { useDashboard } from '../store.js';

/** Where money can go now: an open incentive, or an approved option of an open bid war. */
interface Destination {
  incentive_id: number;
  option_id: number | null;
  label: string;
}

/** The keys of this panel (none of the screening room's: A, D, F, R, N, J, U, Esc). */
export const ASSIGN_KEYS = { accept: 's', give: 'g', even: 'e', campaign: 'c', approveOption: 'o' } as const;
/** Destinations 1 to 9 are picked with the digit keys. */
const DIGITS = 9;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function destinations(incentives: IncentiveView[]): Destination[] {
  const list: Destination[] = [];
  for (const incentive of incentives) {
    if (incentive.state !== 'open') continue;
    if (incentive.kind === 'incentive') list.push({ incentive_id: incentive.id, option_id: null, label: incentive.name });
    // By id, not by money: a destination keeps its digit while the totals move.
    else for (const option of [...incentive.options].sort((x, y) => x.id - y.id)) if (option.state === 'approved') list.push({ incentive_id: incentive.id, option_id: option.id, label: `${incentive.name} → ${option.name}` });
  }
  return list;
}

const sameDestination = (a: { incentive_id: number; option_id: number | null }, b: { incentive_id: number; option_id: number | null }) =>
  a.incentive_id === b.incentive_id && a.option_id === b.option_id;

/**
 * Where the open donation's money goes among the incentives: its suggested assignment (from
 * the donor's message or choice), accepted with S; or moderator's parts picked with 1-9, split
 * evenly with E (exact to the cent: 10.00 over three is 3.34 / 3.33 / 3.33), amounts edited by
 * hand, given with G; C leaves it all to the campaign; O approves a donor's proposed option.
 * What the parts leave stays with the campaign. Another moderator's change meanwhile: refused
 * with their name (409), and the panel reads it again.
 */
export function AssignmentPanel({ donationId, paused }: { donationId: number; paused: boolean }) {
  const incentives = useDashboard((s) => s.incentives) as IncentiveView[];
  const announced = useDashboard((s) => s.assignments.get(donationId));
  const currency = useDashboard((s) => s.campaign?.currency ?? 'EUR');
  const [assignment, setAssignment] = useState<AssignmentView | null>(null);
  const [draft, setDraft] = useState<{ dest: Destination; amount: string }[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const cur = (isCurrencyCode(currency) ? currency : 'EUR') as CurrencyCode;
  const exponent = minorUnitExponent(cur);
  const open = useMemo(() => destinations(incentives), [incentives]);

  const load = useCallback(async () => {
    const answer = await callApi('GET /api/donations/:id/assignment', { params: { id: String(donationId) } });
    setAssignment(answer.assignment);
    return answer.assignment;
  }, [donationId]);

  useEffect(() => {
    setDraft([]);
    setNotice(null);
    setError(null);
    void run(load);
  }, [donationId]);
  // Another moderator (or a suggestion) changed it: show theirs.
  useEffect(() => {
    if (announced && (!assignment || announced.version > assignment.version)) setAssignment(announced);
  }, [announced]);

  const parsedTotal = assignment?.donation_amount ? parseDecimalMinor(assignment.donation_amount.value, exponent) : null;
  const total = parsedTotal?.ok ? parsedTotal.value : null;
  const minorOf = (value: string) => {
    const parsed = parseDecimalMinor(value.trim(), exponent);
    return parsed.ok ? parsed.value : null;
  };
  const evenly = (list: Destination[]) => {
    if (total === null) return list.map((dest) => ({ dest, amount: '' }));
    const shares = splitEvenly(total, list.length);
    return list.map((dest, k) => ({ dest, amount: formatMinor(shares[k] ?? 0, cur) }));
  };
  const toggle = (index: number) => {
    const dest = open[index];
    if (!dest) return;
    const kept = draft.map((d) => d.dest).filter((d) => !sameDestination(d, dest));
    setDraft(evenly(kept.length === draft.length ? [...kept, dest] : kept));
  };

  const send = (parts: { incentive_id: number; option_id: number | null; amount?: string }[], toCampaign: string | undefined, said: string) =>
    run(async () => {
      if (!assignment) return;
      try {
        const answer = await callApi('PUT /api/donations/:id/assignment', {
          params: { id: String(donationId) },
          body: { expected_version: assignment.version, parts, ...(toCampaign ? { to_campaign: toCampaign } : {}) },
        });
        setAssignment(answer.assignment);
        setDraft([]);
        setNotice(said);
      } catch (failure) {
        // Someone else assigned it meanwhile: their version is shown, with why this one was refused.
        await load().catch(() => undefined);
        throw failure;
      }
    });

  const accept = () => {
    if (!assignment || assignment.status !== 'suggested') return;
    void send(assignment.parts.map((p) => ({ incentive_id: p.incentive_id, option_id: p.option_id })), undefined, `Accepted: ${assignment.parts.map(partLabel).join(', ')}.`);
  };
  const give = () => {
    if (draft.length === 0) return;
    const whole = draft.length === 1 && total !== null && minorOf(draft[0]?.amount ?? '') === total;
    const sum = draft.reduce((a, d) => a + (minorOf(d.amount) ?? 0), 0);
    const rest = total !== null && sum < total && !whole ? formatMinor(total - sum, cur) : undefined;
    void send(
      draft.map((d) => ({ incentive_id: d.dest.incentive_id, option_id: d.dest.option_id, ...(whole || total === null ? {} : { amount: d.amount.trim() }) })),
      rest,
      `Given: ${draft.map((d) => `${d.dest.label} ${d.amount}`).join(', ')}${rest ? `; ${rest} stays with the campaign` : ''}.`,
    );
  };
  const toCampaign = () => void send([], undefined, 'All of it stays with the campaign.');
  const pendingOption = assignment?.parts
    .map((p) => incentives.find((i) => i.id === p.incentive_id)?.options.find((o) => o.id === p.option_id))
    .find((o) => o?.state === 'pending');
  const approveOption = () => {
    if (!pendingOption) return;
    void run(async () => {
      await callApi('POST /api/options/:id/approve', { params: { id: String(pendingOption.id) } });
      setNotice(`The option “${pendingOption.name}” is approved: S accepts the suggestion now.`);
    });
  };

  useEffect(() => {
    if (paused) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || busy) return;
      const key = event.key.toLowerCase();
      if (/^[1-9]$/.test(key)) toggle(Number(key) - 1);
      else if (key === ASSIGN_KEYS.accept) accept();
      else if (key === ASSIGN_KEYS.give) give();
      else if (key === ASSIGN_KEYS.even) setDraft(evenly(draft.map((d) => d.dest)));
      else if (key === ASSIGN_KEYS.campaign) toCampaign();
      else if (key === ASSIGN_KEYS.approveOption) approveOption();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const draftSum = draft.reduce((a, d) => a + (minorOf(d.amount) ?? 0), 0);
  return (
    <section className="assignment-panel" data-testid="assignment" data-status={assignment?.status ?? 'loading'} data-version={assignment?.version ?? -1}>
      <h3>Incentives</h3>
      {assignment && (
        <p className="assignment-now" data-testid="assignment-now">
          {assignment.status === 'none' && 'Not assigned: it counts for the campaign.'}
          {assignment.status === 'suggested' && <>Suggested: <strong>{assignment.parts.map(partLabel).join(', ')}</strong> <span className="hint">({assignment.reason})</span></>}
          {assignment.status === 'accepted' && (
            <>
              {assignment.parts.length === 0 ? 'Left to the campaign' : <>Assigned: <strong>{assignment.parts.map(partLabel).join(', ')}</strong></>}
              {assignment.to_campaign && assignment.parts.length > 0 && assignment.to_campaign.value !== formatMinor(0, cur) && <> · {displayAmount(assignment.to_campaign)} to the campaign</>}
              <span className="hint"> by {assignment.by?.name}</span>
            </>
          )}
        </p>
      )}
      {pendingOption && <p className="hint warning" data-testid="pending-option">The donor proposed a new option, “<bdi>{pendingOption.name}</bdi>”: approve it (<kbd>O</kbd>) before the money can go to it.</p>}
      {open.length === 0 ? (
        <p className="hint">No open incentive or bid war.</p>
      ) : (
        <ol className="destinations" data-testid="destinations">
          {open.slice(0, DIGITS).map((dest, k) => {
            const picked = draft.find((d) => sameDestination(d.dest, dest));
            return (
              <li key={`${dest.incentive_id}-${dest.option_id ?? ''}`} className={picked ? 'picked' : ''} data-testid="destination" data-picked={picked ? 'yes' : 'no'}>
                <button type="button" className="quiet" onClick={() => toggle(k)} disabled={busy}><kbd>{k + 1}</kbd> <bdi>{dest.label}</bdi></button>
                {picked && (
                  <input
                    className="part-amount"
                    value={picked.amount}
                    inputMode="decimal"
                    aria-label={`Amount for ${dest.label}`}
                    data-testid="part-amount"
                    onChange={(e) => setDraft(draft.map((d) => (d === picked ? { ...d, amount: e.target.value } : d)))}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === 'Escape') {
                        e.preventDefault();
                        e.currentTarget.blur();
                      }
                    }}
                  />
                )}
              </li>
            );
          })}
        </ol>
      )}
      {draft.length > 0 && total !== null && (
        <p className={draftSum > total ? 'hint warning' : 'hint'} data-testid="draft-sum">
          Parts {formatMinor(draftSum, cur)} of {formatMinor(total, cur)} {cur}
          {draftSum < total && <> · {formatMinor(total - draftSum, cur)} stays with the campaign</>}
          {draftSum > total && <> · {formatMinor(draftSum - total, cur)} too much</>}
        </p>
      )}
      <div className="item-actions">
        {assignment?.status === 'suggested' && (
          <button type="button" className="primary" disabled={busy} onClick={accept} data-testid="assign-accept">Accept suggestion <kbd>S</kbd></button>
        )}
        {draft.length > 0 && <button type="button" className="primary" disabled={busy} onClick={give} data-testid="assign-give">Give <kbd>G</kbd></button>}
        {draft.length > 1 && <button type="button" disabled={busy} onClick={() => setDraft(evenly(draft.map((d) => d.dest)))} data-testid="assign-even">Split evenly <kbd>E</kbd></button>}
        {assignment && assignment.status !== 'none' && <button type="button" className="quiet" disabled={busy} onClick={toCampaign} data-testid="assign-campaign">All to the campaign <kbd>C</kbd></button>}
      </div>
      <p className="hint" data-testid="assign-keys">Keys: 1–9 pick · E split evenly · G give · S accept suggestion · C campaign · O approve option</p>
      {error && <p className="form-error" role="alert" data-testid="assign-error">{error}</p>}
      {notice && !error && <p className="form-done" data-testid="assign-notice">{notice}</p>}
    </section>
  );
}

function partLabel(part: AssignmentView['parts'][number]): string {
  return `${part.incentive_name}${part.option_name ? ` → ${part.option_name}` : ''}${part.amount ? ` ${part.amount.value}` : ''}`;
}
