import { type CurrencyCode, isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { MoneyOutOfRange, addMinor, convert, formatMinor, parseDecimalMinor } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import {
  PLEDGE_PARTS,
  PLEDGE_UNITS,
  type PaidMessageTotal,
  type PledgePart,
  PLEDGE_VALUE_KEYS,
  type PledgeTotals,
  type PledgeUnit,
  type PledgeValueKey,
  type PledgeValues,
} from '../../shared/views.js';
import type { Db } from '../store/database.js';

/** What one sub of each tier and 100 bits are worth, in campaign minor units; null: not counted. */
export type PledgeValuesMinor = Record<PledgeValueKey, number | null>;

export const NO_PLEDGE_VALUES: PledgeValuesMinor = { sub_tier1: null, sub_tier2: null, sub_tier3: null, sub_prime: null, bits_100: null, yt_membership: null };

const LABELS: Record<PledgeValueKey, string> = {
  sub_tier1: 'a tier 1 sub',
  sub_tier2: 'a tier 2 sub',
  sub_tier3: 'a tier 3 sub',
  sub_prime: 'a Prime sub',
  bits_100: '100 bits',
  yt_membership: 'a YouTube membership month',
};
/** Far above any real price (a tier 3 sub is about 25 USD): a typo, not a value. */
const MAX_MAJOR_UNITS = 1_000_000;
const VALUE_OF_UNIT: Record<PledgeUnit, PledgeValueKey> = {
  sub_tier1: 'sub_tier1',
  sub_tier2: 'sub_tier2',
  sub_tier3: 'sub_tier3',
  sub_prime: 'sub_prime',
  bits: 'bits_100',
  yt_membership: 'yt_membership',
};

/**
 * Reads `pledge_values` from a campaign body. Absent keeps `previous`; a key that is absent keeps
 * its previous value, null (or "") stops counting it. Values are exact decimal strings.
 */
export function readPledgeValues(input: unknown, currency: CurrencyCode, previous: PledgeValuesMinor): Result<PledgeValuesMinor> {
  if (input === undefined) return ok(previous);
  if (input === null) return ok(NO_PLEDGE_VALUES);
  if (typeof input !== 'object' || Array.isArray(input)) {
    return fail(`pledge_values must be an object such as { "sub_tier1": "2.50", "bits_100": "1.00" }`);
  }
  const body = input as Record<string, unknown>;
  const unknown = Object.keys(body).filter((key) => !(PLEDGE_VALUE_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) return fail(`pledge_values has no "${unknown[0]?.slice(0, 40)}"; it takes ${PLEDGE_VALUE_KEYS.join(', ')}`);
  const values: PledgeValuesMinor = { ...previous };
  for (const key of PLEDGE_VALUE_KEYS) {
    if (!(key in body)) continue;
    const read = readValue(body[key], currency, LABELS[key]);
    if (!read.ok) return read;
    values[key] = read.value;
  }
  return ok(values);
}

function readValue(raw: unknown, currency: CurrencyCode, label: string): Result<number | null> {
  if (raw === null || raw === '') return ok(null);
  let text: unknown = raw;
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const amount = raw as Record<string, unknown>;
    if (amount.currency !== undefined && amount.currency !== currency) {
      return fail(`the value of ${label} must be in the campaign currency ${currency}`);
    }
    text = amount.value;
  }
  if (typeof text !== 'string') return fail(`the value of ${label} must be a decimal string such as "2.50" (or null to not count it)`);
  const minor = parseDecimalMinor(text.trim(), minorUnitExponent(currency));
  if (!minor.ok) return fail(`the value of ${label}: ${minor.error}`);
  if (minor.value <= 0) return fail(`the value of ${label} must be more than zero (or null to not count it)`);
  if (minor.value > MAX_MAJOR_UNITS * 10 ** minorUnitExponent(currency)) {
    return fail(`the value of ${label} must be at most ${MAX_MAJOR_UNITS.toLocaleString('en')} ${currency}`);
  }
  return ok(minor.value);
}

/** The stored form: sub values as JSON in campaign.sub_values, bits in bits_per_100_minor. */
export function storedPledgeValues(values: PledgeValuesMinor): { subValues: string; bitsPer100: number | null } {
  const { bits_100: bitsPer100, ...subs } = values;
  const subValues = Object.fromEntries(Object.entries(subs).filter(([, minor]) => minor !== null));
  return { subValues: JSON.stringify(subValues), bitsPer100 };
}

export function pledgeValuesFromStore(subValues: string, bitsPer100: number | null): PledgeValuesMinor {
  let parsed: unknown = {};
  try {
    parsed = JSON.parse(subValues);
  } catch {
    // A hand-edited database: count nothing rather than guess.
  }
  const values: PledgeValuesMinor = { ...NO_PLEDGE_VALUES, bits_100: bitsPer100 };
  if (typeof parsed === 'object' && parsed !== null) {
    for (const key of ['sub_tier1', 'sub_tier2', 'sub_tier3', 'sub_prime', 'yt_membership'] as const) {
      const minor = (parsed as Record<string, unknown>)[key];
      if (typeof minor === 'number' && Number.isSafeInteger(minor) && minor > 0) values[key] = minor;
    }
  }
  return values;
}

export function pledgeValuesView(values: PledgeValuesMinor, currency: CurrencyCode): PledgeValues {
  const view = {} as PledgeValues;
  for (const key of PLEDGE_VALUE_KEYS) {
    const minor = values[key];
    view[key] = minor === null ? null : { value: formatMinor(minor, currency), currency };
  }
  return view;
}

/** count × value, exactly; bits are valued per 100 and rounded down to the minor unit. */
export function pledgeValueMinor(unit: PledgeUnit, count: number, each: number): number {
  const product = BigInt(count) * BigInt(each);
  const minor = unit === 'bits' ? product / 100n : product;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyOutOfRange(`the value of ${count} ${unit} is larger than the app can count exactly`);
  return Number(minor);
}

/**
 * Twitch pledges from pledge_totals (one row per source and unit) and the campaign's values, with
 * what each unit is made of (pledge_parts), and paid messages (paid_message_totals) at the
 * campaign's exchange rates.
 */
export class PledgeQueries {
  private readonly counts;
  private readonly parts;
  private readonly paid;
  private readonly values;

  constructor(db: Db) {
    this.counts = db.prepare<[], { unit: string; count: number }>('SELECT unit, SUM(count) AS count FROM pledge_totals GROUP BY unit');
    this.parts = db.prepare<[], { unit: string; part: string; lines: number; count: number }>(
      'SELECT unit, part, SUM(lines) AS lines, SUM(count) AS count FROM pledge_parts GROUP BY unit, part',
    );
    this.paid = db.prepare<[], { currency: string; messages: number; amount: number; rate: string | null }>(
      `SELECT p.currency, SUM(p.messages) AS messages, SUM(p.amount_minor) AS amount, r.rate
       FROM paid_message_totals p LEFT JOIN exchange_rates r ON r.currency = p.currency
       GROUP BY p.currency ORDER BY messages DESC, p.currency`,
    );
    this.values = db.prepare<[], { sub_values: string; bits_per_100_minor: number | null }>(
      'SELECT sub_values, bits_per_100_minor FROM campaign WHERE id = 1',
    );
  }

  totals(currency: string, raisedMinor: number): PledgeTotals {
    const code = (isCurrencyCode(currency) ? currency : 'EUR') as CurrencyCode;
    const stored = this.values.get();
    const values = stored ? pledgeValuesFromStore(stored.sub_values, stored.bits_per_100_minor) : NO_PLEDGE_VALUES;
    const counted = new Map(this.counts.all().map((row) => [row.unit, row.count]));
    const money = (minor: number) => ({ value: formatMinor(minor, code), currency: code });
    const parts = this.parts.all();
    let total = 0;
    const units = PLEDGE_UNITS.filter((unit) => (counted.get(unit) ?? 0) > 0).map((unit) => {
      const count = counted.get(unit) ?? 0;
      const each = values[VALUE_OF_UNIT[unit]];
      const value = each === null ? null : pledgeValueMinor(unit, count, each);
      if (value !== null) total = addMinor(total, value);
      const made = parts
        .filter((p) => p.unit === unit && p.count > 0 && (PLEDGE_PARTS as readonly string[]).includes(p.part))
        .map((p) => ({ part: p.part as PledgePart, lines: p.lines, count: p.count }))
        .sort((a, b) => PLEDGE_PARTS.indexOf(a.part) - PLEDGE_PARTS.indexOf(b.part));
      return { unit, count, each: each === null ? null : money(each), value: value === null ? null : money(value), parts: made };
    });
    const paidMessages = this.paid.all().flatMap((row): PaidMessageTotal[] => {
      if (!isCurrencyCode(row.currency)) return [];
      const value = row.rate === null && row.currency !== code ? null : convert({ minor: row.amount, currency: row.currency }, row.rate ?? '1', code).minor;
      if (value !== null) total = addMinor(total, value);
      return [{
        currency: row.currency,
        messages: row.messages,
        amount: { value: formatMinor(row.amount, row.currency), currency: row.currency },
        value: value === null ? null : money(value),
      }];
    });
    return { units, paid_messages: paidMessages, value: money(total), with_pledges: money(addMinor(raisedMinor, total)) };
  }
}
