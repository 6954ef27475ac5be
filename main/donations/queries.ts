import type { CurrencyCode } from '../../shared/currencies.js';
import { addMinor, formatMinor } from '../../shared/money.js';
import type { DonationView, OverlayDonationView, ScreeningState, SourceKind, TotalsView } from '../../shared/views.js';
import { PledgeQueries } from '../campaign/pledges.js';
import type { Db } from '../store/database.js';

interface DonationRow {
  seq: number;
  source_id: string;
  external_id: string;
  type: 'donation' | 'refund';
  amount_minor: number;
  currency: string;
  campaign_minor: number | null;
  campaign_currency: string;
  rate: string | null;
  donor_name: string | null;
  anonymous: number;
  message: string | null;
  occurred_at: number;
  received_at: number;
  screening: ScreeningState;
  refunds: string | null;
  refund_of_seq: number | null;
  refund_of_donor_name: string | null;
  refund_of_anonymous: number | null;
  refund_of_amount_minor: number | null;
  refund_of_currency: string | null;
  refund_of_occurred_at: number | null;
}

// A platform donation that was corrected (Tiltify's donation_updated) shows its current
// version: the first amount plus the applied corrections, and the latest name and message.
// The corrections are summed per donation through their index (a joined GROUP BY subquery was
// materialized over every correction of the campaign at each lookup).
const SELECT_DONATION = `
  SELECT d.event_seq AS seq, d.source_id, COALESCE(s.donation_key, e.external_id) AS external_id, d.type,
         d.amount_minor + COALESCE((SELECT SUM(c.amount_delta_minor) FROM donation_corrections c
                                     WHERE c.donation_seq = d.event_seq AND c.applied = 1), 0) AS amount_minor,
         d.currency,
         d.campaign_minor + COALESCE((SELECT SUM(c.campaign_delta_minor) FROM donation_corrections c
                                       WHERE c.donation_seq = d.event_seq AND c.applied = 1), 0) AS campaign_minor,
         d.campaign_currency, d.rate,
         CASE WHEN s.donation_seq IS NULL THEN d.donor_name ELSE s.donor_name END AS donor_name,
         CASE WHEN s.donation_seq IS NULL THEN d.anonymous ELSE s.anonymous END AS anonymous,
         CASE WHEN s.donation_seq IS NULL THEN d.message ELSE s.message END AS message,
         d.occurred_at, e.received_at, d.screening, COALESCE(rs.donation_key, r.external_id) AS refunds,
         o.event_seq AS refund_of_seq,
         CASE WHEN rs.donation_seq IS NULL THEN o.donor_name ELSE rs.donor_name END AS refund_of_donor_name,
         CASE WHEN rs.donation_seq IS NULL THEN o.anonymous ELSE rs.anonymous END AS refund_of_anonymous,
         o.amount_minor + COALESCE((SELECT SUM(c.amount_delta_minor) FROM donation_corrections c
                                     WHERE c.donation_seq = o.event_seq AND c.applied = 1), 0) AS refund_of_amount_minor,
         o.currency AS refund_of_currency, o.occurred_at AS refund_of_occurred_at
  FROM donations d
  JOIN events e ON e.seq = d.event_seq
  LEFT JOIN donation_state s ON s.donation_seq = d.event_seq
  LEFT JOIN events r ON r.seq = d.refunds_seq
  LEFT JOIN donation_state rs ON rs.donation_seq = d.refunds_seq
  LEFT JOIN donations o ON o.event_seq = d.refunds_seq`;

const money = (minor: number, currency: string) => ({
  value: formatMinor(minor, currency as CurrencyCode),
  currency,
});

function donationView(row: DonationRow): DonationView {
  return {
    id: row.seq,
    source_id: row.source_id,
    external_id: row.external_id,
    type: row.type,
    amount: money(row.amount_minor, row.currency),
    converted: row.campaign_minor === null ? null : money(row.campaign_minor, row.campaign_currency),
    rate: row.rate,
    donor_name: row.donor_name,
    anonymous: row.anonymous === 1,
    message: row.message,
    occurred_at: new Date(row.occurred_at).toISOString(),
    received_at: new Date(row.received_at).toISOString(),
    screening: row.screening,
    refunds: row.refunds,
    refund_of: refundOf(row),
  };
}

/** For a refund: the donation it takes money back from, as the staff feed names it. */
function refundOf(row: DonationRow): DonationView['refund_of'] {
  if (row.refund_of_seq === null || row.refund_of_amount_minor === null || row.refund_of_currency === null || row.refund_of_occurred_at === null) return null;
  return {
    id: row.refund_of_seq,
    donor_name: row.refund_of_donor_name,
    anonymous: row.refund_of_anonymous === 1,
    amount: money(row.refund_of_amount_minor, row.refund_of_currency),
    occurred_at: new Date(row.refund_of_occurred_at).toISOString(),
  };
}

export class DonationQueries {
  private readonly bySeq;
  private readonly latest;
  private readonly latestInState;
  private readonly latestApproved;
  private readonly newestDonation;
  private readonly totalsRows;
  private readonly campaignCurrency;
  private readonly pledges;

