import { csvCell } from '../csv/cell.js';
import type { PrizeRow, PrizeWinnerRow } from './prizes.js';
import { formatMinor } from '../../shared/money.js';
import type { CurrencyCode } from '../../shared/currencies.js';

const COLUMNS = [
  'prize', 'place', 'donor_name', 'anonymous', 'contact_email', 'amount', 'currency', 'donation_id', 'platform', 'source_name',
  'platform_donation_id', 'donated_at',
] as const;

/** An address-like string (no spaces, one @ with text on each side), at most 254 characters. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/**
 * The contact the platform gave with the donation, if any: the generic webhook's `donor.email`
 * (or `email`, `donor_email`), StreamElements' `donation.user.email`. Tiltify, Streamlabs and
 * Twitch give none to the streamer: the column is empty and the charity goes through them.
 */
export function contactEmail(payload: string | null): string | null {
  if (!payload) return null;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return null;
  }
  const at = (path: string[]): unknown => path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), body);
  const paths = [['donor', 'email'], ['email'], ['donor_email'], ['donation', 'user', 'email'], ['data', 'donation', 'user', 'email'], ['user', 'email']];
  for (const path of paths) {
    const value = at(path);
    if (typeof value === 'string' && EMAIL.test(value.trim())) return value.trim();
  }
  return null;
}

/**
 * The winners for the charity to contact, one line per place (current winners; redrawn ones
 * are in the draw record and the audit): RFC 4180 CSV through the project's cell writer, so a
 * donor's name can never run as a spreadsheet formula. The owner's alone: it holds contacts.
 */
export function winnersCsv(prize: PrizeRow, rows: readonly PrizeWinnerRow[]): string {
  const lines = rows.map((row) =>
    [
      prize.title,
      row.position,
      row.donor_name,
      row.anonymous === 1,
      contactEmail(row.payload),
      row.minor === null ? null : formatMinor(row.minor, row.campaign_currency as CurrencyCode),
      row.campaign_currency,
      row.donation_seq,
      row.source_kind ?? '',
      row.source_name ?? '',
      row.platform_id,
      new Date(row.occurred_at).toISOString(),
    ].map(csvCell).join(','),
  );
  return `\uFEFF${COLUMNS.join(',')}\r\n${lines.map((line) => `${line}\r\n`).join('')}`;
}
