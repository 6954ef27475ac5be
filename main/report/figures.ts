import type { CurrencyCode } from '../../shared/currencies.js';
import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { type Amount, addMinor, formatMinor, parseDecimalMinor } from '../../shared/money.js';
import {
  type ReportDonorNames,
  type ReportFigures,
  type ReportModerator,
  type ReportPeak,
  reportName,
} from '../../shared/report.js';
import type { CampaignView } from '../../shared/views.js';
import { type Campaign, readCampaign } from '../campaign/campaign.js';
import { PaceQueries } from '../charts/pace.js';
import { ChartQueries, namedWindow } from '../charts/series.js';
import { ALL_SOURCES, type ChatterSets } from '../chat/chatters.js';
import type { DonationQueries } from '../donations/queries.js';
import type { IncentiveDesk } from '../incentives/desk.js';
import { publicPrize } from '../prizes/prizes.js';
import type { Prizes } from '../prizes/prizes.js';
import type { Screening } from '../screening/screening.js';
import type { Sources } from '../sources/sources.js';
import type { Db } from '../store/database.js';
import { RollupQueries } from '../store/rollups.js';
import type { Targets } from '../targets/targets.js';

/** What the report reads: the same query objects the API routes use. */
export interface ReportSources {
  db: Db;
  chatters: ChatterSets;
  donations: DonationQueries;
  sources: Sources;
  targets: Targets;
  screening: Screening;
  incentives: IncentiveDesk;
  prizes: Prizes;
  campaign(): CampaignView | null;
}

/** Decisions a person takes in the screening room (rules' own decisions are counted apart). */
const DECISIONS = ['approve', 'deny', 'flag', 'read', 'first_pass', 'auto_approve', 'auto_deny'];
const BY_RULES = new Set(['auto_approve', 'auto_deny']);
/** Bounds the moderation figures' work whatever the audit log holds. */
const MAX_DECISIONS = 500_000;
const PEAKS = 5;

const iso = (minute: number) => new Date(minute * 60_000).toISOString();

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return Math.round(values[Math.floor(values.length / 2)] ?? 0);
}

/**
 * The report's figures for the campaign as it stands: totals and reconciliation from the money
 * rollups (GET /api/totals, the sources' platform totals), series and peaks from the per-minute
 * rollups (GET /api/charts), targets as GET /api/targets, screening as GET /api/screening plus
 * the audit log's decisions. Nothing reads raw chat: a 10-million-message marathon costs what
 * a small one does. Names pass the privacy setting here, before anything draws them.
 */
export class ReportFigureQueries {
  private readonly charts;
  private readonly pace;
  private readonly rollups;
  private readonly sql;

  constructor(private readonly parts: ReportSources) {
    const db = parts.db;
    this.charts = new ChartQueries(db, parts.chatters);
    this.pace = new PaceQueries(db);
    this.rollups = new RollupQueries(db);
    this.sql = {
      refunds: db.prepare<[], { currency: string; refunds: number; amount: number; campaign: number | null }>(
        "SELECT currency, COUNT(*) AS refunds, SUM(amount_minor) AS amount, SUM(campaign_minor) AS campaign FROM donations WHERE type = 'refund' GROUP BY currency",
      ),
      corrections: db.prepare<[], { n: number; delta: number | null }>(
        'SELECT COUNT(*) AS n, SUM(campaign_delta_minor) AS delta FROM donation_corrections WHERE applied = 1',
      ),
      late: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM late_events'),
      donors: db.prepare<[], { named: number; anonymous: number | null }>(
        "SELECT SUM(donor <> '') AS named, SUM(CASE WHEN donor = '' THEN donations END) AS anonymous FROM donor_totals",
      ),
      peaksByChat: db.prepare<[number, number, number], { minute: number; raised_minor: number; donations: number; messages: number }>(
        `SELECT minute, raised_minor, donations, messages FROM minute_rollups WHERE source_id = '${ALL_SOURCES}' AND minute BETWEEN ? AND ?
         ORDER BY messages DESC, minute LIMIT ?`,
      ),
      peaksByMoney: db.prepare<[number, number, number], { minute: number; raised_minor: number; donations: number; messages: number }>(
        `SELECT minute, raised_minor, donations, messages FROM minute_rollups WHERE source_id = '${ALL_SOURCES}' AND minute BETWEEN ? AND ?
         AND raised_minor > 0 ORDER BY raised_minor DESC, minute LIMIT ?`,
      ),
      decisions: db.prepare<[number], { actor: string; actor_name: string; action: string; wait: number | null }>(
        `SELECT a.actor, a.actor_name, a.action, a.at - e.received_at AS wait
         FROM audit_log a LEFT JOIN events e ON e.seq = CAST(a.subject_id AS INTEGER)
         WHERE a.subject_kind = 'donation' AND a.action IN (${DECISIONS.map((d) => `'${d}'`).join(', ')}) LIMIT ?`,
      ),
    };
  }

