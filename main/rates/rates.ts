import { type CurrencyCode, isCurrencyCode } from '../../shared/currencies.js';
import { crossRate, parseRate } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import type { RateView } from '../../shared/views.js';
import type { Db } from '../store/database.js';

/**
 * Starting points only, in units per one US dollar (late 2026, rounded). The owner edits the
 * table for the campaign; every donation keeps the rate it was converted with. Until the owner
 * confirms or edits one, it is shown as an estimate from BUILT_IN_RATES_DATE.
 */
const DEFAULT_UNITS_PER_USD: Readonly<Record<string, string>> = {
  USD: '1', EUR: '0.86', GBP: '0.76', JPY: '155', CHF: '0.80', CAD: '1.40', AUD: '1.53',
  NZD: '1.75', SEK: '9.5', NOK: '10.1', DKK: '6.45', PLN: '3.65', CZK: '21', HUF: '335',
  RON: '4.38', TRY: '42', BRL: '5.35', MXN: '18.4', ARS: '1450', CLP: '940', COP: '3800',
  INR: '88.5', IDR: '16600', MYR: '4.15', SGD: '1.30', HKD: '7.78', CNY: '7.1', KRW: '1460',
  TWD: '31', THB: '32.5', PHP: '59', ZAR: '17.3', KWD: '0.307', BHD: '0.376', OMR: '0.3845',
  JOD: '0.709', AED: '3.6725', SAR: '3.75', QAR: '3.64', ILS: '3.3', BDT: '122', PKR: '281',
  EGP: '47.5', NGN: '1450', UAH: '42'
};

/** The day the figures above are from: every built-in rate says it until the owner confirms it. */
export const BUILT_IN_RATES_DATE = '2026-11-15';

/** Fills the rate table for a new campaign currency from the defaults, each marked as an estimate. */
export function seedDefaultRates(db: Db, campaignCurrency: CurrencyCode, now = Date.now()): void {
  const pivot = DEFAULT_UNITS_PER_USD[campaignCurrency];
  const insert = db.prepare(
    'INSERT INTO exchange_rates (currency, rate, updated_at, estimate_of) VALUES (?, ?, ?, ?) ON CONFLICT (currency) DO NOTHING',
  );
  if (!pivot) return;
  for (const [currency, perUsd] of Object.entries(DEFAULT_UNITS_PER_USD)) {
    if (currency === campaignCurrency || !isCurrencyCode(currency) || perUsd === '0') continue;
    insert.run(currency, crossRate(perUsd, pivot, 10), now, BUILT_IN_RATES_DATE);
  }
}

/**
 * The owner checked these built-in rates and keeps them as they are (all estimates when
 * `currencies` is absent): they stop being estimates. Returns the currencies confirmed, each
 * with its rate, for the audit.
 */
export function confirmEstimates(db: Db, currencies: readonly string[] | null): { currency: string; rate: string; estimate_of: string }[] {
  const estimates = db
    .prepare<[], { currency: string; rate: string; estimate_of: string }>(
      'SELECT currency, rate, estimate_of FROM exchange_rates WHERE estimate_of IS NOT NULL ORDER BY currency',
    )
    .all()
    .filter((r) => currencies === null || currencies.includes(r.currency));
  const confirm = db.prepare('UPDATE exchange_rates SET estimate_of = NULL WHERE currency = ?');
  for (const rate of estimates) confirm.run(rate.currency);
  return estimates;
}

/** Replaces the whole table when the campaign currency changes (only possible before any money). */
export function resetRates(db: Db, campaignCurrency: CurrencyCode, now = Date.now()): void {
  db.prepare('DELETE FROM exchange_rates').run();
  seedDefaultRates(db, campaignCurrency, now);
}

export function listRates(db: Db): RateView[] {
  return db
    .prepare<[], { currency: string; rate: string; updated_at: number; estimate_of: string | null }>(
      'SELECT currency, rate, updated_at, estimate_of FROM exchange_rates ORDER BY currency',
    )
    .all()
    .map((r) => ({ currency: r.currency, rate: r.rate, updated_at: new Date(r.updated_at).toISOString(), estimate_of: r.estimate_of }));
}

export function validateRates(input: unknown, campaignCurrency: CurrencyCode): Result<{ currency: CurrencyCode; rate: string }[]> {
  const list = (input as { rates?: unknown } | null)?.rates;
  if (!Array.isArray(list) || list.length === 0 || list.length > 500) {
    return fail('rates must be a list like [{ "currency": "USD", "rate": "0.92" }]');
  }
  const out: { currency: CurrencyCode; rate: string }[] = [];
  for (const [index, entry] of list.entries()) {
    const { currency, rate } = (entry ?? {}) as Record<string, unknown>;
    if (!isCurrencyCode(currency)) return fail(`rates[${index}].currency must be an ISO 4217 code`);
    if (currency === campaignCurrency) return fail(`rates[${index}]: ${currency} is the campaign currency (its rate is 1)`);
    const parsed = parseRate(rate);
    if (!parsed.ok) return fail(`rates[${index}].${parsed.error}`);
    out.push({ currency, rate: parsed.value });
  }
  return ok(out);
}

export function rateLookup(db: Db): (currency: string) => string | null {
  const statement = db.prepare<[string], { rate: string }>('SELECT rate FROM exchange_rates WHERE currency = ?');
  return (currency) => statement.get(currency)?.rate ?? null;
}
