import type { CurrencyCode } from '../../shared/currencies.js';
import { convertWithinLimit } from '../../shared/money.js';
import { IngestRefused } from '../ingest/ingest.js';
import { MoneyVolume } from '../ingest/money-volume.js';
import { type Db, durably } from '../store/database.js';

/**
 * Saves new rates, and converts the donations that waited for one (their campaign amount was
 * unknown and not in the total). Rows already converted keep their snapshot: a rate change never
 * rewrites money that was counted. Returns how many donations were converted.
 */
export function convertPending(db: Db, rates: { currency: CurrencyCode; rate: string }[], campaignCurrency: CurrencyCode, now = Date.now()): number {
  return convertPendingDonations(db, rates, campaignCurrency, now).length;
}

/**
 * The same, returning each donation it converted (for the dashboards to show them converted).
 * Nothing is saved (the rates neither) when one waiting donation would convert past
 * MAX_AMOUNT_MINOR or take the campaign past its money limit: IngestRefused says which.
 * `volume` is the ingest's running volume (kept current here); without it one is summed.
 */

export interface ConvertedDonation {
  seq: number;
  sourceId: string;
  occurredAt: number;
}
export function convertPendingDonations(
  db: Db,
  rates: { currency: CurrencyCode; rate: string }[],
  campaignCurrency: CurrencyCode,
  now = Date.now(),
  volume: MoneyVolume = new MoneyVolume(db),
  /** Runs in the same durable transaction, after the rates are written (the audit of them). */
  alsoInTransaction: () => void = () => {},
): ConvertedDonation[] {
  let added = 0;
  const toCampaign = (minor: number, currency: CurrencyCode, rate: string, seq: number): number => {
    const converted = convertWithinLimit({ minor, currency }, rate, campaignCurrency);
    if (!converted.ok) throw new IngestRefused(`donation #${seq} waits for a ${currency} rate: ${converted.error}`, 'amount_too_large');
    const refusal = volume.refusal({ currency, amount: 0, campaign: added + Math.abs(converted.value.minor) }, campaignCurrency);
    if (refusal) throw new IngestRefused(`converting donation #${seq}: ${refusal}`, 'campaign_limit');
    added += Math.abs(converted.value.minor);
    return converted.value.minor;
  };
  const upsertRate = db.prepare(
    // A rate the owner sends is theirs: it is no longer the built-in estimate.
    'INSERT INTO exchange_rates (currency, rate, updated_at, estimate_of) VALUES (?, ?, ?, NULL) ON CONFLICT (currency) DO UPDATE SET rate = excluded.rate, updated_at = excluded.updated_at, estimate_of = NULL',
  );
  const waiting = db.prepare<[string], { seq: number; source_id: string; amount_minor: number; occurred_at: number; type: string }>(
    'SELECT event_seq AS seq, source_id, amount_minor, occurred_at, type FROM donations WHERE currency = ? AND campaign_minor IS NULL',
  );
  const setConverted = db.prepare('UPDATE donations SET campaign_minor = ?, rate = ? WHERE event_seq = ?');
  const moveTotals = db.prepare(
    'UPDATE money_totals SET campaign_minor = campaign_minor + ?, unconverted = unconverted - 1 WHERE source_id = ? AND currency = ?',
  );
  const waitingCorrections = db.prepare<[string], { seq: number; source_id: string; delta: number; occurred_at: number }>(
    `SELECT c.event_seq AS seq, d.source_id, c.amount_delta_minor AS delta, d.occurred_at
     FROM donation_corrections c JOIN donations d ON d.event_seq = c.donation_seq
     WHERE d.currency = ? AND c.applied = 1 AND c.campaign_delta_minor IS NULL`,
  );
  const setCorrection = db.prepare('UPDATE donation_corrections SET campaign_delta_minor = ? WHERE event_seq = ?');
  const moveCorrectionTotals = db.prepare(
    'UPDATE money_totals SET campaign_minor = campaign_minor + ? WHERE source_id = ? AND currency = ?',
  );
  const moveRollup = db.prepare('UPDATE minute_rollups SET raised_minor = raised_minor + ? WHERE minute = ? AND source_id = ?');
  const converted = durably(db, () => {
    const converted: ConvertedDonation[] = [];
    for (const { currency, rate } of rates) {
      upsertRate.run(currency, rate, now);
      for (const row of waiting.all(currency)) {
        const minor = toCampaign(row.amount_minor, currency, rate, row.seq);
        setConverted.run(minor, rate, row.seq);
        moveTotals.run(minor, row.source_id, currency);
        const minute = Math.floor(row.occurred_at / 60_000);
        moveRollup.run(minor, minute, row.source_id);
        moveRollup.run(minor, minute, '*');
        converted.push({ seq: row.seq, sourceId: row.source_id, occurredAt: row.occurred_at });
      }
      // Corrections of those donations waited too; they take the same rate.
      for (const row of waitingCorrections.all(currency)) {
        const minor = toCampaign(row.delta, currency, rate, row.seq);
        setCorrection.run(minor, row.seq);
        moveCorrectionTotals.run(minor, row.source_id, currency);
        const minute = Math.floor(row.occurred_at / 60_000);
        moveRollup.run(minor, minute, row.source_id);
        moveRollup.run(minor, minute, '*');
      }
    }
    alsoInTransaction();
    return converted;
  });
  if (added > 0) volume.added({ currency: campaignCurrency, amount: 0, campaign: added });
  return converted;
}