  async gather(donorNames: ReportDonorNames, now = Date.now()): Promise<ReportFigures> {
    const view = this.parts.campaign();
    const campaign = readCampaign(this.parts.db);
    if (!view || !campaign) throw new Error('there is no campaign yet: create it first');
    const currency = campaign.currency;
    const amount = (minor: number, code: string = currency): Amount => ({ value: isCurrencyCode(code) ? formatMinor(minor, code) : String(minor), currency: code });

    const window = namedWindow('marathon', campaign, now);
    await this.charts.warm(window);
    const charts = this.charts.charts(window, currency);
    const totals = this.parts.donations.totals(now);
    const refunds = this.sql.refunds.all();
    const corrections = this.sql.corrections.get() ?? { n: 0, delta: 0 };
    const platform = new Map(this.parts.sources.list().map((s) => [s.id, s.platform_total ?? null]));
    const pace = this.pace.pace(campaign, now);
    // Named only once the stream showed one of their donations (GET /api/charts/pace as viewers
    // get it): a name a moderator denied never reaches a published report.
    const shownDonors = this.pace.publicPace(pace).top_donors;
    const donors = this.sql.donors.get();

    const refundedCampaign = refunds.reduce((sum, r) => addMinor(sum, r.campaign ?? 0), 0);
    return {
      generated_at: new Date(now).toISOString(),
      campaign: {
        title: view.title,
        cause: view.cause,
        currency,
        goal: view.goal,
        starts_at: view.starts_at,
        ends_at: view.ends_at,
        closed_at: view.closed_at,
        demo: view.demo,
        time_zone: view.time_zone,
        locale: view.locale,
      },
      donor_names: donorNames,
      money: {
        raised: totals.raised,
        donations: totals.donations,
        refunds: totals.refunds,
        refunded: amount(-refundedCampaign),
        corrections: corrections.n,
        corrected: amount(corrections.delta ?? 0),
        waiting_for_rate: pace.waiting_for_rate,
        by_source: totals.by_source.map((s) => {
          const told = platform.get(s.source_id) ?? null;
          return {
            source_id: s.source_id,
            name: s.name,
            kind: s.kind,
            raised: s.raised,
            donations: s.donations,
            platform: told ? { ...told, difference: difference(told.amount, told.counted) } : null,
          };
        }),
        by_currency: totals.by_currency.map((c) => {
          const refunded = refunds.find((r) => r.currency === c.currency);
          return { ...c, refunds: refunded?.refunds ?? 0, refunded: amount(-(refunded?.amount ?? 0), c.currency) };
        }),
        late: this.sql.late.get()?.n ?? 0,
      },
      charts,
      hours: this.hours(window.from, window.to, amount),
      peaks: {
        chat: this.sql.peaksByChat.all(window.from, window.to, PEAKS).map((row) => peak(row, amount)),
        money: this.sql.peaksByMoney.all(window.from, window.to, PEAKS).map((row) => peak(row, amount)),
      },
      people: { chatters: charts.totals.chatters, donors: donors?.named ?? 0, anonymous_donations: donors?.anonymous ?? 0, anonymous_total: pace.anonymous.total },
      top_donors: [
        ...shownDonors.map((d) => ({ rank: d.rank, name: reportName(d.name, donorNames), total: d.total, donations: d.donations })),
      ],
      targets: this.parts.targets.list().map((t) => ({
        id: t.id,
        name: t.name,
        hashtags: t.hashtag_labels,
        ask: t.ask,
        call_started_at: t.call_started_at,
        status: t.status,
        mentions: t.mentions,
        callers: t.callers,
        by_platform: t.by_platform,
        peak: t.peak,
        first_response_at: t.first_response_at,
        time_to_response_s: t.time_to_response_s,
        response: t.response,
        moments: t.moments,
      })),
      screening: this.screeningFigures(),
      milestones: milestones(campaign, charts.money, amount),
      incentives: this.parts.incentives.list().map((i) => ({
        name: i.name,
        kind: i.kind,
        state: i.state,
        goal: i.goal,
        total: i.total,
        met_at: i.met_at,
        // Only options a moderator approved: a donor's suggestion is their own words until then.
        options: i.options.filter((o) => o.state === 'approved').map((o) => ({ name: o.name, total: o.total, leading: i.leaders.includes(o.id) })),
      })),
      // The overlay's form first (anonymous and unscreened winners unnamed), then the privacy setting.
      prizes: this.parts.prizes.list().map(publicPrize).map((p) => ({
        title: p.title,
        state: p.state,
        entries: p.entries,
        drawn_at: p.drawn_at,
        winners: p.winners_drawn.map((w) => reportName(w.name, donorNames) ?? 'A donor'),
      })),
    };
  }

