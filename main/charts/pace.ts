import { type DonorView, PACE_WINDOWS_MINUTES, PROJECTION_PACE_MINUTES, type PaceView, type PaceWindowView, TOP_DONORS } from '../../shared/charts.js';
import { MAX_CAMPAIGN_VOLUME_MINOR, formatMinor } from '../../shared/money.js';
import type { Campaign } from '../campaign/campaign.js';
import { ALL_SOURCES } from '../chat/chatters.js';
import type { Db } from '../store/database.js';
import { SHOWN_NAMES_SQL } from '../overlay/leaderboard.js';
import { RollupQueries } from '../store/rollups.js';
import { anchorOf } from './series.js';

interface DonorRow {
  name: string;
  total: number;
  donations: number;
}

/**
 * Top donors from donor_totals (migration 13: each donor's sum kept in the transaction of every
 * donation, refund, correction and rate conversion), largest first; ties: who gave first. The
 * anonymous and unnamed donations are the '' row: summed together, never named.
 */
class TopDonors {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      named: db.prepare<[number], DonorRow>(
        `SELECT donor AS name, total_minor AS total, donations FROM donor_totals
         WHERE donor <> '' ORDER BY total_minor DESC, first_seq LIMIT ?`,
      ),
      anonymous: db.prepare<[], { total: number; donations: number }>(
        "SELECT total_minor AS total, donations FROM donor_totals WHERE donor = ''",
      ),
      waiting: db.prepare<[], { waiting: number }>('SELECT COUNT(*) AS waiting FROM donations WHERE campaign_minor IS NULL'),
    };
  }

  top(limit: number): { named: DonorRow[]; anonymous: { total: number; donations: number } | null; waiting: number } {
    return { named: this.sql.named.all(limit), anonymous: this.sql.anonymous.get() ?? null, waiting: this.sql.waiting.get()?.waiting ?? 0 };
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
      // Of the names given (at most TOP_DONORS), those the overlay has shown (see SHOWN_NAMES_SQL).
      shownNames: db.prepare<[string], { name: string }>(SHOWN_NAMES_SQL),
    };
    this.donors = new TopDonors(db);
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
    const topDonors: DonorView[] = named.map((d, i) => ({ rank: i + 1, name: d.name, total: amount(d.total), donations: d.donations }));

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

