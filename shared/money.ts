import { type CurrencyCode, isCurrencyCode, minorUnitExponent } from './currencies.js';
import { type Result, fail, ok } from './result.js';

/** Money is always integer minor units of an ISO 4217 currency (cents, yen, fils). */
export interface Money {
  readonly minor: number;
  readonly currency: CurrencyCode;
}

/** The wire form of money: an exact decimal string and its currency. */
export interface Amount {
  value: string;
  currency: string;
}

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
const MAX_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

// ── Limits ──────────────────────────────────────────────────────────────────────────────────
// JavaScript numbers (and JSON readers) stop being exact past 2^53 − 1 ≈ 9.007 × 10^15, and
// SQLite's SUM fails past 2^63. These bounds keep every sum the app computes far below both,
// so totals, rollups, charts, donor sums, exports and the overlay stay exact to the minor unit.

/**
 * The largest single amount: 10^12 minor units of its currency (10,000,000,000.00 EUR,
 * 1,000,000,000,000 JPY, 1,000,000,000.000 KWD), both as given and once converted to the
 * campaign currency. Far above any real donation; a larger one is refused with 422.
 */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/**
 * The most money one campaign can count: the sum of every amount added, without its sign
 * (donations, refunds and corrections alike), at most 10^15 minor units in the campaign
 * currency and in each donation currency. Every total the app derives (campaign, per source,
 * per currency, per minute, per donor, any chart bucket or running sum) is a signed sum of
 * some of those amounts, so it is at most this too: 9 times below 2^53 − 1. A donation that
 * would pass it is refused with 422, before anything is written. Campaign goals and milestones
 * are bounded by it as well.
 */
export const MAX_CAMPAIGN_VOLUME_MINOR = 1_000_000_000_000_000;

/**
 * Exchange rates: more than zero, at most 10^9 units of the campaign currency per unit of the
 * other (the widest real gap between two currencies is about 10^6), with at most 18 decimals.
 * A rate that would convert a donation past MAX_AMOUNT_MINOR refuses that donation (422).
 */
export const MAX_RATE = 1_000_000_000;
export const MAX_RATE_DECIMALS = 18;

/** A total or amount that cannot be represented exactly (an old database past the limits). */
export class MoneyOutOfRange extends Error {
  readonly code = 'money_out_of_range';
  constructor(message: string) {
    super(message);
    this.name = 'MoneyOutOfRange';
  }
}

/**
 * a + b for totals read back from storage: throws MoneyOutOfRange instead of silently rounding
 * once a sum leaves the safe integers (possible only in a database written past the limits).
 */
export function addMinor(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new MoneyOutOfRange('a total is larger than the app can count exactly');
  return sum;
}

/** null when `minor` (its absolute value) is within MAX_AMOUNT_MINOR, else why not, in words. */
export function amountLimitError(minor: number, currency: CurrencyCode, what = 'the amount'): string | null {
  if (Number.isSafeInteger(minor) && Math.abs(minor) <= MAX_AMOUNT_MINOR) return null;
  return `${what} is more than the largest amount the app accepts, ${formatMinor(MAX_AMOUNT_MINOR, currency)} ${currency}`;
}

/**
 * Parses a positive decimal string ("12.50") exactly, without floats. Refuses signs, exponents,
 * spaces, zero, and more decimals than the currency has.
 */
export function parseAmount(input: unknown): Result<Money> {
  if (typeof input !== 'object' || input === null) {
    return fail('amount must be an object like { "value": "12.50", "currency": "EUR" }');
  }
  const { value, currency } = input as Record<string, unknown>;
  if (!isCurrencyCode(currency)) {
    return fail(`amount.currency must be an ISO 4217 code like "EUR"; got ${describe(currency)}`);
  }
  if (typeof value !== 'string') {
    return fail(`amount.value must be a decimal string like "12.50"; got ${describe(value)}`);
  }
  const minor = parseDecimalMinor(value, minorUnitExponent(currency));
  if (!minor.ok) return fail(`amount.value ${minor.error}`);
  if (minor.value === 0) return fail('amount.value must be more than zero');
  const tooLarge = amountLimitError(minor.value, currency, 'amount.value');
  if (tooLarge) return fail(tooLarge);
  return ok({ minor: minor.value, currency });
}

/** Decimal string → integer minor units for a currency with `exponent` decimals; zero allowed. */
export function parseDecimalMinor(value: string, exponent: number): Result<number> {
  const match = DECIMAL.exec(value);
  if (!match) return fail(`"${truncate(value)}" is not a plain decimal number like "12.50"`);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    return fail(
      exponent === 0
        ? `"${value}" has decimals, but this currency has none`
        : `"${value}" has more than ${exponent} decimal places`,
    );
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (minor > MAX_MINOR) return fail(`"${truncate(value)}" is too large`);
  return ok(Number(minor));
}

