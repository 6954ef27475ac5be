import {
  type ChartWindowKey,
  type ChartsView,
  type ChatBucketView,
  CHART_WINDOWS,
  MAX_WINDOW_MINUTES,
  MONEY_BUCKET_MINUTES,
  type MoneyBucketView,
  type TargetSeriesView,
  bucketMinutesFor,
} from '../../shared/charts.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import { addMinor, formatMinor } from '../../shared/money.js';
import type { Campaign } from '../campaign/campaign.js';
import { ALL_SOURCES, type ChatterSets } from '../chat/chatters.js';
import type { Db } from '../store/database.js';
import { type HourVersion, MinuteCache } from '../store/minute-cache.js';

const iso = (minute: number) => new Date(minute * 60_000).toISOString();

/** Minutes [from, to] (inclusive) a chart covers, and whether its end moves with the clock. */
export interface ChartWindow {
  key: ChartWindowKey | null;
  from: number;
  to: number;
  live: boolean;
}

/**
 * The moment "recent" means: now while the marathon runs (or before it), its end once it is over,
 * so "last hour" after the marathon is its final hour.
 */
export function anchorOf(campaign: Campaign | null, now: number): number {
  if (!campaign) return now;
  const ends = campaign.startsAt + campaign.durationHours * 3_600_000;
  return Math.min(now, ends - 1);
}

/**
 * A named window, ending at the anchor; the whole marathon runs from its start. Once the marathon
 * has started, no window reaches back before it: "6 h" three hours in is those three hours, not
 * three empty ones first. Before the start, the windows show the chat warming up.
 */
export function namedWindow(key: ChartWindowKey, campaign: Campaign | null, now: number): ChartWindow {
  const anchor = anchorOf(campaign, now);
  const to = Math.floor(anchor / 60_000);
  const live = campaign ? now < campaign.startsAt + campaign.durationHours * 3_600_000 : true;
  const named = CHART_WINDOWS.find((w) => w.key === key);
  const start = campaign ? Math.floor(campaign.startsAt / 60_000) : null;
  if (!named || named.minutes === null) {
    return { key, from: Math.min(start ?? to - 59, to), to, live };
  }
  const from = to - named.minutes + 1;
  return { key, from: start !== null && start <= to ? Math.max(from, start) : from, to, live };
}

/** A window given by its times: fixed unless it reaches the present. */
export function fixedWindow(fromMs: number, toMs: number, now: number): ChartWindow {
  return { key: null, from: Math.floor(fromMs / 60_000), to: Math.floor(toMs / 60_000), live: toMs >= now };
}

export function windowTooLong(window: ChartWindow): boolean {
  return window.to - window.from + 1 > MAX_WINDOW_MINUTES;
}

interface RollupRow {
  minute: number;
  raised_minor: number;
  donations: number;
  messages: number;
}

/**
 * The charts, from the rollups only: money per 5 minutes, chat per bucket with its exact distinct
 * people (chatter sets), mentions per target (target_minutes). Buckets are aligned to multiples
 * of their width, so a live window's past buckets do not shift as time passes.
 */
export class ChartQueries {
  private readonly sql;
  private readonly rollups;
  private readonly targetMinutes;

  constructor(db: Db, private readonly chatters: ChatterSets) {
    this.sql = {
      targets: db.prepare<[], { id: string; name: string }>('SELECT id, name FROM targets WHERE archived_at IS NULL ORDER BY created_at, id'),
    };
    this.rollups = new MinuteCache(
      db.prepare<[string, number, number], HourVersion>(
        'SELECT hour_start, changes FROM hour_rollups WHERE source_id = ? AND hour_start BETWEEN ? AND ? ORDER BY hour_start',
      ),
      db.prepare<[string, number, number], RollupRow>(
        'SELECT minute, raised_minor, donations, messages FROM minute_rollups WHERE source_id = ? AND minute BETWEEN ? AND ? ORDER BY minute',
      ),
    );
    this.targetMinutes = new MinuteCache(
      db.prepare<[string, number, number], HourVersion>(
        'SELECT hour_start, changes FROM hour_target_minutes WHERE target_id = ? AND hour_start BETWEEN ? AND ? ORDER BY hour_start',
      ),
      db.prepare<[string, number, number], { minute: number; mentions: number }>(
        'SELECT minute, mentions FROM target_minutes WHERE target_id = ? AND minute BETWEEN ? AND ? ORDER BY minute',
      ),
    );
  }

