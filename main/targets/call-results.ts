import {
  type CallAnswerView,
  type CallLift,
  type CallMissedPart,
  type CallResult,
  type ResponseKind,
  TARGET_PLATFORMS,
  type TargetPlatform,
} from '../../shared/views.js';
import { VISIBLE } from '../chat/hidden.js';
import type { Db } from '../store/database.js';
import { type MomentRow, USUAL_RATE_MIN } from './call-signups.js';
import { platformOfSourceKind } from './platforms.js';

const MINUTE = 60_000;
/** Statuses in which a chat source is reading (polled platforms say "listening"). */
const UP = new Set(['connected', 'listening']);

type Span = { m: string; at: number; end: number; from: number };

/** The people who signed up (visible messages only), once each per platform. */
const SIGNED = `SELECT DISTINCT e.platform, e.actor_key FROM call_signups e WHERE e.moment_id = @m AND ${VISIBLE}`;
/** Whether the author of post `p` signed up (a visible sign-up; one index probe per post). */
const SIGNED_UP = `EXISTS (SELECT 1 FROM call_signups e INDEXED BY call_signups_people WHERE e.moment_id = @m AND e.platform = p.platform AND e.actor_key = p.actor_key AND ${VISIBLE})`;
/** The posts of the moment from @from to the end of its window, visible only. */
const POSTS = `SELECT e.platform, e.actor_key, e.occurred_at FROM call_posts e
  WHERE e.moment_id = @m AND e.occurred_at >= @from AND e.occurred_at < @end AND ${VISIBLE}`;

/**
 * A call moment's sign-ups and follow-through, read from the rows ingest wrote (call_signups,
 * call_posts), each filtered by the hidden-chat marks: a cleared message stops counting the
 * moment its mark is written. Bounded by the moment's own rows (index on moment_id).
 */
export class CallResults {
  private readonly sql;
  /** The last results of each moment, with what they were read at: re-read only when rows or marks change. */
  private readonly cache = new Map<string, { key: string; value: ReturnType<CallResults['read']> }>();

  constructor(db: Db) {
    this.sql = {
      signups: db.prepare<Span, { platform: TargetPlatform; n: number }>(`SELECT platform, COUNT(*) AS n FROM (${SIGNED}) GROUP BY platform`),
      people: db.prepare<Span, { platform: TargetPlatform; followed: number; others: number }>(
        `SELECT platform, SUM(signed) AS followed, SUM(1 - signed) AS others FROM (
           SELECT DISTINCT p.platform, p.actor_key, ${SIGNED_UP} AS signed FROM (${POSTS}) p WHERE p.occurred_at >= @at
         ) GROUP BY platform`,
      ),
      lift: db.prepare<Span, { platform: TargetPlatform; inside: number; before: number }>(
        `SELECT p.platform, SUM(p.occurred_at >= @at) AS inside, SUM(p.occurred_at < @at) AS before
         FROM (${POSTS}) p WHERE ${SIGNED_UP} GROUP BY p.platform`,
      ),
      minutes: db.prepare<Span, { platform: TargetPlatform; minute: number; posts: number }>(
        `SELECT platform, occurred_at / 60000 AS minute, COUNT(*) AS posts FROM (${POSTS}) WHERE occurred_at >= @at GROUP BY platform, minute`,
      ),
      lastMark: db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM chat_hidden'),
      answer: db.prepare<[string, number, number], { kind: ResponseKind; quote: string; url: string | null; responded_at: number }>(
        `SELECT kind, quote, url, responded_at FROM responses
         WHERE target_id = ? AND state = 'confirmed' AND kind IS NOT NULL AND responded_at >= ? AND responded_at < ?
         ORDER BY responded_at, id LIMIT 1`,
      ),
      chatSources: db.prepare<[], { id: string; name: string; kind: string }>(
        "SELECT id, name, kind FROM sources WHERE kind IN ('twitch', 'youtube', 'x') ORDER BY created_at, id",
      ),
      statusBefore: db.prepare<[string, number], { status: string; at: number }>(
        'SELECT status, at FROM source_status_log WHERE source_id = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1',
      ),
      statusDuring: db.prepare<[string, number, number], { status: string; at: number }>(
        'SELECT status, at FROM source_status_log WHERE source_id = ? AND at > ? AND at <= ? ORDER BY at, id LIMIT 1000',
      ),
    };
  }

