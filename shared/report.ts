/**
 * The marathon report: the figures main/report gathers from the database, and the page
 * renderer/report draws from them. Every amount is already written (exact decimal strings from
 * integer minor units); every name in it has passed the campaign's privacy setting.
 */
import type { Amount } from './money.js';
import type { ChartsView } from './charts.js';
import type { CallMomentView, ScreeningCounts, TargetPlatformCount } from './views.js';

/** How donors are named in the report: as given, by initials, or not at all. Anonymous donors never. */
export const REPORT_DONOR_NAMES = ['full', 'initials', 'none'] as const;
export type ReportDonorNames = (typeof REPORT_DONOR_NAMES)[number];
export const DEFAULT_REPORT_DONOR_NAMES: ReportDonorNames = 'initials';

export function isReportDonorNames(value: unknown): value is ReportDonorNames {
  return REPORT_DONOR_NAMES.includes(value as ReportDonorNames);
}

/** "Mira Okafor" → "M. O."; a name without letters → "—". */
export function initialsOf(name: string): string {
  const letters = name.split(/\s+/).map((word) => [...word.replace(/[^\p{L}\p{N}]/gu, '')][0]).filter((c): c is string => Boolean(c));
  return letters.length === 0 ? '—' : letters.slice(0, 3).map((c) => `${c.toUpperCase()}.`).join(' ');
}

/** A name as the privacy setting allows; null when it may not be shown at all. */
export function reportName(name: string | null, setting: ReportDonorNames): string | null {
  if (name === null || name.trim() === '' || setting === 'none') return null;
  return setting === 'full' ? name : initialsOf(name);
}

export interface ReportSourceLine {
  source_id: string;
  name: string;
  kind: string;
  raised: Amount;
  donations: number;
  /** What the platform itself says it raised, where it tells us (Tiltify's total line). */
  platform: { amount: Amount; counted: Amount; difference: Amount | null; reported_at: string } | null;
}

export interface ReportCurrencyLine {
  currency: string;
  /** In the donors' own currency, refunds taken off. */
  amount: Amount;
  raised: Amount;
  donations: number;
  refunds: number;
  refunded: Amount;
  /** Donations still waiting for an exchange rate: not in `raised`. */
  unconverted: number;
}

export interface ReportPeak {
  minute: string;
  messages: number;
  raised: Amount;
  donations: number;
}

export interface ReportTarget {
  id: string;
  name: string;
  hashtags: string[];
  ask: string;
  call_started_at: string;
  status: 'waiting' | 'responded' | 'declined';
  mentions: number;
  callers: number;
  by_platform: TargetPlatformCount[];
  peak: { minute: string; mentions: number } | null;
  first_response_at: string | null;
  time_to_response_s: number | null;
  response: { kind: string; quote: string; url: string | null; platform: string | null } | null;
  moments: CallMomentView[];
}

export interface ReportModerator {
  name: string;
  decisions: number;
  /** Median seconds from the donation's arrival to this person's decision. */
  median_s: number | null;
}

export interface ReportIncentive {
  name: string;
  kind: string;
  state: string;
  goal: Amount | null;
  total: Amount;
  met_at: string | null;
  options: { name: string; total: Amount; leading: boolean }[];
}

export interface ReportPrize {
  title: string;
  state: string;
  entries: number;
  drawn_at: string | null;
  winners: string[];
}

export interface ReportMilestone {
  label: string;
  amount: Amount;
  /** The minute the running total first reached it (from the per-minute rollups), or null. */
  reached_at: string | null;
}

export interface ReportFigures {
  generated_at: string;
  campaign: {
    title: string;
    cause: string;
    currency: string;
    goal: Amount;
    starts_at: string;
    ends_at: string;
    closed_at: string | null;
    demo: boolean;
    /** The IANA zone and language every time and amount is written in. */
    time_zone: string;
    locale: string;
  };
  donor_names: ReportDonorNames;
  money: {
    raised: Amount;
    donations: number;
    refunds: number;
    refunded: Amount;
    corrections: number;
    corrected: Amount;
    waiting_for_rate: number;
    by_source: ReportSourceLine[];
    by_currency: ReportCurrencyLine[];
    /** Money that arrived after the close: stored, never counted. */
    late: number;
  };
  /** The whole marathon as GET /api/charts?window=marathon draws it. */
  charts: ChartsView;
  /** Per hour of the marathon, summed from the chart buckets. */
  /** `minutes`: of the hour the window covers (the last one may be under way). */
  hours: { start: string; minutes: number; raised: Amount; donations: number; messages: number }[];
  peaks: { chat: ReportPeak[]; money: ReportPeak[] };
  people: { chatters: number; donors: number; anonymous_donations: number; anonymous_total: Amount };
  top_donors: { rank: number; name: string | null; total: Amount; donations: number }[];
  targets: ReportTarget[];
  screening: {
    mode: string;
    counts: ScreeningCounts;
    decisions: number;
    by_rules: number;
    median_s: number | null;
    moderators: ReportModerator[];
  };
  milestones: ReportMilestone[];
  incentives: ReportIncentive[];
  prizes: ReportPrize[];
}

/** Draws the report's page: a whole HTML document, self-contained, no script. */
export type RenderReport = (figures: ReportFigures) => string;

/** The last report made, as GET /api/report tells it. */
export interface ReportInfo {
  generated_at: string;
  html_bytes: number;
  /** Null when no PDF was made; then `pdf_note` says why in words. */
  pdf_bytes: number | null;
  pdf_note: string | null;
  seconds: number;
}

export interface ReportStatusView {
  donor_names: ReportDonorNames;
  report: ReportInfo | null;
}