  /** Counts the window's people in slices (see ChatterSets.warm) before charts() reads them at once. */
  warm(window: ChartWindow, source: string | null = null): Promise<void> {
    return this.chatters.warm(window.from, window.to, bucketMinutesFor(window.to - window.from + 1), source ?? ALL_SOURCES);
  }

  charts(window: ChartWindow, currency: CurrencyCode, source: string | null = null): ChartsView {
    const { from, to } = window;
    const span = to - from + 1;
    const step = bucketMinutesFor(span);
    const moneyStep = bucketMinutesFor(span, MONEY_BUCKET_MINUTES);
    const key = source ?? ALL_SOURCES;
    const money = new Map<number, Pick<MoneyBucketView, 'start' | 'minutes' | 'donations'> & { minor: number }>();
    const chat = new Map<number, ChatBucketView>();
    const bucketsOf = <T>(width: number, make: (start: number, minutes: number) => T, into: Map<number, T>) => {
      for (let start = Math.floor(from / width) * width; start <= to; start += width) {
        into.set(start, make(start, Math.min(start + width - 1, to) - Math.max(start, from) + 1));
      }
    };
    const amount = (minor: number) => ({ value: formatMinor(minor, currency), currency });
    bucketsOf(moneyStep, (start, minutes) => ({ start: iso(start), minutes, minor: 0, donations: 0 }), money);
    bucketsOf(step, (start, minutes) => ({ start: iso(start), minutes, messages: 0, peak_minute_messages: 0, chatters: 0 }), chat);

    let raised = 0;
    let donations = 0;
    let messages = 0;
    for (const row of this.rollups.rows(key, from, to)) {
      const m = money.get(Math.floor(row.minute / moneyStep) * moneyStep);
      if (m) {
        m.minor = addMinor(m.minor, row.raised_minor);
        m.donations += row.donations;
      }
      const c = chat.get(Math.floor(row.minute / step) * step);
      if (c) {
        c.messages += row.messages;
        if (row.messages > c.peak_minute_messages) c.peak_minute_messages = row.messages;
      }
      raised = addMinor(raised, row.raised_minor);
      donations += row.donations;
      messages += row.messages;
    }
    const people = this.chatters.distinctByBucket(from, to, step, key);
    for (const [start, bucket] of chat) bucket.chatters = people.buckets.get(start) ?? 0;

    return {
      window: { key: window.key, from: iso(from), to: iso(to), live: window.live },
      source,
      currency,
      bucket_minutes: step,
      money_bucket_minutes: moneyStep,
      money: [...money.values()].map(({ start, minutes, minor, donations }) => ({ start, minutes, raised: amount(minor), raised_minor: minor, donations })),
      chat: [...chat.values()],
      targets: source === null ? this.targetSeries(from, to, step, chat) : [],
      totals: { raised: amount(raised), donations, messages, chatters: people.total },
    };
  }

  /** Mentions per chat bucket (the same starts: their labels are the chat buckets'). */
  private targetSeries(from: number, to: number, step: number, chat: Map<number, ChatBucketView>): TargetSeriesView[] {
    return this.sql.targets.all().map((target) => {
      const points = new Map<number, number>();
      for (let start = Math.floor(from / step) * step; start <= to; start += step) points.set(start, 0);
      let mentions = 0;
      for (const row of this.targetMinutes.rows(target.id, from, to)) {
        const start = Math.floor(row.minute / step) * step;
        points.set(start, (points.get(start) ?? 0) + row.mentions);
        mentions += row.mentions;
      }
      return { id: target.id, name: target.name, mentions, points: [...points].map(([start, count]) => ({ start: chat.get(start)?.start ?? iso(start), mentions: count })) };
    });
  }
}
