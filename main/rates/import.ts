import { isCurrencyCode } from '../../shared/currencies.js';
import { parseRate } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import { findColumns, parseCsv } from '../import/csv.js';

/**
 * Rates pasted or uploaded as text: CSV with "currency" and "rate" columns (comma or semicolon),
 * or JSON, either { "rates": [{ "currency", "rate" }] } or { "USD": "0.92", ... }. Rates are
 * decimal strings, parsed exactly like PUT /api/rates: a JSON number is refused, not rounded.
 */
export function parseRateText(text: string): Result<{ currency: string; rate: string }[]> {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return fail('the rates are empty');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return rateJson(trimmed);
  const table = parseCsv(trimmed);
  if (!table.ok) return table;
  const columns = findColumns(table.value.header, {
    currency: { names: ['currency', 'code', 'ccy'], required: true },
    rate: { names: ['rate', 'value'], required: true },
  });
  if (!columns.ok) return columns;
  const out: { currency: string; rate: string }[] = [];
  for (const record of table.value.records) {
    const currency = (record.fields[columns.value.currency ?? 0] ?? '').trim().toUpperCase();
    const rate = (record.fields[columns.value.rate ?? 1] ?? '').trim();
    const checked = checkRate(currency, rate, `row ${record.row}`);
    if (!checked.ok) return checked;
    out.push(checked.value);
  }
  return out.length === 0 ? fail('there are no rates under the header row') : ok(out);
}

function rateJson(text: string): Result<{ currency: string; rate: string }[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('the text starts like JSON but is not valid JSON');
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { rates?: unknown }).rates;
  const entries: [string, unknown][] = Array.isArray(list)
    ? list.map((e) => [String((e as Record<string, unknown> | null)?.currency ?? ''), (e as Record<string, unknown> | null)?.rate])
    : Object.entries(parsed as Record<string, unknown>);
  const out: { currency: string; rate: string }[] = [];
  for (const [currency, rate] of entries) {
    const checked = checkRate(currency.trim().toUpperCase(), rate, currency.slice(0, 10) || 'an entry');
    if (!checked.ok) return checked;
    out.push(checked.value);
  }
  return out.length === 0 ? fail('there are no rates in the JSON') : ok(out);
}

function checkRate(currency: string, rate: unknown, where: string): Result<{ currency: string; rate: string }> {
  if (!isCurrencyCode(currency)) return fail(`${where}: "${currency.slice(0, 20)}" is not a currency code like USD`);
  if (typeof rate === 'number') return fail(`${where}: the rate ${rate} is a number; write it as a string like "0.92" so it stays exact`);
  const parsed = parseRate(typeof rate === 'string' ? rate.trim() : rate);
  if (!parsed.ok) return fail(`${where}: ${parsed.error}`);
  return ok({ currency, rate: parsed.value });
}
