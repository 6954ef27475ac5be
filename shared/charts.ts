/**
 * The charts' windows, bucket sizes and wire shapes, shared by the core and the dashboard.
 * Every series is drawn from the per-minute rollups in buckets wide enough to stay under
 * MAX_CHART_POINTS points, whatever the window.
 */
import type { Amount } from './money.js';

export const MAX_CHART_POINTS = 1_000;

/** Bucket widths in minutes, smallest first: the smallest that keeps a window under the limit is used. */
export const BUCKET_MINUTES = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440] as const;

/** Money is summed per 5 minutes (like the live tab), or per wider bucket over very long windows. */
export const MONEY_BUCKET_MINUTES = 5;

/** The longest window asked for by from/to: the longest campaign (14 days). */
export const MAX_WINDOW_MINUTES = 14 * 24 * 60;

export const CHART_WINDOWS = [
  { key: '15m', label: '15 min', minutes: 15 },
  { key: '1h', label: '1 h', minutes: 60 },
  { key: '6h', label: '6 h', minutes: 360 },
  { key: '24h', label: '24 h', minutes: 1440 },
  { key: 'marathon', label: 'Whole marathon', minutes: null },
] as const;
export type ChartWindowKey = (typeof CHART_WINDOWS)[number]['key'];

export function isChartWindowKey(value: unknown): value is ChartWindowKey {
  return CHART_WINDOWS.some((w) => w.key === value);
}

/**
 * The narrowest bucket (at least `atLeast` minutes) that draws `spanMinutes` in at most
 * MAX_CHART_POINTS points, wherever the window starts (buckets are aligned to multiples of their
 * width, so an unaligned window may touch one more).
 */
export function bucketMinutesFor(spanMinutes: number, atLeast = 1): number {
  for (const step of BUCKET_MINUTES) {
    const worstCase = step === 1 ? spanMinutes : Math.floor((spanMinutes - 1) / step) + 2;
    if (step >= atLeast && worstCase <= MAX_CHART_POINTS) return step;
  }
  return BUCKET_MINUTES[BUCKET_MINUTES.length - 1] ?? 1440;
}

/** "5 minutes", "1 minute", "2 hours". */
export function bucketLabel(minutes: number): string {
  if (minutes % 60 === 0 && minutes >= 60) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return minutes === 1 ? 'minute' : `${minutes} minutes`;
}

/** One bucket of money: exact integer minor units in campaign currency. */
export interface MoneyBucketView {
  start: string;
  /** Minutes of the window this bucket covers (the first and last may be partial). */
  minutes: number;
  raised: Amount;
  raised_minor: number;
  donations: number;
}

export interface ChatBucketView {
  start: string;
  minutes: number;
  messages: number;
  /** The bucket's busiest single minute. */
  peak_minute_messages: number;
  /** Exact distinct people who wrote in this bucket (not a sum of per-minute counts). */
  chatters: number;
}

export interface TargetSeriesView {
  id: string;
  name: string;
  /** Chat messages calling on the target over the whole window. */
  mentions: number;
  /** Mentions per chat bucket, in the same order as `chat`. */
  points: { start: string; mentions: number }[];
}

export interface ChartsView {
  window: {
    key: ChartWindowKey | null;
    from: string;
    /** Inclusive: the last minute drawn. */
    to: string;
    /** True while the window ends at "now" (it moves): a fixed past window never changes. */
    live: boolean;
  };
  source: string | null;
  currency: string;
  /** Width of the chat and target buckets, and of the money buckets. */
  bucket_minutes: number;
  money_bucket_minutes: number;
  money: MoneyBucketView[];
  chat: ChatBucketView[];
  targets: TargetSeriesView[];
  totals: {
    raised: Amount;
    donations: number;
    messages: number;
    /** Exact distinct people over the whole window. */
    chatters: number;
  };
}

export interface PaceWindowView {
  minutes: number;
  raised: Amount;
  /** Money per minute and per hour at this window's pace (rounded to the minor unit). */
  per_minute: Amount;
  per_hour: Amount;
  donations: number;
  messages_per_minute: number;
}

export interface DonorView {
  rank: number;
  name: string;
  total: Amount;
  donations: number;
}

export interface PaceView {
  /** The moment the pace is measured at: now, or the end of a marathon that is over. */
  at: string;
  phase: 'before' | 'running' | 'ended';
  currency: string;
  raised: Amount;
  goal: Amount;
  next_milestone: { label: string; amount: Amount; to_go: Amount } | null;
  /** The last 15 minutes, hour and 6 hours. */
  recent: PaceWindowView[];
  /** null before the marathon starts. */
  projection: {
    amount: Amount;
    ends_at: string;
    hours_remaining: number;
    /** In words: how the figure was reached. */
    method: string;
  } | null;
  top_donors: DonorView[];
  /** Donors who asked not to be named, and donations without a name, together: never named. */
  anonymous: { total: Amount; donations: number };
  /** Donations not counted above because their currency has no exchange rate yet. */
  waiting_for_rate: number;
}

export const PACE_WINDOWS_MINUTES = [15, 60, 360] as const;
export const PROJECTION_PACE_MINUTES = 60;
export const TOP_DONORS = 10;

/** Incentives drawn in the charts at most (the ones that raised the most): a chart stays readable. */
export const MAX_CHARTED_INCENTIVES = 10;

/** One incentive's or bid war's money over the window: what it had raised by the end of each bucket. */
export interface IncentiveMoneySeries {
  id: number;
  name: string;
  kind: 'incentive' | 'bid_war';
  /** Its total now (refunds and reassignments taken off). */
  total: Amount;
  /** Bucket starts (ISO) with the money it had at the end of that bucket, in campaign currency. */
  points: { start: string; raised: Amount }[];
}

export interface IncentiveChartsView {
  window: { from: string; to: string; live: boolean };
  bucket_minutes: number;
  incentives: IncentiveMoneySeries[];
}
