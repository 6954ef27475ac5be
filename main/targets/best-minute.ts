import {
  BEST_MINUTE_LOOKBACK_DAYS,
  BEST_MINUTE_SPACING_MINUTES,
  BEST_MINUTE_SUGGESTIONS,
  type BestMinuteView,
  type MomentReach,
  type PlatformReach,
  type ReachWindow,
} from '../../shared/best-minute.js';
import { TARGET_PLATFORMS, type TargetPlatform } from '../../shared/views.js';
import { ALL_SOURCES, type ChatterSets } from '../chat/chatters.js';
import type { Db } from '../store/database.js';
import { platformOfSourceKind } from './platforms.js';

const DAY = 1440;
const MINUTE_MS = 60_000;
/** A call moment's window: the ten minutes its follow-through is measured over (targets.ts). */
export const MOMENT_WINDOW_MINUTES = 10;
const PAST_MOMENTS_MAX = 20;

/** Whose chatters one count is over: every source together, or one platform's sources. */
interface Audience {
  platform: TargetPlatform | null;
  sources: string[];
}

/** One earlier day's count of a window, weighted: the day before 1, two days before ½, … */
interface DaySample {
  weight: number;
  reach: Map<TargetPlatform | null, number>;
}

const iso = (minute: number) => new Date(minute * MINUTE_MS).toISOString();
const dayWeight = (daysBack: number) => 0.5 ** (daysBack - 1);

/**
 * The best minute to call. The model is deliberately plain, so that the panel can say what it
 * rests on: the reach of a window (distinct chatters in it) is predicted as the average of the
 * same clock-time window's exact reach on the earlier days of this marathon (at most a week
 * back), each day further back weighing half as much. A clock time not yet seen on an earlier
 * day gets no prediction at all, rather than a guess. Counts come from the chatter sets (exact
 * distinct people, kept at ingest), by buckets the chatter sets keep counted between requests.
 */
export class BestMinute {
  private readonly sql;

  constructor(
    db: Db,
    private readonly chatters: ChatterSets,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = {
      firstChat: db.prepare<[], { minute: number | null }>(
        `SELECT MIN(minute) AS minute FROM minute_rollups WHERE source_id = '${ALL_SOURCES}' AND chatters > 0`,
      ),
      chatSources: db.prepare<[], { id: string; kind: string }>(
        `SELECT s.id, s.kind FROM sources s
         WHERE EXISTS (SELECT 1 FROM hour_rollups h WHERE h.source_id = s.id AND h.messages > 0) ORDER BY s.id`,
      ),
      scheduled: db.prepare<[number, number], { at: number; name: string }>(
        `SELECT c.at, t.name FROM call_moments c JOIN targets t ON t.id = c.target_id
         WHERE c.cancelled_at IS NULL AND c.at > ? AND c.at < ? ORDER BY c.at LIMIT 500`,
      ),
      past: db.prepare<[number, number], { id: string; target_id: string; name: string; at: number }>(
        `SELECT c.id, c.target_id, t.name, c.at FROM call_moments c JOIN targets t ON t.id = c.target_id
         WHERE c.cancelled_at IS NULL AND c.at <= ? ORDER BY c.at DESC, c.id LIMIT ?`,
      ),
    };
  }

  /** The windows of `windowMinutes` in the next `hours`, the best of them, and the past moments against their prediction. */
  view(windowMinutes: number, hours: number): BestMinuteView {
    const nowMinute = Math.floor(this.now() / MINUTE_MS);
    const first = this.sql.firstChat.get()?.minute ?? null;
    const audiences = this.audiences();
    const lookFrom = Math.max(first ?? nowMinute, nowMinute - BEST_MINUTE_LOOKBACK_DAYS * DAY);
    const base = {
      computed_at: new Date(this.now()).toISOString(),
      window_minutes: windowMinutes,
      horizon_hours: hours,
      basis: { first_chat_at: first === null ? null : iso(first), chat_minutes: Math.max(0, nowMinute - lookFrom), lookback_days: BEST_MINUTE_LOOKBACK_DAYS, day_weight: 0.5 as const },
      past: first === null ? [] : this.pastMoments(first, nowMinute, audiences),
    };
    if (first === null || first >= nowMinute) return { ...base, state: 'no_chat', ready_at: null, suggestions: [], ahead: [] };

    // Each audience's exact reach per window-long bucket of the earlier days (one pass each).
    const counted = perAudience(audiences, (sources) => this.chatters.distinctAcross(lookFrom, nowMinute - 1, windowMinutes, sources).buckets);
    const taken = this.sql.scheduled.all((nowMinute - MOMENT_WINDOW_MINUTES) * MINUTE_MS, (nowMinute + hours * 60) * MINUTE_MS);
    const ahead: ReachWindow[] = [];
    const firstStart = (Math.floor(nowMinute / windowMinutes) + 1) * windowMinutes;
    for (let start = firstStart; start + windowMinutes <= nowMinute + hours * 60; start += windowMinutes) {
      const samples: DaySample[] = [];
      for (let back = 1; back <= BEST_MINUTE_LOOKBACK_DAYS; back += 1) {
        const then = start - back * DAY;
        if (then < first || then + windowMinutes > nowMinute) continue;
        samples.push({ weight: dayWeight(back), reach: new Map(audiences.map((a) => [a.platform, counted.get(a.platform)?.get(then) ?? 0])) });
      }
      const end = start + windowMinutes;
      const clash = taken.find((m) => m.at < end * MINUTE_MS && m.at + MOMENT_WINDOW_MINUTES * MINUTE_MS > start * MINUTE_MS);
      ahead.push({ start: iso(start), end: iso(end), ...predict(samples, audiences), days: samples.length, taken_by: clash?.name ?? null });
    }
    const suggestions = pickBest(ahead);
    if (suggestions.length > 0 || ahead.some((w) => w.predicted !== null)) return { ...base, state: 'ready', ready_at: null, suggestions, ahead };
    // The first window that a day of chat will have been seen for enters the horizon then.
    const readyAt = first + DAY + windowMinutes - hours * 60;
    return { ...base, state: 'too_little_data', ready_at: iso(Math.max(readyAt, nowMinute)), suggestions: [], ahead };
  }

