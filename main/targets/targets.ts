import { randomBytes } from 'node:crypto';
import { type Result, fail, ok } from '../../shared/result.js';
import {
  type CallBotView,
  type CallMomentReportRow,
  type CallMomentView,
  type ResponseKind,
  TARGET_PLATFORMS,
  type TargetInput,
  type TargetMinuteView,
  type TargetPlatform,
  type TargetPlatformCount,
  type TargetView,
} from '../../shared/views.js';
import { type ChatterSets, type ChatterStaging } from '../chat/chatters.js';
import type { BotMoment } from './call-bot.js';
import { CallResults } from './call-results.js';
import { CallSignups, type MomentRow, type SignedUp } from './call-signups.js';
import { canonicalTag, extractTags } from '../chat/tags.js';
import type { ChatTap, TappedChat } from '../ingest/ingest.js';
import type { Caller } from '../people/invites.js';
import type { Db } from '../store/database.js';
import { platformCallerSetKey, platformOfSourceKind, platformOfUrl, xPostUrl } from './platforms.js';

const NAME_MAX = 80;
const ASK_MAX = 500;
const HANDLES_MAX = 10;
const HASHTAGS_MAX = 10;
const MOMENT_WINDOW_MIN = 10;
/** Past chat counted per step of the background count, between which live work goes on. */
const BACKFILL_CHUNK = 5_000;
const MENTION_HANDLE = /^[a-z0-9_]{1,25}$/;

interface TargetRow {
  id: string;
  name: string;
  handles: string;
  hashtags: string;
  hashtag_labels: string | null;
  ask: string;
  call_starts_at: number;
  created_at: number;
  created_by: string;
  updated_at: number;
  archived_at: number | null;
  live_from_seq: number;
  backfill_seq: number;
}

interface Matcher {
  id: string;
  callStartsAt: number;
  liveFromSeq: number;
  twitchLogin: string | null;
}

/** A post or chat line from a target's own account, waiting for the end of the chat transaction. */
interface PendingCandidate {
  target: string;
  chat: TappedChat;
  /** Its link (an X post); chat lines have none. */
  url: string | null;
  /** For the audit: "message from X in chat", "post by @x on X". */
  foundBy: string;
}

export const callerSetKey = (targetId: string) => `target:${targetId}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** "#ErdoganHelpRohingya" → "erdoganhelprohingya", exactly as chat extraction folds it; null when it is not one clean tag. */
export function canonicalHashtag(raw: string): string | null {
  const body = raw.trim().replace(/^[#\uFF03]/, '');
  const tags = extractTags(`#${body}`).hashtags;
  return tags.length === 1 && canonicalTag(body) === tags[0] ? tags[0] : null;
}

/** The handle as an @mention in chat would be counted, or null when chat cannot mention it. */
const mentionOf = (handle: string): string | null => {
  const h = handle.trim().replace(/^@/, '').toLowerCase();
  return MENTION_HANDLE.test(h) ? h : null;
};

/**
 * Targets: who the campaign calls on. Counts, at ingest and in the chat's transaction, every
 * chat message carrying one of a target's hashtags or @handles (once per message, however many
 * it carries), per minute, with the distinct people (exact, in the chatter sets). Messages from
 * the target's own Twitch account after its call started become candidate responses.
 */
export class Targets implements ChatTap {
  private matchers = new Map<string, Matcher>();
  private byHashtag = new Map<string, string[]>();
  private byMention = new Map<string, string[]>();
  private byLogin = new Map<string, string[]>();
  private byXHandle = new Map<string, string[]>();
  private pendingMinutes = new Map<string, { target: string; minute: number; mentions: number; callers: number }>();
  private pendingPlatformMinutes = new Map<string, { target: string; platform: TargetPlatform; minute: number; mentions: number; callers: number }>();
  private pendingCandidates: PendingCandidate[] = [];
  /** Each source's platform (a source's kind never changes). */
  private readonly platforms = new Map<string, TargetPlatform>();
  private changed = new Set<string>();
  private backfillScheduled = false;
  private stopped = false;
  private readonly sql;
  /** Call moments' sign-ups and posts, counted in the same chat transaction as the mentions. */
  readonly signups: CallSignups;
  private readonly callResults: CallResults;

