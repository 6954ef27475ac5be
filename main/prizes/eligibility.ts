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

interface Params {
  opens: number;
  closes: number;
  currency: string;
  min: number;
}

// The donations made in the window, in the prize's currency, not refunds, not denied, not
// refunded (any refund row linked to them), with their applied corrections. The corrections and
// the refunded ids are read once per query (a few rows), not once per donation: a 48-hour
// window holds ~18,000 donations, and the counts are read again after every burst of donations.
// `donor_key`: whose donation it is for per_donor, as the donor totals name them (the latest
// version's name, trimmed; '' for anonymous and unnamed), A-Z folded to a-z.
const IN_WINDOW = `
  FROM donations d
  LEFT JOIN (SELECT donation_seq, SUM(campaign_delta_minor) AS delta, SUM(campaign_delta_minor IS NULL) AS unconverted
             FROM donation_corrections WHERE applied = 1 GROUP BY donation_seq) c ON c.donation_seq = d.event_seq
  WHERE d.type = 'donation' AND d.occurred_at >= @opens AND d.occurred_at < @closes
    AND d.campaign_currency = @currency AND d.screening <> 'denied'
    AND d.event_seq NOT IN (SELECT refunds_seq FROM donations WHERE refunds_seq IS NOT NULL)`;
const KNOWN = `d.campaign_minor IS NOT NULL AND COALESCE(c.unconverted, 0) = 0`;
const ENTERS = `${KNOWN} AND d.campaign_minor + COALESCE(c.delta, 0) >= @min`;

/**
 * Who enters a prize, read from the store:
 * - donations (not refunds, not Twitch subs or bits) made in [opens_at, closes_at), by the time the
 *   platform says the donor gave (occurred_at), so a webhook delayed past the end still counts;
 * - whose amount in campaign currency, with the platform's applied corrections, is at least the
 *   minimum (integer minor units, no float); one with no exchange rate yet waits, uncounted;
 * - not refunded, wholly or in part (any refund row linked to it): money given back wins nothing;
 * - not denied in screening (pending and flagged ones are in: a message still waiting for a
 *   moderator does not cost its donor the entry);
 * - per_donation: each donation is one entry; per_donor: each named donor (the name as given,
 *   trimmed, A-Z case folded) once, by their earliest eligible donation; anonymous and unnamed
 *   donations each stay their own entry.
 */
export class EligibilityQuery {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      entries: db.prepare<Params, { id: number; donor_key: string }>(
        `SELECT d.event_seq AS id, lower(o.donor) AS donor_key ${IN_WINDOW.replace('FROM donations d', 'FROM donations d JOIN donation_donors o ON o.donation_seq = d.event_seq')}
           AND ${ENTERS} ORDER BY d.event_seq`,
      ),
      perDonation: db.prepare<Params, { entries: number | null; waiting: number | null }>(
        `SELECT SUM(${ENTERS}) AS entries, SUM(NOT (${KNOWN})) AS waiting ${IN_WINDOW}`,
      ),
      perDonor: db.prepare<Params, { entries: number | null; waiting: number | null }>(
        `SELECT COUNT(DISTINCT CASE WHEN ${ENTERS} AND o.donor <> '' THEN lower(o.donor) END) + SUM(${ENTERS} AND o.donor = '') AS entries,
                SUM(NOT (${KNOWN})) AS waiting
         ${IN_WINDOW.replace('FROM donations d', 'FROM donations d JOIN donation_donors o ON o.donation_seq = d.event_seq')}`,
      ),
    };
  }

  /** How many entries there are now, and how many donations wait for a rate (what the dashboards show). */
  count(rule: EligibilityRule): { entries: number; waitingForRate: number } {
    const row = (rule.entryMode === 'per_donor' ? this.sql.perDonor : this.sql.perDonation).get(params(rule));
    return { entries: row?.entries ?? 0, waitingForRate: row?.waiting ?? 0 };
  }

  /** The entries themselves (what a draw is made among): donation ids, ascending. */
  eligible(rule: EligibilityRule): Eligible {
    const rows = this.sql.entries.all(params(rule));
    const entries: number[] = [];
    const donors = new Set<string>();
    for (const row of rows) {
      if (rule.entryMode === 'per_donor' && row.donor_key !== '') {
        if (donors.has(row.donor_key)) continue;
        donors.add(row.donor_key);
      }
      entries.push(row.id);
    }
    return { entries, waitingForRate: this.count(rule).waitingForRate };
  }
}

function params(rule: EligibilityRule): Params {
  return { opens: rule.opensAt, closes: rule.closesAt, currency: rule.currency, min: rule.minMinor };
}
