import type { PrizeEntryMode } from '../../shared/prizes.js';
import type { Db } from '../store/database.js';

/** What decides who enters a prize. */
export interface EligibilityRule {
  /** [opensAt, closesAt): a donation made at closesAt is too late. */
  opensAt: number;
  closesAt: number;
  /** In campaign minor units: a donation of exactly this much enters. */
  minMinor: number;
  currency: string;
  entryMode: PrizeEntryMode;
}

export interface Eligible {
  /** Donation ids, ascending: one per entry. */
  entries: number[];
  /** Donations in the window with no exchange rate yet (their amount is unknown). */
  waitingForRate: number;
}

interface Row {
  id: number;
  minor: number | null;
  unconverted_corrections: number;
  donor: string;
}

/**
 * Who enters a prize, read from the store:
 * - donations (not refunds, not Twitch subs or bits) made in [opens_at, closes_at), by the time the
 *   platform says the donor gave (occurred_at), so a webhook delayed past the end still counts;
 * - whose amount in campaign currency, with the platform's applied corrections, is at least the
 *   minimum (integer minor units, no float);
 * - not refunded, wholly or in part (any refund row linked to it): money given back wins nothing;
 * - not denied in screening (pending and flagged ones are in: a message still waiting for a
 *   moderator does not cost its donor the entry);
 * - per_donation: each donation is one entry; per_donor: each named donor (name as given, trimmed,
 *   case and width folded) once, by their earliest eligible donation; anonymous and unnamed
 *   donations each stay their own entry.
 */
export class EligibilityQuery {
  private readonly rows;

  constructor(db: Db) {
    this.rows = db.prepare<{ opens: number; closes: number; currency: string }, Row>(
      `SELECT d.event_seq AS id,
              d.campaign_minor + COALESCE((SELECT SUM(c.campaign_delta_minor) FROM donation_corrections c
                                           WHERE c.donation_seq = d.event_seq AND c.applied = 1), 0) AS minor,
              (SELECT COUNT(*) FROM donation_corrections c
                WHERE c.donation_seq = d.event_seq AND c.applied = 1 AND c.campaign_delta_minor IS NULL) AS unconverted_corrections,
              o.donor AS donor
       FROM donations d
       JOIN donation_donors o ON o.donation_seq = d.event_seq
       WHERE d.type = 'donation' AND d.occurred_at >= @opens AND d.occurred_at < @closes
         AND d.campaign_currency = @currency
         AND d.screening <> 'denied'
         AND NOT EXISTS (SELECT 1 FROM donations r WHERE r.refunds_seq = d.event_seq)
       ORDER BY d.event_seq`,
    );
  }

  eligible(rule: EligibilityRule): Eligible {
    const rows = this.rows.all({ opens: rule.opensAt, closes: rule.closesAt, currency: rule.currency });
    let waitingForRate = 0;
    const entries: number[] = [];
    const donors = new Set<string>();
    for (const row of rows) {
      if (row.minor === null || row.unconverted_corrections > 0) {
        waitingForRate += 1;
        continue;
      }
      if (row.minor < rule.minMinor) continue;
      if (rule.entryMode === 'per_donor' && row.donor !== '') {
        const key = donorKey(row.donor);
        if (donors.has(key)) continue;
        donors.add(key);
      }
      entries.push(row.id);
    }
    return { entries, waitingForRate };
  }
}

/** "Ada", " ada ", "ＡＤＡ" are one donor. */
function donorKey(name: string): string {
  return name.normalize('NFKC').trim().toLocaleLowerCase('und');
}