  /** Chat sources grouped by platform, after every source together; a platform with one source counts that source's sets. */
  private audiences(): Audience[] {
    const byPlatform = new Map<TargetPlatform, string[]>();
    for (const source of this.sql.chatSources.all()) {
      const platform = platformOfSourceKind(source.kind);
      byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), source.id]);
    }
    const platforms = TARGET_PLATFORMS.filter((p) => byPlatform.has(p));
    // One platform alone is every source together: its count is the '*' one.
    return [
      { platform: null, sources: [ALL_SOURCES] },
      ...platforms.map((platform) => ({ platform, sources: platforms.length === 1 ? [ALL_SOURCES] : (byPlatform.get(platform) ?? []) })),
    ];
  }

  /** The latest moments whose window has passed: predicted (from the days before each) and counted reach. */
  private pastMoments(first: number, nowMinute: number, audiences: Audience[]): MomentReach[] {
    const closedBy = (nowMinute - MOMENT_WINDOW_MINUTES) * MINUTE_MS;
    return this.sql.past.all(closedBy, PAST_MOMENTS_MAX).map((moment) => {
      const at = Math.floor(moment.at / MINUTE_MS);
      const reach = (from: number) =>
        perAudience(audiences, (sources) => this.chatters.distinctAcross(from, from + MOMENT_WINDOW_MINUTES - 1, MOMENT_WINDOW_MINUTES, sources).total);
      const samples: DaySample[] = [];
      for (let back = 1; back <= BEST_MINUTE_LOOKBACK_DAYS; back += 1) {
        const then = at - back * DAY;
        if (then >= first) samples.push({ weight: dayWeight(back), reach: reach(then) });
      }
      const predicted = predict(samples, audiences);
      const actual = reach(at);
      return {
        moment_id: moment.id,
        target_id: moment.target_id,
        target_name: moment.name,
        at: iso(at),
        window_minutes: MOMENT_WINDOW_MINUTES,
        predicted: predicted.predicted,
        actual: actual.get(null) ?? 0,
        days: samples.length,
        by_platform: predicted.by_platform.map((p) => ({ ...p, actual: actual.get(p.platform) ?? 0 })),
      };
    });
  }
}

/** `count` for each audience, once per distinct set of sources (one platform alone counts as all together). */
function perAudience<T>(audiences: Audience[], count: (sources: string[]) => T): Map<TargetPlatform | null, T> {
  const done = new Map<string, T>();
  return new Map(
    audiences.map((a) => {
      const key = a.sources.join('\u0000');
      if (!done.has(key)) done.set(key, count(a.sources));
      return [a.platform, done.get(key)!];
    }),
  );
}

/** The weighted average of the days' reach, to whole people, for every audience; null with no day. */
function predict(samples: DaySample[], audiences: Audience[]): { predicted: number | null; by_platform: PlatformReach[] } {
  const total = samples.reduce((sum, s) => sum + s.weight, 0);
  const of = (platform: TargetPlatform | null) =>
    samples.length === 0 ? null : Math.round(samples.reduce((sum, s) => sum + s.weight * (s.reach.get(platform) ?? 0), 0) / total);
  return {
    predicted: of(null),
    by_platform: audiences.flatMap((a) => (a.platform === null ? [] : [{ platform: a.platform, predicted: of(a.platform) }])),
  };
}

/** The highest-reach windows not already taken by a call moment, at least an hour apart, best first (ties: the sooner). */
function pickBest(ahead: ReachWindow[]): ReachWindow[] {
  const ranked = ahead
    .filter((w) => w.predicted !== null && w.taken_by === null)
    .sort((a, b) => b.predicted! - a.predicted! || Date.parse(a.start) - Date.parse(b.start));
  const picked: ReachWindow[] = [];
  for (const w of ranked) {
    if (picked.length === BEST_MINUTE_SUGGESTIONS) break;
    const far = picked.every((p) => Math.abs(Date.parse(p.start) - Date.parse(w.start)) >= BEST_MINUTE_SPACING_MINUTES * MINUTE_MS);
    if (far) picked.push(w);
  }
  return picked;
}
