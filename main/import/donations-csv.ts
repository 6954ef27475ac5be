import { createHash } from 'node:crypto';
import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { amountLimitError, formatMinor, parseDecimalMinor } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import type { CsvImportRow } from '../../shared/views.js';
import type { DonationEvent } from '../ingest/ingest.js';
import { findColumns, parseCsv } from './csv.js';

/** Offline money (bank transfers, cheques) lives in one source of its own. */
export const CSV_SOURCE_ID = 'csv-import';

const COLUMNS = {
  amount: { names: ['amount', 'value', 'sum'], required: true },
  currency: { names: ['currency', 'ccy'], required: true },
  id: { names: ['id', 'reference', 'ref', 'transaction id'], required: false },
  donor: { names: ['donor', 'name', 'donor name', 'from'], required: false },
  message: { names: ['message', 'note', 'memo', 'comment'], required: false },
  date: { names: ['date', 'occurred at', 'received', 'booking date'], required: false },
  /** What the donor gave for: an incentive, a bid war's option (by name or tag); a suggested new option (issue 14). */
  incentive: { names: ['incentive', 'bid war', 'option', 'for'], required: false },
  new_option: { names: ['new option', 'suggested option'], required: false },
} as const;

const ID = /^[\x21-\x7e]{1,150}$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export interface ReadImport {
  rows: CsvImportRow[];
  /** The good rows as donations, by row number. */
  events: Map<number, DonationEvent>;
  separator: ',' | ';';
}

/**
 * Reads a donations CSV into rows the preview shows and donations to commit. Errors are per
 * row, in plain words; a file-level problem (unreadable CSV, missing column) refuses the file.
 *
 * The external id that makes re-import idempotent: the file's own `id` column when it has
 * one (a bank's transaction reference). Otherwise a hash of the row's normalized content
 * (date, amount in minor units, currency, donor, message) plus how many identical rows came
 * before it in the same file — not its row position. An accountant's next export of the same
 * account usually has the old rows plus new ones, often re-sorted; with positions every row
 * below an insertion would count again. Two identical cheques in one file stay two rows (1st
 * and 2nd occurrence); the price is that the same identical pair split across two files counts
 * once per file's occurrence numbers, which an `id` column avoids.
 */
export function readDonationsCsv(text: string, nowMs: number): Result<ReadImport> {
  const table = parseCsv(text);
  if (!table.ok) return table;
  const columns = findColumns(table.value.header, COLUMNS);
  if (!columns.ok) return columns;
  const c = columns.value;
  const seen = new Map<string, number>();
  const rows: CsvImportRow[] = [];
  const events = new Map<number, DonationEvent>();
  const ids = new Set<string>();
  if (table.value.records.length === 0) return fail('the file has a header row but no donations under it');
  for (const record of table.value.records) {
    const cell = (index: number | null) => (index === null ? '' : (record.fields[index] ?? '').trim());
    const base = { row: record.row, donor: cell(c.donor) || null, message: cell(c.message) || null };
    const bad = (error: string): void => {
      rows.push({ ...base, status: 'error', error: `row ${record.row}: ${error}`, amount: null, external_id: null, date: cell(c.date) || null });
    };
    const currency = cell(c.currency).toUpperCase();
    const amountText = cell(c.amount);
    if (!isCurrencyCode(currency)) {
      bad(currency === '' ? 'the currency is empty' : `currency "${clip(cell(c.currency))}" is not a currency code like EUR`);
      continue;
    }
    const minor = parseDecimalMinor(amountText, minorUnitExponent(currency));
    if (!minor.ok) {
      const exponent = minorUnitExponent(currency);
      const example = exponent === 0 ? '1250' : `12.${'5'.padEnd(exponent, '0')}`;
      bad(amountText === '' ? 'the amount is empty'
        : /^-/.test(amountText) ? `amount "${clip(amountText)}" is negative: import only money received`
        : `amount "${clip(amountText)}" is not a decimal like ${example}${exponent === 0 ? ` (${currency} has no decimals)` : ''}`);
      continue;
    }
    if (minor.value === 0) {
      bad('the amount is zero');
      continue;
    }
    const tooLarge = amountLimitError(minor.value, currency, `amount "${clip(amountText)}"`);
    if (tooLarge) {
      bad(tooLarge);
      continue;
    }
    const dateText = cell(c.date);
    let occurredAt = nowMs;
    if (dateText !== '') {
      occurredAt = DATE.test(dateText) ? Date.parse(dateText.length === 10 ? `${dateText}T12:00:00Z` : dateText.replace(' ', 'T')) : Number.NaN;
      if (!Number.isFinite(occurredAt)) {
        bad(`date "${clip(dateText)}" is not a date like 2026-11-23`);
        continue;
      }
    }
    const ownId = cell(c.id);
    if (ownId !== '' && !ID.test(ownId)) {
      bad(`id "${clip(ownId)}" must be 1 to 150 letters, digits or signs without spaces`);
      continue;
    }
    let externalId: string;
    if (ownId !== '') {
      externalId = `id:${ownId}`;
    } else {
      const normalized = [dateText, currency, String(minor.value), squash(base.donor), squash(base.message)].join('\u001f');
      const occurrence = (seen.get(normalized) ?? 0) + 1;
      seen.set(normalized, occurrence);
      externalId = `row:${createHash('sha256').update(normalized).digest('hex').slice(0, 32)}:${occurrence}`;
    }
    if (ids.has(externalId)) {
      bad(`id "${clip(ownId)}" appears twice in this file`);
      continue;
    }
    ids.add(externalId);
    events.set(record.row, {
      sourceId: CSV_SOURCE_ID,
      externalId,
      type: 'donation',
      amount: { minor: minor.value, currency },
      donorName: base.donor ? base.donor.slice(0, 200) : null,
      anonymous: false,
      message: base.message ? base.message.slice(0, 2_000) : null,
      occurredAt,
      ...(cell(c.incentive) ? { choice: { incentive: cell(c.incentive).slice(0, 120), new_option: cell(c.new_option).slice(0, 80) || null } } : {}),
      payload: { row: record.row, fields: record.fields.slice(0, 50) },
    });
    rows.push({
      ...base,
      status: 'new',
      error: null,
      amount: { value: formatMinor(minor.value, currency), currency },
      external_id: externalId,
      date: dateText === '' ? null : new Date(occurredAt).toISOString(),
    });
  }
  return ok({ rows, events, separator: table.value.separator });
}

const squash = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
const clip = (text: string): string => (text.length > 30 ? `${text.slice(0, 30)}…` : text);
