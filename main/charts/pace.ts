import { type DonorView, PACE_WINDOWS_MINUTES, PROJECTION_PACE_MINUTES, type PaceView, type PaceWindowView, TOP_DONORS } from '../../shared/charts.js';
import { MAX_CAMPAIGN_VOLUME_MINOR, addMinor, formatMinor } from '../../shared/money.js';
import type { Campaign } from '../campaign/campaign.js';
import { ALL_SOURCES } from '../chat/chatters.js';
import type { Db } from '../store/database.js';
import { RollupQueries } from '../store/rollups.js';
import { anchorOf } from './series.js';

interface DonorRow {
  name: string | null;
  total: number;
  donations: number;
  firstSeq: number;
}

/**
 * Each donation (and each refund, counted against the donor of what it refunds) after a seq, in
 * campaign currency with its applied corrections, under the donor's current name. Anonymous
 * donors and donations without a name get no name (NULL): summed together, never named. A donor
 * is the exact name given.
 */
const DONATION_LINES_SQL = `
  SELECT d.event_seq AS seq, w.event_seq AS owner_seq,
         CASE WHEN (CASE WHEN s.donation_seq IS NULL THEN w.anonymous ELSE s.anonymous END) = 1 THEN NULL
              ELSE NULLIF(TRIM(CASE WHEN s.donation_seq IS NULL THEN w.donor_name ELSE s.donor_name END), '') END AS name,
         d.campaign_minor + COALESCE(c.delta, 0) AS minor,
         d.type = 'donation' AS is_donation
  FROM donations d
  JOIN donations w ON w.event_seq = COALESCE(d.refunds_seq, d.event_seq)
  LEFT JOIN donation_state s ON s.donation_seq = w.event_seq
  LEFT JOIN (SELECT donation_seq, SUM(campaign_delta_minor) AS delta FROM donation_corrections
             WHERE applied = 1 GROUP BY donation_seq) c ON c.donation_seq = d.event_seq
  WHERE d.event_seq > ? AND d.campaign_minor IS NOT NULL`;

interface DonationLine {
  seq: number;
  owner_seq: number;
  name: string | null;
  minor: number;
  is_donation: number;
}

/**
 * Sums per donor, kept in memory: new donations and refunds are added as they come (one indexed
 * range read); a correction or a rate converting waiting donations can change past lines, so
 * then everything is summed again.
 */
class DonorSums {
  private readonly sums = new Map<string | null, DonorRow>();
  private lastSeq = 0;
  private pastVersion = '';
  private ranked: DonorRow[] | null = null;
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      lines: db.prepare<[number], DonationLine>(`${DONATION_LINES_SQL} ORDER BY d.event_seq`),
      // Summing from scratch: grouped by SQLite, which is faster than folding every line here.
      all: db.prepare<[number], DonorRow & { lastSeq: number }>(
        `SELECT name, SUM(minor) AS total, SUM(is_donation) AS donations, MIN(owner_seq) AS firstSeq, MAX(seq) AS lastSeq
         FROM (${DONATION_LINES_SQL}) GROUP BY name`,
      ),
      past: db.prepare<[], { corrections: number | null; waiting: number | null }>(
        `SELECT (SELECT MAX(event_seq) FROM donation_corrections) AS corrections,
                (SELECT COUNT(*) FROM donations WHERE campaign_minor IS NULL) AS waiting`,
      ),
      newest: db.prepare<[], { seq: number | null }>('SELECT MAX(event_seq) AS seq FROM donations'),
    };
  }

  /** The anonymous group (if any) and the named donors, largest first; ties: who gave first. */
  top(limit: number): { named: DonorRow[]; anonymous: DonorRow | null; waiting: number } {
    const past = this.sql.past.get();
    const version = `${past?.corrections ?? 0}:${past?.waiting ?? 0}`;
    if (version !== this.pastVersion) {
      this.sums.clear();
      this.lastSeq = 0;
      for (const { lastSeq, ...row } of this.sql.all.iterate(0)) {
        this.sums.set(row.name, row);
        this.lastSeq = Math.max(this.lastSeq, lastSeq);
      }
      this.pastVersion = version;
      this.ranked = null;
    }
    if ((this.sql.newest.get()?.seq ?? 0) > this.lastSeq) {
      for (const line of this.sql.lines.iterate(this.lastSeq)) {
        const row = this.sums.get(line.name) ?? { name: line.name, total: 0, donations: 0, firstSeq: line.owner_seq };
        row.total = addMinor(row.total, line.minor);
        row.donations += line.is_donation;
        row.firstSeq = Math.min(row.firstSeq, line.owner_seq);
        this.sums.set(line.name, row);
        this.lastSeq = line.seq;
      }
      this.ranked = null;
    }
    this.ranked ??= [...this.sums.values()]
      .filter((d) => d.name !== null)
      .sort((a, b) => b.total - a.total || a.firstSeq - b.firstSeq || (a.name ?? '').localeCompare(b.name ?? ''));
    return { named: this.ranked.slice(0, limit), anonymous: this.sums.get(null) ?? null, waiting: past?.waiting ?? 0 };
  }
}