  /** Each hour of the marathon from the hour rollups (whole hours are one row each). */
  private hours(from: number, to: number, amount: (minor: number) => Amount): ReportFigures['hours'] {
    const hours: ReportFigures['hours'] = [];
    for (let start = from; start <= to; start += 60) {
      const end = Math.min(start + 59, to);
      const sums = this.rollups.sums(ALL_SOURCES, start, end);
      hours.push({ start: iso(start), minutes: end - start + 1, raised: amount(sums.raised ?? 0), donations: sums.donations ?? 0, messages: sums.messages ?? 0 });
    }
    return hours;
  }

  private screeningFigures(): ReportFigures['screening'] {
    const view = this.parts.screening.view();
    const people = new Map<string, { name: string; waits: number[]; decisions: number }>();
    const all: number[] = [];
    let byRules = 0;
    let decisions = 0;
    for (const row of this.sql.decisions.all(MAX_DECISIONS)) {
      decisions += 1;
      if (BY_RULES.has(row.action)) {
        byRules += 1;
        continue;
      }
      const person = people.get(row.actor) ?? { name: row.actor_name, waits: [], decisions: 0 };
      person.decisions += 1;
      if (row.wait !== null && row.wait >= 0) {
        person.waits.push(row.wait / 1000);
        all.push(row.wait / 1000);
      }
      people.set(row.actor, person);
    }
    const moderators: ReportModerator[] = [...people.values()]
      .map((p) => ({ name: p.name, decisions: p.decisions, median_s: median(p.waits) }))
      .sort((a, b) => b.decisions - a.decisions || a.name.localeCompare(b.name));
    return { mode: view.settings.mode, counts: view.counts, decisions, by_rules: byRules, median_s: median(all), moderators };
  }
}

function peak(row: { minute: number; raised_minor: number; donations: number; messages: number }, amount: (minor: number) => Amount): ReportPeak {
  return { minute: iso(row.minute), messages: row.messages, raised: amount(row.raised_minor), donations: row.donations };
}

/** What the platform says minus what we counted, when both are in one currency. */
function difference(told: Amount, counted: Amount): Amount | null {
  if (told.currency !== counted.currency || !isCurrencyCode(told.currency)) return null;
  const code: CurrencyCode = told.currency;
  const minor = (a: Amount): number | null => {
    const negative = a.value.startsWith('-');
    const parsed = parseDecimalMinor(negative ? a.value.slice(1) : a.value, minorUnitExponent(code));
    return parsed.ok ? (negative ? -parsed.value : parsed.value) : null;
  };
  const toldMinor = minor(told);
  const countedMinor = minor(counted);
  if (toldMinor === null || countedMinor === null) return null;
  return { value: formatMinor(toldMinor - countedMinor, code), currency: code };
}

/** The milestones, the goal and the stretch goals, with the 5-minute bucket the total first reached each. */
function milestones(campaign: Campaign, money: ReportFigures['charts']['money'], amount: (minor: number) => Amount): ReportFigures['milestones'] {
  const marks = [
    ...campaign.milestones,
    { minor: campaign.goalMinor, label: 'The goal' },
    ...(campaign.stretchGoals ?? []),
  ].sort((a, b) => a.minor - b.minor);
  let running = 0;
  const reached = new Map<number, string>();
  for (const bucket of money) {
    running = addMinor(running, bucket.raised_minor);
    for (const mark of marks) if (!reached.has(mark.minor) && running >= mark.minor) reached.set(mark.minor, bucket.start);
  }
  return marks.map((m) => ({ label: m.label, amount: amount(m.minor), reached_at: reached.get(m.minor) ?? null }));
}