  /**
   * All platforms together and each (in TARGET_PLATFORMS order, those with anything). `version`
   * moves whenever ingest writes a row for the moment; a new hidden-chat mark also re-reads.
   */
  results(moment: MomentRow, version: number): ReturnType<CallResults['read']> {
    const key = `${version}:${this.sql.lastMark.get()?.id ?? 0}:${moment.at}:${moment.window_min}`;
    const cached = this.cache.get(moment.id);
    if (cached?.key === key) return cached.value;
    const value = this.read(moment);
    this.cache.set(moment.id, { key, value });
    return value;
  }

  private read(moment: MomentRow): { result: CallResult; by_platform: (CallResult & { platform: TargetPlatform })[] } {
    const end = moment.at + moment.window_min * MINUTE;
    const span: Span = { m: moment.id, at: moment.at, end, from: Math.max(moment.at - USUAL_RATE_MIN * MINUTE, moment.created_at) };
    const minutesBefore = Math.floor((moment.at - span.from) / MINUTE);
    const signups = new Map(this.sql.signups.all(span).map((r) => [r.platform, r.n]));
    const people = new Map(this.sql.people.all(span).map((r) => [r.platform, r]));
    const lift = new Map(this.sql.lift.all(span).map((r) => [r.platform, r]));
    const minutes = this.sql.minutes.all(span);
    const one = (platform: TargetPlatform | null): CallResult => {
      const pick = <T>(map: Map<TargetPlatform, T>): T[] => (platform ? [map.get(platform)].filter((v): v is T => v !== undefined) : [...map.values()]);
      const sum = <T>(rows: T[], f: (row: T) => number) => rows.reduce((n, row) => n + f(row), 0);
      const perMinute = new Map<number, number>();
      for (const r of minutes) if (!platform || r.platform === platform) perMinute.set(r.minute, (perMinute.get(r.minute) ?? 0) + r.posts);
      let peak: CallResult['peak'] = null;
      for (const [minute, posts] of [...perMinute].sort((a, b) => a[0] - b[0])) {
        if (!peak || posts > peak.posts) peak = { minute: new Date(minute * MINUTE).toISOString(), posts };
      }
      const rates = pick(lift);
      return {
        signups: sum(pick(signups), (n) => n),
        followed: sum(pick(people), (r) => r.followed),
        others: sum(pick(people), (r) => r.others),
        posts: sum([...perMinute.values()], (n) => n),
        peak,
        lift: liftOf(sum(rates, (r) => r.inside), moment.window_min, sum(rates, (r) => r.before), minutesBefore),
      };
    };
    const platforms = TARGET_PLATFORMS.filter((p) => signups.has(p) || people.has(p));
    return { result: one(null), by_platform: platforms.map((platform) => ({ platform, ...one(platform) })) };
  }

  /** The first confirmed answer from the moment on, before the next moment of the same target. */
  answer(moment: MomentRow, nextAt: number | null): CallAnswerView | null {
    const found = this.sql.answer.get(moment.target_id, moment.at, nextAt ?? Number.MAX_SAFE_INTEGER);
    if (!found) return null;
    return {
      kind: found.kind,
      quote: found.quote,
      url: found.url,
      responded_at: new Date(found.responded_at).toISOString(),
      after_s: Math.round((found.responded_at - moment.at) / 1000),
    };
  }

  /**
   * The parts of the window (up to now) each chat source spent not reading, from its connection
   * history. A source with no history before the window is left out: nothing is known of it.
   */
  missed(moment: MomentRow, now: number): CallMissedPart[] {
    const from = moment.at;
    const to = Math.min(now, moment.at + moment.window_min * MINUTE);
    if (to <= from) return [];
    const parts: CallMissedPart[] = [];
    for (const source of this.sql.chatSources.all()) {
      const first = this.sql.statusBefore.get(source.id, from);
      const changes = this.sql.statusDuring.all(source.id, from, to);
      if (!first && changes.length === 0) continue;
      let down: number | null = first && !UP.has(first.status) ? from : null;
      const close = (until: number) => {
        if (down !== null && until > down) {
          parts.push({ source_id: source.id, source_name: source.name, platform: platformOfSourceKind(source.kind), from: new Date(down).toISOString(), to: new Date(until).toISOString() });
        }
        down = null;
      };
      for (const change of changes) {
        if (UP.has(change.status)) close(change.at);
        else if (down === null) down = change.at;
      }
      close(to);
    }
    return parts;
  }
}

function liftOf(inside: number, windowMinutes: number, before: number, minutesBefore: number): CallLift {
  const lift = before > 0 && minutesBefore > 0 ? Math.round(((inside / windowMinutes) / (before / minutesBefore)) * 100) / 100 : null;
  return { posts_in_window: inside, window_minutes: windowMinutes, posts_before: before, minutes_before: minutesBefore, lift };
}