  constructor(
    private readonly db: Db,
    private readonly chatters: ChatterSets,
    private readonly options: {
      now?: () => number;
      onChanged?: (ids: string[]) => void;
      onSignedUp?: (people: SignedUp[]) => void;
      callBot?: () => CallBotView;
      backfillChunk?: number;
    } = {},
  ) {
    this.signups = new CallSignups(db, { now: () => this.now(), onSignedUp: (people) => this.options.onSignedUp?.(people) });
    this.callResults = new CallResults(db);
    this.sql = {
      all: db.prepare<[], TargetRow>('SELECT * FROM targets ORDER BY created_at, id'),
      one: db.prepare<[string], TargetRow>('SELECT * FROM targets WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO targets (id, name, handles, hashtags, hashtag_labels, ask, call_starts_at, created_at, created_by, updated_at, live_from_seq, backfill_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      ),
      update: db.prepare('UPDATE targets SET name = ?, handles = ?, hashtags = ?, hashtag_labels = ?, ask = ?, call_starts_at = ?, updated_at = ? WHERE id = ?'),
      recount: db.prepare('UPDATE targets SET live_from_seq = ?, backfill_seq = 0 WHERE id = ?'),
      archive: db.prepare('UPDATE targets SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL'),
      maxSeq: db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events'),
      minuteUpsert: db.prepare(
        `INSERT INTO target_minutes (target_id, minute, mentions, callers) VALUES (?, ?, ?, ?)
         ON CONFLICT (target_id, minute) DO UPDATE SET mentions = mentions + excluded.mentions, callers = callers + excluded.callers`,
      ),
      platformMinuteUpsert: db.prepare(
        `INSERT INTO target_platform_minutes (target_id, platform, minute, mentions, callers) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (target_id, platform, minute) DO UPDATE SET mentions = mentions + excluded.mentions, callers = callers + excluded.callers`,
      ),
      platformSums: db.prepare<[string, number], { platform: TargetPlatform; mentions: number }>(
        'SELECT platform, SUM(mentions) AS mentions FROM target_platform_minutes WHERE target_id = ? AND minute >= ? GROUP BY platform',
      ),
      sourceKind: db.prepare<[string], { kind: string }>('SELECT kind FROM sources WHERE id = ?'),
      clearMinutes: db.prepare('DELETE FROM target_minutes WHERE target_id = ?'),
      clearPlatformMinutes: db.prepare('DELETE FROM target_platform_minutes WHERE target_id = ?'),
      clearSets: db.prepare('DELETE FROM minute_chatter_sets WHERE source_id = ?'),
      backfillRows: db.prepare<[number, number, number], { seq: number; source_id: string; actor_key: string; occurred_at: number; body: string | null }>(
        "SELECT seq, source_id, actor_key, occurred_at, body FROM events WHERE seq > ? AND seq <= ? AND kind = 'chat' ORDER BY seq LIMIT ?",
      ),
      nextBackfill: db.prepare<[], TargetRow>(
        'SELECT * FROM targets WHERE archived_at IS NULL AND backfill_seq < live_from_seq ORDER BY created_at, id LIMIT 1',
      ),
      setBackfill: db.prepare('UPDATE targets SET backfill_seq = ? WHERE id = ?'),
      sums: db.prepare<[string, number], { mentions: number | null }>(
        'SELECT SUM(mentions) AS mentions FROM target_minutes WHERE target_id = ? AND minute >= ?',
      ),
      peak: db.prepare<[string, number], { minute: number; mentions: number }>(
        'SELECT minute, mentions FROM target_minutes WHERE target_id = ? AND minute >= ? ORDER BY mentions DESC, minute LIMIT 1',
      ),
      range: db.prepare<[string, number, number], { minute: number; mentions: number; callers: number }>(
        'SELECT minute, mentions, callers FROM target_minutes WHERE target_id = ? AND minute BETWEEN ? AND ? ORDER BY minute',
      ),
      windowSum: db.prepare<[string, number, number], { mentions: number | null }>(
        'SELECT SUM(mentions) AS mentions FROM target_minutes WHERE target_id = ? AND minute BETWEEN ? AND ?',
      ),
      responses: db.prepare<[string], { state: string; kind: ResponseKind | null; quote: string; url: string | null; responded_at: number; source_kind: string | null }>(
        `SELECT state, kind, quote, url, responded_at,
                (SELECT s.kind FROM events e JOIN sources s ON s.id = e.source_id WHERE e.seq = responses.chat_seq) AS source_kind
         FROM responses WHERE target_id = ? AND state IN ('candidate', 'flagged', 'confirmed') ORDER BY responded_at, id`,
      ),
      insertCandidate: db.prepare(
        `INSERT INTO responses (id, target_id, state, kind, quote, url, chat_seq, responded_at, found_by, created_at)
         VALUES (?, ?, 'candidate', NULL, ?, ?, ?, ?, 'chat', ?) ON CONFLICT DO NOTHING`,
      ),
      auditFound: db.prepare(
        `INSERT INTO response_audit (response_id, target_id, action, actor, actor_name, at, reason, from_state, to_state)
         VALUES (?, ?, 'found', 'chat', ?, ?, NULL, NULL, 'candidate')`,
      ),
    };
    this.reload();
    // Callers of the minutes not yet saved when the app last stopped (a crash) come back from the log.
    chatters.replayInto((row) => {
      const platform = this.platformOf(row.source_id);
      return this.matching(extractTags(row.body ?? '')).flatMap((id) => [callerSetKey(id), platformCallerSetKey(id, platform)]);
    });
    this.scheduleBackfill();
  }

  stop(): void {
    this.stopped = true;
  }

  // ── Reading ─────────────────────────────────────────────────────────────────────────────

  list(includeArchived = false): TargetView[] {
    return this.sql.all.all().filter((row) => includeArchived || row.archived_at === null).map((row) => this.view(row));
  }

  /** What a platform's search needs of the active targets (no counts: cheap enough for every poll). */
  calls(): { hashtags: string[]; handles: TargetView['handles']; call_started_at: string }[] {
    return this.sql.all.all().filter((row) => row.archived_at === null).map((row) => ({
      hashtags: JSON.parse(row.hashtags) as string[],
      handles: JSON.parse(row.handles) as TargetView['handles'],
      call_started_at: iso(row.call_starts_at),
    }));
  }

  get(id: string): TargetView | null {
    const row = this.sql.one.get(id);
    return row ? this.view(row) : null;
  }

  /** Mentions and callers per minute over [from, to] minutes, at most ~1,000 points (wider buckets over long windows). */
  minutes(id: string, fromMinute: number, toMinute: number): TargetMinuteView[] {
    const rows = this.sql.range.all(id, fromMinute, toMinute);
    const step = minuteStep(fromMinute, toMinute);
    if (step === 1) return rows.map((r) => ({ minute: iso(r.minute * 60_000), mentions: r.mentions, callers: r.callers }));
    // Wider buckets: mentions add up; callers of a bucket are counted exactly from the sets. Buckets
    // are aligned to multiples of their width (the first one starts at `from`), so that counted
    // ones are kept between requests (see warmMinutes); one read of the sets, not one per bucket.
    const buckets = new Map<number, { mentions: number }>();
    for (const r of rows) {
      const start = Math.floor(r.minute / step) * step;
      const b = buckets.get(start) ?? { mentions: 0 };
      b.mentions += r.mentions;
      buckets.set(start, b);
    }
    const callers = this.chatters.distinctByBucket(fromMinute, toMinute, step, callerSetKey(id)).buckets;
    return [...buckets].map(([start, b]) => ({
      minute: iso(Math.max(start, fromMinute) * 60_000),
      mentions: b.mentions,
      callers: callers.get(start) ?? 0,
    }));
  }

  /** Counts the callers of a long window in slices (see ChatterSets.warm) before minutes() reads them. */
  warmMinutes(id: string, fromMinute: number, toMinute: number): Promise<void> {
    return this.chatters.warm(fromMinute, toMinute, minuteStep(fromMinute, toMinute), callerSetKey(id));
  }

  private view(row: TargetRow): TargetView {
    const now = this.now();
    const startMinute = Math.floor(row.call_starts_at / 60_000);
    const responses = this.sql.responses.all(row.id);
    const confirmed = responses.filter((r) => r.state === 'confirmed');
    const first = confirmed[0];
    const latest = confirmed[confirmed.length - 1];
    const peak = this.sql.peak.get(row.id, startMinute);
    const endMinute = Math.floor(Math.max(now, row.call_starts_at) / 60_000) + 1;
    return {
      id: row.id,
      name: row.name,
      handles: JSON.parse(row.handles) as TargetView['handles'],
      hashtags: JSON.parse(row.hashtags) as string[],
      hashtag_labels: JSON.parse(row.hashtag_labels ?? row.hashtags) as string[],
      ask: row.ask,
      call_started_at: iso(row.call_starts_at),
      status: latest ? (latest.kind === 'refusal' ? 'declined' : 'responded') : 'waiting',
      response_kind: latest?.kind ?? null,
      mentions: this.sql.sums.get(row.id, startMinute)?.mentions ?? 0,
      callers: this.chatters.distinct(startMinute, endMinute, callerSetKey(row.id)),
      by_platform: this.byPlatform(row.id, startMinute, endMinute),
      peak: peak && peak.mentions > 0 ? { minute: iso(peak.minute * 60_000), mentions: peak.mentions } : null,
      first_response_at: first ? iso(first.responded_at) : null,
      time_to_response_s: first ? Math.max(0, Math.round((first.responded_at - row.call_starts_at) / 1000)) : null,
      response: first?.kind
        ? { kind: first.kind, quote: first.quote, url: first.url, platform: first.source_kind ? platformOfSourceKind(first.source_kind) : platformOfUrl(first.url) }
        : null,
      pending: {
        candidates: responses.filter((r) => r.state === 'candidate').length,
        flagged: responses.filter((r) => r.state === 'flagged').length,
      },
      counted: row.live_from_seq === 0 ? 1 : Math.min(1, row.backfill_seq / row.live_from_seq),
      moments: this.signups.moments(row.id).map((m, i, all) => this.momentView(row.id, m, all[i + 1]?.at ?? null, now)),
      archived_at: row.archived_at === null ? null : iso(row.archived_at),
    };
  }

  /** Mentions and exact distinct callers per platform since the call started, in TARGET_PLATFORMS order. */
  private byPlatform(id: string, startMinute: number, endMinute: number): TargetPlatformCount[] {
    const sums = new Map(this.sql.platformSums.all(id, startMinute).map((r) => [r.platform, r.mentions]));
    return TARGET_PLATFORMS.filter((p) => (sums.get(p) ?? 0) > 0).map((platform) => ({
      platform,
      mentions: sums.get(platform) ?? 0,
      callers: this.chatters.distinct(startMinute, endMinute, platformCallerSetKey(id, platform)),
    }));
  }

  private momentView(targetId: string, moment: MomentRow, nextAt: number | null, now: number): CallMomentView {
    const minute = Math.floor(moment.at / 60_000);
    const endsAt = moment.at + moment.window_min * 60_000;
    const before = this.sql.windowSum.get(targetId, minute - MOMENT_WINDOW_MIN, minute - 1)?.mentions ?? 0;
    const afterDone = now >= (minute + MOMENT_WINDOW_MIN) * 60_000;
    const after = this.sql.windowSum.get(targetId, minute, minute + MOMENT_WINDOW_MIN - 1)?.mentions ?? 0;
    return {
      id: moment.id,
      at: iso(moment.at),
      before_per_minute: before / MOMENT_WINDOW_MIN,
      after_per_minute: afterDone ? after / MOMENT_WINDOW_MIN : null,
      command: moment.command,
      window_minutes: moment.window_min,
      ends_at: iso(endsAt),
      state: now < moment.at ? 'upcoming' : now < endsAt ? 'open' : 'closed',
      ...this.callResults.results(moment, this.signups.version(moment.id)),
      missed: this.callResults.missed(moment, now),
      answer: this.callResults.answer(moment, nextAt),
      bot: moment.command !== null && now < endsAt ? (this.options.callBot?.() ?? null) : null,
    };
  }

  // ── Writing ─────────────────────────────────────────────────────────────────────────────

  create(input: unknown, caller: Caller): Result<TargetView> {
    const read = readTarget(input, null, this.now());
    if (!read.ok) return read;
    const t = read.value;
    const id = randomBytes(6).toString('hex');
    const now = this.now();
    const from = this.sql.maxSeq.get()?.seq ?? 0;
    this.sql.insert.run(id, t.name, JSON.stringify(t.handles), JSON.stringify(t.hashtags), JSON.stringify(t.hashtagLabels), t.ask, t.callStartsAt, now, caller.actor, now, from);
    this.reload();
    this.scheduleBackfill();
    return ok(this.get(id)!);
  }

  update(id: string, input: unknown): Result<TargetView> | null {
    const row = this.sql.one.get(id);
    if (!row) return null;
    if (row.archived_at !== null) return fail('this target is archived');
    const read = readTarget(input, row, this.now());
    if (!read.ok) return read;
    const t = read.value;
    const countsChange =
      JSON.stringify(t.hashtags) !== row.hashtags ||
      JSON.stringify(mentionsOf(t.handles)) !== JSON.stringify(mentionsOf(JSON.parse(row.handles) as TargetView['handles']));
    this.db.transaction(() => {
      this.sql.update.run(t.name, JSON.stringify(t.handles), JSON.stringify(t.hashtags), JSON.stringify(t.hashtagLabels), t.ask, t.callStartsAt, this.now(), id);
      if (countsChange) {
        // Other tags: the counts are derived again from the log (the log itself is untouched).
        this.sql.clearMinutes.run(id);
        this.sql.clearPlatformMinutes.run(id);
        this.sql.clearSets.run(callerSetKey(id));
        for (const platform of TARGET_PLATFORMS) this.sql.clearSets.run(platformCallerSetKey(id, platform));
        this.sql.recount.run(this.sql.maxSeq.get()?.seq ?? 0, id);
      }
    })();
    if (countsChange) {
      this.chatters.forget(callerSetKey(id));
      for (const platform of TARGET_PLATFORMS) this.chatters.forget(platformCallerSetKey(id, platform));
    }
    this.reload();
    this.scheduleBackfill();
    this.markChanged(id);
    return ok(this.get(id)!);
  }

  archive(id: string): TargetView | null {
    if (!this.sql.one.get(id)) return null;
    const now = this.now();
    this.sql.archive.run(now, now, id);
    this.reload();
    this.markChanged(id);
    return this.get(id);
  }

  /** A call moment with its sign-up command ("!call erdogan" by default); refused in words. */
  scheduleMoment(id: string, input: unknown, caller: Caller): Result<TargetView> | null {
    const row = this.sql.one.get(id);
    if (!row) return null;
    if (row.archived_at !== null) return fail('this target is archived');
    const scheduled = this.signups.schedule(row, input, caller);
    if (!scheduled.ok) return scheduled;
    this.markChanged(id);
    return ok(this.get(id)!);
  }

  /**
   * Every call moment of every target (archived ones too), with its sign-ups, follow-through,
   * lift and the answer that followed: what the report and exports list.
   */
  callMoments(): CallMomentReportRow[] {
    return this.list(true).flatMap((t) => t.moments.map((m) => ({ ...m, target_id: t.id, target_name: t.name, hashtags: t.hashtag_labels })));
  }

  /** The moments a chat bot speaks about: with a command, not yet closed. */
  botMoments(): BotMoment[] {
    const now = this.now();
    return this.sql.all.all().filter((t) => t.archived_at === null).flatMap((t) => {
      const labels = JSON.parse(t.hashtag_labels ?? t.hashtags) as string[];
      return this.signups
        .moments(t.id)
        .filter((m) => m.command !== null && now < m.at + m.window_min * 60_000)
        .map((m) => ({
          id: m.id,
          at: m.at,
          command: m.command!,
          tag: labels[0] ? `#${labels[0]}` : t.name,
          signups: this.callResults.results(m, this.signups.version(m.id)).result.signups,
        }));
    });
  }

  /** The owner changes a moment's time, command or window; null when there is no such moment. */
  editMoment(id: string, momentId: string, input: unknown): Result<TargetView> | null {
    const row = this.sql.one.get(id);
    if (!row) return null;
    const edited = this.signups.edit(row, momentId, input);
    if (edited === null) return null;
    if (!edited.ok) return edited;
    this.markChanged(id);
    return ok(this.get(id)!);
  }

  // ── Counting at ingest (ChatTap) ────────────────────────────────────────────────────────

  message(chat: TappedChat, staging: ChatterStaging): void {
    if (this.matchers.size === 0) return;
    const platform = this.platformOf(chat.sourceId);
    const called = this.matching(chat.tags);
    this.signups.message(chat, platform, called);
    for (const id of called) {
      const matcher = this.matchers.get(id);
      if (!matcher || chat.seq <= matcher.liveFromSeq) continue;
      this.count(id, chat.minute, chat.userId, staging, platform);
    }
    if (platform === 'x') this.findXAnswer(chat);
    else if (this.byLogin.size > 0) {
      const login = loginOf(chat.payload);
      for (const id of (login && this.byLogin.get(login)) || []) {
        const matcher = this.matchers.get(id);
        if (matcher && chat.occurredAt >= matcher.callStartsAt) {
          this.pendingCandidates.push({ target: id, chat, url: null, foundBy: `message from ${chat.displayName ?? 'the target'} in chat` });
        }
      }
    }
  }

  /** A post by a target's own X account after its call started: a candidate response, with its link. */
  private findXAnswer(chat: TappedChat): void {
    if (this.byXHandle.size === 0) return;
    const post = xPostOf(chat.payload);
    if (!post) return;
    for (const id of this.byXHandle.get(post.username.toLowerCase()) ?? []) {
      const matcher = this.matchers.get(id);
      if (!matcher || chat.occurredAt < matcher.callStartsAt) continue;
      this.pendingCandidates.push({ target: id, chat, url: xPostUrl(post.username, post.id), foundBy: `post by @${post.username} on X` });
    }
  }

  private platformOf(sourceId: string): TargetPlatform {
    let platform = this.platforms.get(sourceId);
    if (!platform) {
      platform = platformOfSourceKind(this.sql.sourceKind.get(sourceId)?.kind);
      this.platforms.set(sourceId, platform);
    }
    return platform;
  }

  flush(): void {
    this.writeMinutes();
    for (const id of this.signups.flush()) this.changed.add(id);
    const now = this.now();
    for (const { target, chat, url, foundBy } of this.pendingCandidates) {
      const id = randomBytes(6).toString('hex');
      const inserted = this.sql.insertCandidate.run(id, target, chat.text, url, chat.seq, chat.occurredAt, now);
      if (inserted.changes > 0) {
        this.sql.auditFound.run(id, target, foundBy, now);
        this.changed.add(target);
      }
    }
    this.pendingCandidates = [];
  }

  committed(): void {
    this.signups.committed();
    if (this.changed.size === 0) return;
    const ids = [...this.changed];
    this.changed.clear();
    this.options.onChanged?.(ids);
  }

  rolledBack(): void {
    this.signups.rolledBack();
    this.pendingMinutes.clear();
    this.pendingPlatformMinutes.clear();
    this.pendingCandidates = [];
    this.changed.clear();
  }

  /** Someone changed a response or a target: tell the listeners. */
  markChanged(id: string): void {
    this.options.onChanged?.([id]);
  }

  private count(id: string, minute: number, userId: number, staging: ChatterStaging, platform: TargetPlatform): void {
    const key = `${id}\u0000${minute}`;
    let entry = this.pendingMinutes.get(key);
    if (!entry) {
      entry = { target: id, minute, mentions: 0, callers: 0 };
      this.pendingMinutes.set(key, entry);
    }
    entry.mentions += 1;
    if (this.chatters.slot(minute, callerSetKey(id), staging).add(userId)) entry.callers += 1;
    const platformKey = `${key}\u0000${platform}`;
    let own = this.pendingPlatformMinutes.get(platformKey);
    if (!own) {
      own = { target: id, platform, minute, mentions: 0, callers: 0 };
      this.pendingPlatformMinutes.set(platformKey, own);
    }
    own.mentions += 1;
    if (this.chatters.slot(minute, platformCallerSetKey(id, platform), staging).add(userId)) own.callers += 1;
  }

  /** Inside the chat (or backfill) transaction: the minutes counted, all platforms and each. */
  private writeMinutes(): void {
    for (const m of this.pendingMinutes.values()) {
      this.sql.minuteUpsert.run(m.target, m.minute, m.mentions, m.callers);
      this.changed.add(m.target);
    }
    for (const m of this.pendingPlatformMinutes.values()) this.sql.platformMinuteUpsert.run(m.target, m.platform, m.minute, m.mentions, m.callers);
    this.pendingMinutes.clear();
    this.pendingPlatformMinutes.clear();
  }

  /** The targets a message calls on (the team outbox counts them across desks). */
  mentionedBy(tags: { hashtags: string[]; mentions: string[] }): string[] {
    return this.matchers.size === 0 ? [] : this.matching(tags);
  }

  /** The targets a message calls on (each once), from its hashtags and @mentions. */
  private matching(tags: { hashtags: string[]; mentions: string[] }): string[] {
    if (tags.hashtags.length === 0 && tags.mentions.length === 0) return [];
    const found = new Set<string>();
    for (const tag of tags.hashtags) for (const id of this.byHashtag.get(tag) ?? []) found.add(id);
    for (const mention of tags.mentions) for (const id of this.byMention.get(mention) ?? []) found.add(id);
    return [...found];
  }

  private reload(): void {
    this.matchers.clear();
    this.byHashtag.clear();
    this.byMention.clear();
    this.byLogin.clear();
    this.byXHandle.clear();
    const add = (map: Map<string, string[]>, key: string, id: string) => map.set(key, [...(map.get(key) ?? []), id]);
    for (const row of this.sql.all.all()) {
      if (row.archived_at !== null) continue;
      const handles = JSON.parse(row.handles) as TargetView['handles'];
      const twitch = handles.find((h) => h.platform === 'twitch');
      this.matchers.set(row.id, {
        id: row.id,
        callStartsAt: row.call_starts_at,
        liveFromSeq: row.live_from_seq,
        twitchLogin: twitch ? mentionOf(twitch.handle) : null,
      });
      for (const tag of JSON.parse(row.hashtags) as string[]) add(this.byHashtag, tag, row.id);
      for (const mention of mentionsOf(handles)) add(this.byMention, mention, row.id);
      if (twitch && mentionOf(twitch.handle)) add(this.byLogin, mentionOf(twitch.handle)!, row.id);
      for (const h of handles) {
        const x = h.platform === 'x' ? mentionOf(h.handle) : null;
        if (x) add(this.byXHandle, x, row.id);
      }
    }
  }

  // ── Counting the past (background) ──────────────────────────────────────────────────────

  private scheduleBackfill(): void {
    if (this.backfillScheduled || this.stopped) return;
    this.backfillScheduled = true;
    setImmediate(() => {
      this.backfillScheduled = false;
      if (this.stopped) return;
      try {
        if (this.backfillStep()) this.scheduleBackfill();
      } catch (error) {
        // A storage failure: try again in a while rather than spin.
        console.error('counting past chat for a target failed, retrying in 5 s:', error);
        setTimeout(() => this.scheduleBackfill(), 5_000).unref();
      }
    });
  }

  /** Counts one chunk of past chat for one target; true when there is more to do. */
  backfillStep(): boolean {
    const row = this.sql.nextBackfill.get();
    if (!row) return false;
    const limit = this.options.backfillChunk ?? BACKFILL_CHUNK;
    const rows = this.sql.backfillRows.all(row.backfill_seq, row.live_from_seq, limit);
    const staging = this.chatters.begin();
    this.db.transaction(() => {
      for (const r of rows) {
        if (!this.matching(extractTags(r.body ?? '')).includes(row.id)) continue;
        this.count(row.id, Math.floor(r.occurred_at / 60_000), this.chatters.idOf(r.actor_key, staging), staging, this.platformOf(r.source_id));
      }
      this.writeMinutes();
      this.changed.delete(row.id);
      const through = rows.length < limit ? row.live_from_seq : rows[rows.length - 1]!.seq;
      this.sql.setBackfill.run(through, row.id);
      // Saved now, so the log replay after a crash never needs to look this far back.
      this.chatters.persistIfDue(staging, this.sql.maxSeq.get()?.seq ?? 0, true);
    })();
    this.chatters.commit(staging);
    this.markChanged(row.id);
    return true;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function mentionsOf(handles: TargetView['handles']): string[] {
  return [...new Set(handles.map((h) => mentionOf(h.handle)).filter((m): m is string => m !== null))].sort();
}

/** The X post a chat event carries (its id and author's handle, as the X connector stores them). */
function xPostOf(payload: unknown): { id: string; username: string } | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { post_id, username } = payload as { post_id?: unknown; username?: unknown };
  return typeof post_id === 'string' && /^\d{1,25}$/.test(post_id) && typeof username === 'string' && /^[A-Za-z0-9_]{1,25}$/.test(username)
    ? { id: post_id, username }
    : null;
}

function loginOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const login = (payload as { login?: unknown }).login;
  return typeof login === 'string' ? login.toLowerCase() : null;
}

interface ReadTarget {
  name: string;
  handles: { platform: TargetPlatform; handle: string }[];
  hashtags: string[];
  /** As the campaign wrote them (case kept, full-width folded), in the order of `hashtags`. */
  hashtagLabels: string[];
  ask: string;
  callStartsAt: number;
}

/** Checks a target as sent; fields absent on an update keep what is stored. */
function readTarget(input: unknown, stored: TargetRow | null, now: number): Result<ReadTarget> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('send the target as a JSON object');
  const body = input as Partial<Record<keyof TargetInput, unknown>>;
  const name = body.name === undefined && stored ? stored.name : typeof body.name === 'string' ? body.name.trim() : '';
  if (name.length === 0 || [...name].length > NAME_MAX) return fail(`name must be 1 to ${NAME_MAX} characters`);
  const ask = body.ask === undefined ? (stored?.ask ?? '') : typeof body.ask === 'string' ? body.ask.trim() : null;
  if (ask === null || [...ask].length > ASK_MAX) return fail(`ask must be text of at most ${ASK_MAX} characters`);

