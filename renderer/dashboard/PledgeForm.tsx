import { type FormEvent, useState } from 'react';
import { DEFAULT_LOCALE } from '../../shared/locales/index.js';
import { typedValue } from '../../shared/locales/typed-amount.js';
import { readAmountInput } from '../lib/amount-input.js';
import { callApi, failureMessage } from '../lib/api.js';
import { displayAmount } from '../lib/format.js';
import { newRequestId } from '../lib/session.js';
import { CurrencyPicker } from './currency/CurrencyPicker.js';
import { useDashboard } from './store.js';

interface PledgeDraft {
  amount: string;
  currency: string;
  donor: string;
  anonymous: boolean;
  message: string;
}

const emptyDraft = (currency: string): PledgeDraft => ({ amount: '', currency, donor: '', anonymous: false, message: '' });

/**
 * A pledge taken by phone or in person. The request id is made when the form opens and kept
 * until the pledge is saved, so pressing the button twice (or retrying after a timeout) counts it once.
 */
export function PledgeForm({ campaignCurrency }: { campaignCurrency: string }) {
  const locale = useDashboard((state) => state.campaign?.locale);
  const [draft, setDraft] = useState(() => emptyDraft(campaignCurrency));
  const [requestId, setRequestId] = useState(newRequestId);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const edit = (patch: Partial<PledgeDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDone(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const amount = readAmountInput(draft.amount, draft.currency, 'the amount', locale);
    if (!amount.ok) {
      setError(amount.error);
      return;
    }
    setError(null);
    setSending(true);
    try {
      const donor = draft.donor.trim();
      const message = draft.message.trim();
      const answer = await callApi('POST /api/donations', {
        body: {
          id: requestId,
          amount: amount.value,
          donor: { ...(donor ? { name: donor } : {}), anonymous: draft.anonymous },
          ...(message ? { message } : {}),
          // Typed in by the one sending it: read already, so the rules approve it at once.
          reviewed: true,
        },
      });
      setDone(answer.status === 'duplicate' ? 'This pledge was already counted.' : `Pledge of ${displayAmount(amount.value)} counted.`);
      setDraft(emptyDraft(campaignCurrency));
      setRequestId(newRequestId());
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="panel pledge-form" data-testid="pledge-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Enter a pledge</h2>
      <div className="field-row">
        <label className="grow">
          Amount
          <input data-testid="pledge-amount" inputMode="decimal" placeholder={typedValue('25.00', locale ?? DEFAULT_LOCALE)} value={draft.amount}
            onChange={(e) => edit({ amount: e.target.value })} />
        </label>
        <label>
          Currency
          <CurrencyPicker testId="pledge-currency" value={draft.currency} onChange={(currency) => edit({ currency })} />
        </label>
      </div>
      <div className="field-row">
        <label className="grow">
          Donor name
          <input data-testid="pledge-donor" value={draft.donor} maxLength={200} placeholder="Optional"
            onChange={(e) => edit({ donor: e.target.value })} />
        </label>
        <label className="checkbox">
          <input type="checkbox" data-testid="pledge-anonymous" checked={draft.anonymous}
            onChange={(e) => edit({ anonymous: e.target.checked })} />
          Anonymous
        </label>
      </div>
      <label>
        Message
        <input data-testid="pledge-message" value={draft.message} maxLength={2000} placeholder="Optional; you typed it, so it is approved at once"
          onChange={(e) => edit({ message: e.target.value })} />
      </label>
      {error && <p className="form-error" role="alert" data-testid="pledge-error">{error}</p>}
      {done && <p className="form-done" role="status" data-testid="pledge-done">{done}</p>}
      <button type="submit" className="primary" data-testid="pledge-submit" disabled={sending}>
        {sending ? 'Saving…' : 'Count this pledge'}
      </button>
    </form>
  );
}