/** Integer minor units → exact decimal string ("-12.50", "1250" for JPY); a bigint for sums past the limits. */
export function formatMinor(minor: number | bigint, currency: CurrencyCode): string {
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) {
    throw new MoneyOutOfRange(`an amount of ${currency} is larger than the app can count exactly (${minor})`);
  }
  const exponent = minorUnitExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(minor < 0 ? -minor : minor).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function toAmount(money: Money): Amount {
  return { value: formatMinor(money.minor, money.currency), currency: money.currency };
}

/** A rate is an exact positive decimal string: how many units of `to` one unit of `from` buys. */
const RATE = /^(0|[1-9][0-9]{0,14})(?:\.([0-9]{1,18}))?$/;

export function parseRate(rate: unknown): Result<string> {
  if (typeof rate !== 'string' || !RATE.test(rate)) {
    return fail(
      `rate must be a positive decimal string like "0.92", with at most ${MAX_RATE_DECIMALS} decimals; got ${describe(rate)}`,
    );
  }
  if (/^0(?:\.0*)?$/.test(rate)) return fail('rate must be more than zero');
  const { numerator, denominator } = rateAsFraction(rate);
  if (numerator > BigInt(MAX_RATE) * denominator) {
    return fail(`rate ${describe(rate)} is more than the largest rate the app accepts, ${MAX_RATE}`);
  }
  return ok(rate);
}

function rateAsFraction(rate: string): { numerator: bigint; denominator: bigint } {
  const [whole = '0', fraction = ''] = rate.split('.');
  return { numerator: BigInt(whole + fraction), denominator: 10n ** BigInt(fraction.length) };
}

/** numerator / denominator rounded half to even (banker's rounding), for positive denominators. */
export function divideRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const quotient = n / denominator;
  const twiceRemainder = (n % denominator) * 2n;
  let rounded = quotient;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) {
    rounded = quotient + 1n;
  }
  return negative ? -rounded : rounded;
}

/** Converts exactly with a decimal rate, rounding half to even in the target's minor unit. */
export function convert(money: Money, rate: string, to: CurrencyCode): Money {
  if (money.currency === to) return { minor: money.minor, currency: to };
  const { numerator, denominator } = rateAsFraction(rate);
  const scaleFrom = 10n ** BigInt(minorUnitExponent(money.currency));
  const scaleTo = 10n ** BigInt(minorUnitExponent(to));
  const minor = divideRoundHalfEven(
    BigInt(money.minor) * numerator * scaleTo,
    denominator * scaleFrom,
  );
  if (minor > MAX_MINOR || minor < -MAX_MINOR) throw new MoneyOutOfRange(`the converted amount is larger than the app can count exactly`);
  return { minor: Number(minor), currency: to };
}

/**
 * Converts like `convert`, refusing (with the reason) a result past MAX_AMOUNT_MINOR: what a
 * donation's converted amount must stay within.
 */
export function convertWithinLimit(money: Money, rate: string, to: CurrencyCode): Result<Money> {
  const { numerator, denominator } = rateAsFraction(rate);
  const scaleFrom = 10n ** BigInt(minorUnitExponent(money.currency));
  const scaleTo = 10n ** BigInt(minorUnitExponent(to));
  const minor = money.currency === to ? BigInt(money.minor) : divideRoundHalfEven(BigInt(money.minor) * numerator * scaleTo, denominator * scaleFrom);
  const limit = BigInt(MAX_AMOUNT_MINOR);
  if (minor > limit || minor < -limit) {
    return fail(
      `converted at ${rate}, ${formatMinor(Math.abs(money.minor), money.currency)} ${money.currency} is more than the largest amount the app accepts, ${formatMinor(MAX_AMOUNT_MINOR, to)} ${to}`,
    );
  }
  return ok({ minor: Number(minor), currency: to });
}

/**
 * The cross rate from → to given both currencies' units per one pivot unit, as an exact
 * decimal string with `places` decimals (rounded half to even).
 */
export function crossRate(fromPerPivot: string, toPerPivot: string, places = 12): string {
  const from = rateAsFraction(fromPerPivot);
  const to = rateAsFraction(toPerPivot);
  const scale = 10n ** BigInt(places);
  const scaled = divideRoundHalfEven(
    to.numerator * from.denominator * scale,
    to.denominator * from.numerator,
  );
  const digits = scaled.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, -places);
  const fraction = digits.slice(-places).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Display form with grouping for people, e.g. "12,345.67 EUR" (never used for storage). */
export function displayMinor(minor: number, currency: CurrencyCode): string {
  const exact = formatMinor(minor, currency);
  const [whole = '0', fraction] = exact.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0 ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''} ${currency}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${truncate(value)}"`;
  if (value === undefined) return 'nothing';
  return `${typeof value === 'number' ? 'the number ' : ''}${truncate(JSON.stringify(value) ?? String(value))}`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