/** Pace, projection, next milestone and top donors, from the rollups and money totals. */
export class PaceQueries {
  private readonly sql;
  private readonly donors;
  private readonly rollups;

  constructor(db: Db) {
    this.rollups = new RollupQueries(db);
    this.sql = {
      raised: db.prepare<[], { raised: number | null }>('SELECT SUM(campaign_minor) AS raised FROM money_totals'),
      // Of the names given (a JSON array, at most TOP_DONORS), those the overlay has shown: on a
      // donation approved or read, not anonymous, under its current name. Reads approved and read
      // donations only (donations_by_screening).
      shownNames: db.prepare<[string], { name: string }>(
        `SELECT n.value AS name FROM json_each(?) n
         WHERE EXISTS (
           SELECT 1 FROM donations d LEFT JOIN donation_state s ON s.donation_seq = d.event_seq
           WHERE d.screening IN ('approved', 'read') AND d.type = 'donation'
             AND (CASE WHEN s.donation_seq IS NULL THEN d.anonymous ELSE s.anonymous END) = 0
             AND TRIM(CASE WHEN s.donation_seq IS NULL THEN d.donor_name ELSE s.donor_name END) = n.value)`,
      ),
    };
    this.donors = new DonorSums(db);
  }

  pace(campaign: Campaign, now: number): PaceView {
    const currency = campaign.currency;
    const amount = (minor: number) => ({ value: formatMinor(minor, currency), currency });
    const endsAt = campaign.startsAt + campaign.durationHours * 3_600_000;
    const phase = now < campaign.startsAt ? 'before' : now >= endsAt ? 'ended' : 'running';
    const at = anchorOf(campaign, now);
    const atMinute = Math.floor(at / 60_000);
    const raised = this.sql.raised.get()?.raised ?? 0;

    const recent: PaceWindowView[] = PACE_WINDOWS_MINUTES.map((minutes) => {
      const row = this.rollups.sums(ALL_SOURCES, atMinute - minutes + 1, atMinute);
      const inWindow = row.raised ?? 0;
      return {
        minutes,
        raised: amount(inWindow),
        per_minute: amount(Math.round(inWindow / minutes)),
        per_hour: amount(Math.round((inWindow * 60) / minutes)),
        donations: row.donations ?? 0,
        messages_per_minute: Math.round(((row.messages ?? 0) / minutes) * 10) / 10,
      };
    });

    let projection: PaceView['projection'] = null;
    if (phase === 'running') {
      const lastHour = this.rollups.sums(ALL_SOURCES, atMinute - PROJECTION_PACE_MINUTES + 1, atMinute).raised ?? 0;
      const remainingMs = endsAt - now;
      // Exact integers: the pace (never below zero) times the time left, rounded down to the minor unit.
      const ahead = (BigInt(Math.max(0, lastHour)) * BigInt(remainingMs)) / BigInt(PROJECTION_PACE_MINUTES * 60_000);
      // A projection is an estimate: past the campaign limit it is shown at the limit, never as an unsafe number.
      const projected = BigInt(raised) + ahead;
      const cap = BigInt(MAX_CAMPAIGN_VOLUME_MINOR);
      projection = {
        amount: amount(Number(projected > cap ? cap : projected)),
        ends_at: new Date(endsAt).toISOString(),
        hours_remaining: Math.round((remainingMs / 3_600_000) * 10) / 10,
        method: 'Raised so far + the last hour’s money × the hours left (if the pace of the last hour holds).',
      };
    } else if (phase === 'ended') {
      projection = { amount: amount(raised), ends_at: new Date(endsAt).toISOString(), hours_remaining: 0, method: 'The marathon is over: this is the final total.' };
    }

    const next = campaign.milestones.find((m) => m.minor > raised) ?? null;
    const { named, anonymous, waiting } = this.donors.top(TOP_DONORS);
    const topDonors: DonorView[] = named.map((d, i) => ({ rank: i + 1, name: d.name ?? '', total: amount(d.total), donations: d.donations }));

    return {
      at: new Date(at).toISOString(),
      phase,
      currency,
      raised: amount(raised),
      goal: amount(campaign.goalMinor),
      next_milestone: next ? { label: next.label, amount: amount(next.minor), to_go: amount(next.minor - raised) } : null,
      recent,
      projection,
      top_donors: topDonors,
      anonymous: { total: amount(anonymous?.total ?? 0), donations: anonymous?.donations ?? 0 },
      waiting_for_rate: waiting,
    };
  }

  /**
   * The viewers' form of the pace: top donors named only when the overlay has shown that name
   * (see STAFF_CHANGE_AUDIENCE). A name that came only with pending, flagged or denied
   * donations is the moderators' to see, like GET /api/donations; its money stays in the totals.
   */
  publicPace(view: PaceView): PaceView {
    if (view.top_donors.length === 0) return view;
    const shown = new Set(this.sql.shownNames.all(JSON.stringify(view.top_donors.map((d) => d.name))).map((row) => row.name));
    const named = view.top_donors.filter((d) => shown.has(d.name)).map((d, i) => ({ ...d, rank: i + 1 }));
    return { ...view, top_donors: named };
  }
}

