import { type FormEvent, useState } from 'react';
import { PRIZE_WINNERS_MAX, type PrizeEntryMode, type PrizeView } from '../../../shared/prizes.js';
import { readAmountInput } from '../../lib/amount-input.js';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import { isoToLocal, localToIso } from '../targets/format.js';

const HOUR = 3_600_000;

/**
 * Sets up a prize, or edits one: title, rules in plain words, the minimum donation in the
 * campaign currency, the window, how many winners, and how entries count. Bad input is refused
 * here in words before anything is sent; the server checks it all again. Once drawn, only the
 * title and rules can change.
 */
export function PrizeForm({ prize, currency, onDone, onCancel }: { prize: PrizeView | null; currency: string; onDone: (prize: PrizeView) => void; onCancel?: () => void }) {
  const drawn = prize !== null && prize.state !== 'open';
  const [title, setTitle] = useState(prize?.title ?? '');
  const [rules, setRules] = useState(prize?.rules ?? '');
  const [minimum, setMinimum] = useState(prize?.minimum.value ?? '');
  const [opens, setOpens] = useState(() => isoToLocal(prize?.opens_at ?? new Date().toISOString()));
  const [closes, setCloses] = useState(() => isoToLocal(prize?.closes_at ?? new Date(Date.now() + HOUR).toISOString()));
  const [winners, setWinners] = useState(String(prize?.winners ?? 1));
  const [mode, setMode] = useState<PrizeEntryMode>(prize?.entry_mode ?? 'per_donation');
  const { busy, error, setError, run } = useAction();
  const prefix = prize ? 'prize-edit' : 'prize-new';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') return setError('Give the prize a title.');
    if (drawn) {
      const saved = await run(() => callApi('PUT /api/prizes/:id', { params: { id: String(prize.id) }, body: { title, rules } }));
      if (saved) onDone(saved.prize);
      return;
    }
    const amount = readAmountInput(minimum, currency, 'the minimum donation');
    if (!amount.ok) return setError(amount.error);
    const opensAt = localToIso(opens);
    const closesAt = localToIso(closes);
    if (!opensAt || !closesAt) return setError('Choose when entries open and when they close.');
    if (Date.parse(closesAt) <= Date.parse(opensAt)) return setError('The window must end after it starts: entries close before they open.');
    const count = Number(winners);
    if (!Number.isInteger(count) || count < 1 || count > PRIZE_WINNERS_MAX) return setError(`The number of winners must be a whole number from 1 to ${PRIZE_WINNERS_MAX}.`);
    const body = { title, rules, minimum: { value: amount.value.value, currency }, opens_at: opensAt, closes_at: closesAt, winners: count, entry_mode: mode };
    const saved = await run(() =>
      prize ? callApi('PUT /api/prizes/:id', { params: { id: String(prize.id) }, body }) : callApi('POST /api/prizes', { body }),
    );
    if (saved) onDone(saved.prize);
  };

  return (
    <form className="prize-form" onSubmit={(e) => void submit(e)} data-testid={`${prefix}-form`} noValidate>
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Signed controller" maxLength={120} data-testid={`${prefix}-title`} />
      </label>
      <label>
        Rules, in plain words
        <textarea value={rules} onChange={(e) => setRules(e.target.value)} rows={3} maxLength={2000} placeholder="One winner drawn among donations of €10 or more during the speedrun. Shipped worldwide." data-testid={`${prefix}-rules`} />
      </label>
      {!drawn && (
        <>
          <div className="field-row">
            <label>
              Minimum donation ({currency})
              <input value={minimum} onChange={(e) => setMinimum(e.target.value)} inputMode="decimal" placeholder="10.00" data-testid={`${prefix}-minimum`} />
            </label>
            <label>
              Winners
              <input type="number" min={1} max={PRIZE_WINNERS_MAX} value={winners} onChange={(e) => setWinners(e.target.value)} data-testid={`${prefix}-winners`} />
            </label>
          </div>
          <div className="field-row">
            <label>
              Entries open
              <input type="datetime-local" value={opens} onChange={(e) => setOpens(e.target.value)} data-testid={`${prefix}-opens`} />
            </label>
            <label>
              Entries close
              <input type="datetime-local" value={closes} onChange={(e) => setCloses(e.target.value)} data-testid={`${prefix}-closes`} />
            </label>
          </div>
          <label>
            Entries
            <select value={mode} onChange={(e) => setMode(e.target.value as PrizeEntryMode)} data-testid={`${prefix}-mode`}>
              <option value="per_donation">One per donation (two donations, two chances)</option>
              <option value="per_donor">One per donor (a named donor enters and wins once)</option>
            </select>
          </label>
        </>
      )}
      {error && <p className="form-error" role="alert" data-testid={`${prefix}-error`}>{error}</p>}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid={`${prefix}-submit`}>
          {busy ? 'Saving…' : prize ? 'Save changes' : 'Add prize'}
        </button>
        {onCancel && <button type="button" className="quiet" onClick={onCancel}>Cancel</button>}
      </div>
      {drawn && <p className="hint">This prize was drawn: its minimum, window and winners stay as they were drawn.</p>}
    </form>
  );
}
