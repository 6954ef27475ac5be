import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { RateView } from '../../shared/views.js';
import { callApi } from '../lib/api.js';
import { useAction } from '../lib/use-action.js';
import { timeAgo } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { useDashboard } from './store.js';
import './rates.css';

const RATE = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,18})?$/;

/** A built-in rate's day, written with its year: estimates can be months old. */
const ESTIMATE_DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const estimateDay = (day: string): string => ESTIMATE_DAY.format(new Date(`${day}T00:00:00Z`));

/**
 * The exchange-rate table the owner edits: one unit of a currency in campaign currency. A saved
 * rate converts the donations that waited for it; donations already counted keep their rate.
 */
export function RatesEditor({ canEdit }: { canEdit: boolean }) {
  const campaignCurrency = useDashboard((s) => s.campaign?.currency ?? '');
  const byCurrency = useDashboard((s) => s.totals?.by_currency ?? []);
  const now = useNow(10_000);
  const [rates, setRates] = useState<RateView[]>([]);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [added, setAdded] = useState({ currency: '', rate: '' });
  const [importText, setImportText] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const message = error ? { ok: false, text: error } : note ? { ok: true, text: note } : null;
  const setMessage = (m: { ok: boolean; text: string } | null) => {
    setError(m && !m.ok ? m.text : null);
    setNote(m?.ok ? m.text : null);
  };
  const [showAll, setShowAll] = useState(false);

  const load = useCallback(async () => {
    const answer = await run(() => callApi('GET /api/rates'));
    if (answer) setRates(answer.rates);
  }, [run]);
  useEffect(() => { void load(); }, [load]);

  const waiting = useMemo(() => new Map(byCurrency.map((c) => [c.currency, c.unconverted])), [byCurrency]);
  const inUse = useMemo(() => new Set(byCurrency.map((c) => c.currency)), [byCurrency]);
  const missing = byCurrency.filter((c) => c.unconverted > 0 && !rates.some((r) => r.currency === c.currency));
  const sorted = useMemo(() => {
    const weight = (r: RateView) => ((waiting.get(r.currency) ?? 0) > 0 ? 0 : inUse.has(r.currency) ? 1 : 2);
    return [...rates].sort((a, b) => weight(a) - weight(b) || a.currency.localeCompare(b.currency));
  }, [rates, waiting, inUse]);
  const visible = showAll ? sorted : sorted.filter((r) => inUse.has(r.currency) || r.currency in edits);

  const apply = async (send: () => Promise<{ converted: number; rates: RateView[] }>, what: string) => {
    setNote(null);
    const answer = await run(send);
    if (!answer) return false;
    setRates(answer.rates);
    setEdits({});
    const converted = answer.converted > 0 ? ` ${answer.converted} waiting ${answer.converted === 1 ? 'donation was' : 'donations were'} converted.` : '';
    setNote(`${what}.${converted}`);
    return true;
  };

  const saveEdits = () => {
    const changed = Object.entries(edits).filter(([currency, rate]) => rates.find((r) => r.currency === currency)?.rate !== rate);
    const bad = changed.find(([, rate]) => !RATE.test(rate.trim()));
    if (bad) return setMessage({ ok: false, text: `The ${bad[0]} rate "${bad[1]}" is not a decimal like 0.92.` });
    if (changed.length === 0) return setMessage({ ok: false, text: 'No rate was changed.' });
    void apply(() => callApi('PUT /api/rates', { body: { rates: changed.map(([currency, rate]) => ({ currency, rate: rate.trim() })) } }), 'Rates saved');
  };

  const addCurrency = async (event: FormEvent) => {
    event.preventDefault();
    const currency = added.currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) return setMessage({ ok: false, text: 'The currency is a three-letter code like ISK.' });
    if (!RATE.test(added.rate.trim())) return setMessage({ ok: false, text: `The rate "${added.rate}" is not a decimal like 0.0071.` });
    const ok = await apply(() => callApi('PUT /api/rates', { body: { rates: [{ currency, rate: added.rate.trim() }] } }), `${currency} added`);
    if (ok) setAdded({ currency: '', rate: '' });
  };

  const importRates = async () => {
    const ok = await apply(() => callApi('POST /api/rates/import', { body: { text: importText } }), 'Rates imported');
    if (ok) setImportText('');
  };

  const confirmShown = (currencies: string[]) => {
    const what = currencies.length === 1 ? `The ${currencies[0]} rate is confirmed` : `${currencies.length} rates are confirmed`;
    void apply(async () => ({ ...(await callApi('POST /api/rates/confirm', { body: { currencies } })), converted: 0 }), what);
  };

  // Built-in rates are the app's estimates until the owner confirms or edits them.
  const estimates = rates.filter((r) => r.estimate_of !== null);
  const shownEstimates = visible.filter((r) => r.estimate_of !== null).map((r) => r.currency);
  const estimatesOf = estimates[0]?.estimate_of ?? null;
  const owned = rates.filter((r) => r.estimate_of === null);
  const newest = owned.reduce((max, r) => (r.updated_at > max ? r.updated_at : max), '');
  return (
    <div className="panel rates" data-testid="rates-editor">
      <h2>Exchange rates <span className="hint">one unit in {campaignCurrency}{newest && ` · updated ${timeAgo(newest, now)}`}</span></h2>
      {estimatesOf && (
        <div className="estimate-note" data-testid="rates-estimates" data-count={estimates.length}>
          <p>
            <strong>{estimates.length === rates.length ? 'These are' : `${estimates.length} of these are`} built-in estimates from {estimateDay(estimatesOf)}</strong>,
            not today's rates. {canEdit ? 'Check them against your bank or platform, edit any that differ, then confirm.' : 'The owner has not confirmed them yet.'}
          </p>
          {canEdit && (shownEstimates.length > 0 ? (
            <button type="button" className="secondary" data-testid="rates-confirm" disabled={busy} onClick={() => confirmShown(shownEstimates)}>
              {shownEstimates.length === 1 ? `Confirm the ${shownEstimates[0]} rate` : `Confirm these ${shownEstimates.length} rates`}
            </button>
          ) : (
            <button type="button" className="quiet" data-testid="rates-check" onClick={() => setShowAll(true)}>Check all {estimates.length}</button>
          ))}
        </div>
      )}
      {missing.length > 0 && (
        <p className="warning" data-testid="rates-missing">
          {missing.map((c) => `${c.unconverted} ${c.currency}`).join(', ')} waiting: add {missing.length === 1 ? 'its rate' : 'their rates'} below.
        </p>
      )}
      <div className="rates-table-wrap">
        <table className="rates-table">
          <thead><tr><th>Currency</th><th>Rate</th><th>Updated</th><th>Waiting</th></tr></thead>
          <tbody>
            {visible.map((rate) => {
              const count = waiting.get(rate.currency) ?? 0;
              return (
                <tr key={rate.currency} data-testid="rate-row" data-currency={rate.currency}>
                  <th scope="row">{rate.currency}</th>
                  <td>
                    <input aria-label={`${rate.currency} rate`} data-testid={`rate-${rate.currency}`} inputMode="decimal" disabled={!canEdit}
                      value={edits[rate.currency] ?? rate.rate} onChange={(e) => setEdits({ ...edits, [rate.currency]: e.target.value })} />
                  </td>
                  <td className="muted">
                    {rate.estimate_of ? <span className="badge estimate" data-testid="rate-estimate" title="A built-in estimate: not a live rate">estimate, {estimateDay(rate.estimate_of)}</span> : timeAgo(rate.updated_at, now)}
                  </td>
                  <td className={count > 0 ? 'warning' : 'muted'} data-testid="rate-waiting">{count > 0 ? `${count} waiting` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {visible.length === 0 && <p className="hint">No donations in other currencies yet.</p>}
      </div>
      <div className="button-row">
        {canEdit && <button type="button" className="secondary" data-testid="rates-save" disabled={busy || Object.keys(edits).length === 0} onClick={saveEdits}>Save rates</button>}
        <button type="button" className="quiet" data-testid="rates-show-all" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show only currencies in use' : `Show all ${rates.length}`}
        </button>
      </div>
      {canEdit && (
        <>
          <form className="inline-form rates-add" onSubmit={(e) => void addCurrency(e)} noValidate>
            <input aria-label="New currency code" data-testid="rate-new-currency" placeholder="Code (ISK)" maxLength={3}
              value={added.currency} onChange={(e) => setAdded({ ...added, currency: e.target.value })} />
            <input aria-label="New currency rate" data-testid="rate-new-rate" placeholder="Rate" inputMode="decimal"
              value={added.rate} onChange={(e) => setAdded({ ...added, rate: e.target.value })} />
            <button type="submit" data-testid="rate-add" disabled={busy}>Add currency</button>
          </form>
          <details className="rates-import">
            <summary>Import rates from CSV or JSON</summary>
            <textarea data-testid="rates-import-text" rows={4} placeholder={'currency,rate\nUSD,0.86\nISK,0.0071'}
              value={importText} onChange={(e) => setImportText(e.target.value)} />
            <button type="button" data-testid="rates-import" disabled={busy || importText.trim() === ''} onClick={() => void importRates()}>Import rates</button>
          </details>
        </>
      )}
      {message && <p className={message.ok ? 'form-done' : 'form-error'} role={message.ok ? 'status' : 'alert'} data-testid="rates-message">{message.text}</p>}
    </div>
  );
}