  constructor(db: Db) {
    this.pledges = new PledgeQueries(db);
    this.bySeq = db.prepare<[number], DonationRow>(`${SELECT_DONATION} WHERE d.event_seq = ?`);
    this.latest = db.prepare<[number, number], DonationRow>(
      `${SELECT_DONATION} WHERE d.event_seq < ? ORDER BY d.event_seq DESC LIMIT ?`,
    );
    this.latestInState = db.prepare<[string, number, number], DonationRow>(
      `${SELECT_DONATION} WHERE d.screening = ? AND d.event_seq < ? ORDER BY d.event_seq DESC LIMIT ?`,
    );
    this.latestApproved = db.prepare<[number], DonationRow>(
      `${SELECT_DONATION} WHERE d.type = 'donation' AND d.screening IN ('approved', 'read')
       ORDER BY d.event_seq DESC LIMIT ?`,
    );
    // Read backwards along the primary key: it stops at the first donation (refunds are few).
    this.newestDonation = db.prepare<[], { id: number }>("SELECT event_seq AS id FROM donations WHERE type = 'donation' ORDER BY event_seq DESC LIMIT 1");
    this.totalsRows = db.prepare<
      [],
      {
        source_id: string;
        name: string | null;
        kind: string | null;
        currency: string;
        amount_minor: number;
        campaign_minor: number;
        donations: number;
        refunds: number;
        unconverted: number;
      }
    >(
      `SELECT t.source_id, s.name, s.kind, t.currency, t.amount_minor, t.campaign_minor, t.donations, t.refunds, t.unconverted
       FROM money_totals t LEFT JOIN sources s ON s.id = t.source_id ORDER BY t.source_id, t.currency`,
    );
    this.campaignCurrency = db.prepare<[], { currency: string }>('SELECT currency FROM campaign WHERE id = 1');
  }

  get(seq: number): DonationView | null {
    const row = this.bySeq.get(seq);
    return row ? donationView(row) : null;
  }

  list(options: { state?: ScreeningState; limit?: number; before?: number } = {}): DonationView[] {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    const rows = options.state
      ? this.latestInState.all(options.state, before, limit)
      : this.latest.all(before, limit);
    return rows.map(donationView);
  }

  /** Donations the overlay may show: approved (or read on air), anonymous donors without names. */
  forOverlay(limit = 20, messageAllowed: (donation: DonationView) => boolean = () => true): OverlayDonationView[] {
    return this.latestApproved.all(limit).map((row) => {
      const donation = donationView(row);
      return overlayDonation(donation, messageAllowed(donation));
    });
  }

  /** The id of the newest donation (not refund) stored, whatever its screening; null before the first. */
  newestDonationId(): number | null {
    return this.newestDonation.get()?.id ?? null;
  }

  /** Totals from the money_totals rollup: a handful of rows, never a scan of donations. */
  totals(now = Date.now()): TotalsView {
    const currency = this.campaignCurrency.get()?.currency ?? 'EUR';
    const rows = this.totalsRows.all();
    let raised = 0;
    let donations = 0;
    let refunds = 0;
    const bySource = new Map<string, { name: string; kind: SourceKind; raised: number; donations: number }>();
    const byCurrency = new Map<string, { amount: number; raised: number; donations: number; unconverted: number }>();
    for (const row of rows) {
      raised = addMinor(raised, row.campaign_minor);
      donations += row.donations;
      refunds += row.refunds;
      const source = bySource.get(row.source_id) ?? {
        name: row.name ?? row.source_id,
        kind: (row.kind ?? 'manual') as SourceKind,
        raised: 0,
        donations: 0,
      };
      source.raised = addMinor(source.raised, row.campaign_minor);
      source.donations += row.donations;
      bySource.set(row.source_id, source);
      const perCurrency = byCurrency.get(row.currency) ?? { amount: 0, raised: 0, donations: 0, unconverted: 0 };
      perCurrency.amount = addMinor(perCurrency.amount, row.amount_minor);
      perCurrency.raised = addMinor(perCurrency.raised, row.campaign_minor);
      perCurrency.donations += row.donations;
      perCurrency.unconverted += row.unconverted;
      byCurrency.set(row.currency, perCurrency);
    }
    return {
      raised: money(raised, currency),
      donations,
      refunds,
      by_source: [...bySource].map(([id, s]) => ({
        source_id: id,
        name: s.name,
        kind: s.kind,
        raised: money(s.raised, currency),
        donations: s.donations,
      })),
      by_currency: [...byCurrency]
        .map(([code, c]) => ({
          currency: code,
          amount: money(c.amount, code),
          raised: money(c.raised, currency),
          donations: c.donations,
          unconverted: c.unconverted,
        }))
        .sort((a, b) => b.donations - a.donations),
      pledges: this.pledges.totals(currency, raised),
      updated_at: new Date(now).toISOString(),
    };
  }
}

/** The one place that decides what of a donation the overlay may see. */
/** What the overlay may show of an approved donation; the message only when it may be shown. */
export function overlayDonation(donation: DonationView, messageAllowed = true): OverlayDonationView {
  return {
    id: donation.id,
    amount: donation.amount,
    converted: donation.converted,
    donor_name: donation.anonymous ? null : donation.donor_name,
    message: messageAllowed ? donation.message : null,
    occurred_at: donation.occurred_at,
  };
}
