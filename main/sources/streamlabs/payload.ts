import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { type Money, amountLimitError, parseDecimalMinor } from '../../../shared/money.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import type { DonationEvent } from '../../ingest/ingest.js';

const ID = /^[\x21-\x7e]{1,100}$/;

/** What one Socket API `event` message held: donations to count, and items that were refused. */
export interface StreamlabsBatch {
  donations: DonationEvent[];
  refused: string[];
}

/**
 * A Socket API message: `{ type, message: [...], for?, event_id }`. Only `type: "donation"`
 * concerns money (follows, subs and hosts come on the same socket and are ignored). Each item
 * of `message` is one donation, identified by Streamlabs' own `_id` (or its numeric `id`): the
 * same donation replayed after a reconnect carries the same id and is counted once.
 * Returns null for messages that are not donations.
 */
export function readStreamlabsEvent(data: unknown, sourceId: string, nowMs: number): StreamlabsBatch | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { donations: [], refused: ['an event that is not a JSON object'] };
  }
  const event = data as Record<string, unknown>;
  if (event.type !== 'donation') return null;
  // Donations made through Streamlabs have no `for` (or "streamlabs"); other values are events
  // of linked accounts (a Twitch or YouTube account) that the platform repeats here.
  if (event.for !== undefined && event.for !== null && event.for !== 'streamlabs') return null;
  const items = Array.isArray(event.message) ? event.message : [event.message];
  const batch: StreamlabsBatch = { donations: [], refused: [] };
  for (const item of items) {
    const parsed = readDonation(item, sourceId, nowMs);
    if (parsed.ok) batch.donations.push(parsed.value);
    else batch.refused.push(parsed.error);
  }
  if (items.length === 0) batch.refused.push('a donation event without any donation in it');
  return batch;
}

function readDonation(item: unknown, sourceId: string, nowMs: number): Result<DonationEvent> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail('a donation that is not a JSON object');
  const d = item as Record<string, unknown>;
  const externalId = typeof d._id === 'string' && ID.test(d._id)
    ? d._id
    : typeof d.id === 'number' && Number.isSafeInteger(d.id) ? `id:${d.id}`
    : typeof d.id === 'string' && ID.test(d.id) ? `id:${d.id}` : null;
  if (externalId === null) return fail('a donation without an id (_id or id)');
  const amount = readStreamlabsAmount(d.amount, d.currency, d.formatted_amount ?? d.formattedAmount);
  if (!amount.ok) return fail(`donation ${externalId}: ${amount.error}`);
  const name = typeof d.name === 'string' ? d.name : typeof d.from === 'string' ? d.from : '';
  const message = typeof d.message === 'string' ? d.message.trim() : '';
  return ok({
    sourceId,
    externalId,
    type: 'donation',
    amount: amount.value,
    donorName: name.trim() === '' ? null : name.trim().slice(0, 200),
    anonymous: false,
    message: message === '' ? null : message.slice(0, 2_000),
    // The Socket API gives no time: the donation is live, so it happened now.
    occurredAt: nowMs,
    payload: item,
  });
}

/**
 * Streamlabs documents `amount` as a decimal string ("13.37", as in the fixture), parsed
 * exactly; trailing zeros past the currency's decimals ("1000.00" JPY) are exact and allowed.
 * Some integrations send a JSON number instead. A number has already been through a float, so
 * it is accepted only when the platform's own `formatted_amount` ("$13.37", "13,37 €") states
 * the same value to the minor unit; otherwise it is refused with a reason the owner can act
 * on (the donation stays visible in Streamlabs and can be entered by hand), never guessed.
 */
export function readStreamlabsAmount(amount: unknown, currency: unknown, formatted: unknown): Result<Money> {
  if (!isCurrencyCode(currency)) return fail(`currency must be an ISO 4217 code like "USD"; got ${short(currency)}`);
  const exponent = minorUnitExponent(currency);
  let minor: Result<number>;
  if (typeof amount === 'string') {
    minor = parseDecimalMinor(withoutExtraZeros(amount.trim(), exponent), exponent);
    if (!minor.ok) return fail(`amount ${minor.error}`);
  } else if (typeof amount === 'number') {
    const confirmed = confirmNumber(amount, exponent, formatted);
    if (!confirmed.ok) return confirmed;
    minor = confirmed;
  } else {
    return fail(`amount must be a decimal string like "13.37"; got ${short(amount)}`);
  }
  if (minor.value <= 0) return fail('amount must be more than zero');
  const tooLarge = amountLimitError(minor.value, currency);
  if (tooLarge) return fail(tooLarge);
  return ok({ minor: minor.value, currency });
}

function confirmNumber(amount: number, exponent: number, formatted: unknown): Result<number> {
  const refused = `amount came as the number ${short(amount)}, not a decimal string, and ${
    typeof formatted === 'string' ? `its formatted amount ${short(formatted)} does not confirm it` : 'no formatted amount confirms it'
  }: not counted (enter it by hand after checking Streamlabs)`;
  if (!Number.isFinite(amount) || typeof formatted !== 'string') return fail(refused);
  const fromNumber = parseDecimalMinor(withoutExtraZeros(String(amount), exponent), exponent);
  if (!fromNumber.ok) return fail(refused);
  const stated = formattedCandidates(formatted).map((c) => parseDecimalMinor(withoutExtraZeros(c, exponent), exponent));
  return stated.some((s) => s.ok && s.value === fromNumber.value) ? fromNumber : fail(refused);
}

/** "$1,234.50" → ["1234.50", "123450"]; "13,37 €" → ["13.37", "1337"]: the last separator as a decimal point, or none. */
function formattedCandidates(formatted: string): string[] {
  const number = /[0-9][0-9.,\u00a0\u202f' ]*/.exec(formatted)?.[0]?.replace(/[\u00a0\u202f' ]+$/, '') ?? '';
  const digitsOnly = number.replace(/[^0-9]/g, '');
  const last = Math.max(number.lastIndexOf('.'), number.lastIndexOf(','));
  if (last < 0) return [digitsOnly];
  const whole = number.slice(0, last).replace(/[^0-9]/g, '');
  const fraction = number.slice(last + 1).replace(/[^0-9]/g, '');
  return [`${whole}.${fraction}`, digitsOnly];
}

/** "1000.00" for a currency without decimals is exactly 1000: drop zeros beyond its decimals. */
function withoutExtraZeros(value: string, exponent: number): string {
  const match = /^([0-9]+)\.([0-9]*?)(0*)$/.exec(value);
  if (!match) return value;
  const [, whole = '', kept = ''] = match;
  const fraction = kept.length >= exponent ? kept : (match[2] ?? '') + (match[3] ?? '').slice(0, exponent - kept.length);
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