  let handles: ReadTarget['handles'] = stored ? (JSON.parse(stored.handles) as ReadTarget['handles']) : [];
  if (body.handles !== undefined) {
    if (!Array.isArray(body.handles) || body.handles.length > HANDLES_MAX) return fail(`handles must be a list of at most ${HANDLES_MAX} { platform, handle }`);
    handles = [];
    for (const h of body.handles as unknown[]) {
      const item = (typeof h === 'object' && h !== null ? h : {}) as Record<string, unknown>;
      if (!(TARGET_PLATFORMS as readonly unknown[]).includes(item.platform)) return fail(`a handle's platform must be one of ${TARGET_PLATFORMS.join(', ')}`);
      const handle = typeof item.handle === 'string' ? item.handle.trim() : '';
      if (handle.length === 0 || handle.length > 100 || /[\p{Cc}\p{Cf}\s]/u.test(handle)) return fail('a handle must be 1 to 100 visible characters without spaces');
      if (item.platform === 'twitch' && !mentionOf(handle)) return fail(`"${handle.slice(0, 40)}" is not a Twitch login (letters, digits and "_", at most 25)`);
      handles.push({ platform: item.platform as TargetPlatform, handle });
    }
  }

  let hashtags: string[] = stored ? (JSON.parse(stored.hashtags) as string[]) : [];
  let hashtagLabels: string[] = stored ? (JSON.parse(stored.hashtag_labels ?? stored.hashtags) as string[]) : [];
  if (body.hashtags !== undefined) {
    if (!Array.isArray(body.hashtags) || body.hashtags.length > HASHTAGS_MAX) return fail(`hashtags must be a list of at most ${HASHTAGS_MAX}`);
    const labels = new Map<string, string>();
    for (const raw of body.hashtags as unknown[]) {
      const tag = typeof raw === 'string' ? canonicalHashtag(raw) : null;
      if (!tag) return fail(`"${String(raw).slice(0, 40)}" is not a hashtag chat can carry: letters, digits and "_", with at least one letter, no invisible characters or mixed look-alike scripts`);
      // The first spelling of a tag is how it is shown; chat matches it in any case.
      if (!labels.has(tag)) labels.set(tag, (raw as string).trim().replace(/^[#\uFF03]/, '').normalize('NFKC'));
    }
    hashtags = [...labels.keys()].sort();
    hashtagLabels = hashtags.map((tag) => labels.get(tag) ?? tag);
  }
  if (hashtags.length === 0 && mentionsOf(handles).length === 0) return fail('give at least one hashtag or @handle that calls on this target');

  let callStartsAt = stored?.call_starts_at ?? now;
  if (body.call_starts_at !== undefined && body.call_starts_at !== null) {
    const at = typeof body.call_starts_at === 'string' && /^\d{4}-\d\d-\d\dT/.test(body.call_starts_at) ? Date.parse(body.call_starts_at) : Number.NaN;
    if (!Number.isFinite(at)) return fail('call_starts_at must be an ISO-8601 time such as "2026-11-23T20:00:00Z"');
    callStartsAt = at;
  }
  return ok({ name, handles, hashtags, hashtagLabels, ask, callStartsAt });
}

/** Minutes per point of a target's series: at most ~1,000 points. */
function minuteStep(fromMinute: number, toMinute: number): number {
  return Math.max(1, Math.ceil((toMinute - fromMinute + 1) / 1_000));
}
