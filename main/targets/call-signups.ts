import { randomBytes } from 'node:crypto';
import { type Result, fail, ok } from '../../shared/result.js';
import type { TargetPlatform } from '../../shared/views.js';
import type { TappedChat } from '../ingest/ingest.js';
import type { Caller } from '../people/invites.js';
import type { Db } from '../store/database.js';
import { KNOWN_BOTS, commandsTyped, defaultCommand, readCommand } from '../../shared/call-command.js';

const MINUTE = 60_000;
export const CALL_WINDOW_MIN = 10;
/** How far before a moment its target's posts are kept: the same people's usual rate. */
export const USUAL_RATE_MIN = 60;
const WINDOW_MIN_MAX = 120;
/** Moments further back than this take no more chat (late lines of a closed window are rare). */
const KEEP_OPEN_MS = 24 * 60 * MINUTE;

export interface MomentRow {
  id: string;
  target_id: string;
  at: number;
  command: string | null;
  window_min: number;
  created_at: number;
  cancelled_at: number | null;
}

interface OpenMoment {
  id: string;
  targetId: string;
  at: number;
  end: number;
  trackFrom: number;
  command: string | null;
}

interface ChatRow {
  moment: string;
  seq: number;
  platform: TargetPlatform;
  sourceId: string;
  externalId: string;
  userKey: string;
  name: string | null;
  occurredAt: number;
}

/** A person's first sign-up for a moment, once committed (the bot confirms them). */
export interface SignedUp {
  momentId: string;
  targetId: string;
  platform: TargetPlatform;
  name: string;
}

/**
 * Crowdspeaking: call moments with a chat command. At ingest, in the chat's transaction, every
 * message that types an open moment's command is written as a sign-up, and every message that
 * calls on the moment's target from an hour before it to the end of its window is written as a
 * post; CallResults counts people from those rows. Bots and the streamer's own account write
 * neither.
 */
export class CallSignups {
  private byCommand = new Map<string, OpenMoment[]>();
  private byTarget = new Map<string, OpenMoment[]>();
  private pendingSignups: ChatRow[] = [];
  private pendingPosts: ChatRow[] = [];
  private fresh: SignedUp[] = [];
  /** Per moment, how many batches wrote rows for it (the results' cache key). */
  private readonly versions = new Map<string, number>();
  private readonly extraBots = new Set<string>();
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly options: { now?: () => number; onSignedUp?: (people: SignedUp[]) => void } = {},
  ) {
    this.sql = {
      open: db.prepare<[number], MomentRow>('SELECT * FROM call_moments WHERE cancelled_at IS NULL AND at + window_min * 60000 > ? ORDER BY at'),
      ofTarget: db.prepare<[string], MomentRow>('SELECT * FROM call_moments WHERE target_id = ? AND cancelled_at IS NULL ORDER BY at'),
      one: db.prepare<[string], MomentRow>('SELECT * FROM call_moments WHERE id = ?'),
      insertMoment: db.prepare('INSERT INTO call_moments (id, target_id, at, created_by, created_at, command, window_min) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      updateMoment: db.prepare('UPDATE call_moments SET at = ?, command = ?, window_min = ? WHERE id = ?'),
      insertSignup: db.prepare(
        `INSERT OR IGNORE INTO call_signups (moment_id, seq, platform, source_id, external_id, actor_key, actor_name, occurred_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertPost: db.prepare(
        'INSERT OR IGNORE INTO call_posts (moment_id, seq, platform, source_id, external_id, actor_key, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      signedBefore: db.prepare<[string, string, string, number], { one: number }>(
        'SELECT 1 AS one FROM call_signups WHERE moment_id = ? AND platform = ? AND actor_key = ? AND seq < ? LIMIT 1',
      ),
    };
    this.reload();
  }

  /** Another account that is never a person joining (the campaign's own chat bot). */
  addBot(login: string): void {
    this.extraBots.add(login.toLowerCase());
  }

  moments(targetId: string): MomentRow[] {
    return this.sql.ofTarget.all(targetId);
  }

  moment(id: string): MomentRow | null {
    return this.sql.one.get(id) ?? null;
  }

  // ── Scheduling ──────────────────────────────────────────────────────────────────────────

  /** A new moment for a target (its name gives the default command); refused in words. */
  schedule(target: { id: string; name: string }, input: unknown, caller: Caller): Result<MomentRow> {
    const body = objectOf(input);
    const read = this.readMoment(target, body, null);
    if (!read.ok) return read;
    const id = randomBytes(6).toString('hex');
    this.sql.insertMoment.run(id, target.id, read.value.at, caller.actor, this.now(), read.value.command, read.value.windowMin);
    this.reload();
    return ok(this.sql.one.get(id)!);
  }

  /** The owner changes a moment's time, command or window (not once its window has opened). */
  edit(target: { id: string; name: string }, momentId: string, input: unknown): Result<MomentRow> | null {
    const stored = this.sql.one.get(momentId);
    if (!stored || stored.target_id !== target.id || stored.cancelled_at !== null) return null;
    if (stored.at <= this.now()) return fail('this call moment has started: its time, command and window can no longer change');
    const read = this.readMoment(target, objectOf(input), stored);
    if (!read.ok) return read;
    this.sql.updateMoment.run(read.value.at, read.value.command, read.value.windowMin, momentId);
    this.reload();
    return ok(this.sql.one.get(momentId)!);
  }

  private readMoment(target: { id: string; name: string }, body: Record<string, unknown>, stored: MomentRow | null): Result<{ at: number; command: string; windowMin: number }> {
    const now = this.now();
    let at = stored?.at ?? Number.NaN;
    if (body.at !== undefined || !stored) {
      const parsed = typeof body.at === 'string' && /^\d{4}-\d\d-\d\dT/.test(body.at) ? Date.parse(body.at) : Number.NaN;
      if (!Number.isFinite(parsed)) return fail('at must be an ISO-8601 time such as "2026-11-23T20:00:00Z"');
      at = Math.floor(parsed / MINUTE) * MINUTE;
    }
    if (at < Math.floor(now / MINUTE) * MINUTE) return fail('a call moment must be in the future: that time has passed');
    if (at > now + 14 * 86_400_000) return fail('a call moment must be within the next two weeks');
    let windowMin = stored?.window_min ?? CALL_WINDOW_MIN;
    if (body.window_minutes !== undefined) {
      if (typeof body.window_minutes !== 'number' || !Number.isInteger(body.window_minutes) || body.window_minutes < 1 || body.window_minutes > WINDOW_MIN_MAX) {
        return fail(`window_minutes must be a whole number of minutes from 1 to ${WINDOW_MIN_MAX}`);
      }
      windowMin = body.window_minutes;
    }
    const end = at + windowMin * MINUTE;
    const others = this.sql.open.all(now - KEEP_OPEN_MS).filter((m) => m.id !== stored?.id);
    const overlapping = others.find((m) => m.target_id === target.id && m.at < end && at < m.at + m.window_min * MINUTE);
    if (overlapping) {
      return fail(`this overlaps the call moment at ${hhmm(overlapping.at)} UTC on the same target (its window runs to ${hhmm(overlapping.at + overlapping.window_min * MINUTE)}): pick a time after it, or move that one`);
    }
    // Commands of moments still open must differ: a viewer's "!call x" has to name one moment.
    const taken = new Set(others.filter((m) => m.at + m.window_min * MINUTE > now && m.command).map((m) => m.command!));
    let command: string;
    if (body.command !== undefined && body.command !== null && body.command !== '') {
      const read = readCommand(body.command);
      if (!read.ok) return read;
      command = read.value;
      if (taken.has(command)) return fail(`"${command}" is already the command of another call moment that has not ended: choose another, such as "${command}2"`);
    } else if (stored?.command) {
      command = stored.command;
    } else {
      const base = defaultCommand(target.name);
      command = base;
      for (let n = 2; taken.has(command) && n < 100; n += 1) command = `${base}${n}`;
      if (taken.has(command)) return fail('give this moment a command of its own: the default ones are all taken');
    }
    return ok({ at, command, windowMin });
  }

  // ── Counting at ingest (called by Targets inside the chat transaction) ───────────────────

  message(chat: TappedChat, platform: TargetPlatform, targetIds: string[]): void {
    if (this.byTarget.size === 0 || this.isExcluded(chat)) return;
    const row = (moment: OpenMoment): ChatRow => ({
      moment: moment.id,
      seq: chat.seq,
      platform,
      sourceId: chat.sourceId,
      externalId: chat.externalId,
      userKey: chat.userKey,
      name: chat.displayName,
      occurredAt: chat.occurredAt,
    });
    if (chat.text.startsWith('!') || chat.text.startsWith(' ')) {
      for (const command of commandsTyped(chat.text)) {
        for (const moment of this.byCommand.get(command) ?? []) if (chat.occurredAt < moment.end) this.pendingSignups.push(row(moment));
      }
    }
    for (const id of targetIds) {
      for (const moment of this.byTarget.get(id) ?? []) {
        if (chat.occurredAt >= moment.trackFrom && chat.occurredAt < moment.end) this.pendingPosts.push(row(moment));
      }
    }
  }

  /** Writes what the batch gathered; returns the targets whose moments changed. */
  flush(): Set<string> {
    const changed = new Set<string>();
    const seen = new Set<string>();
    for (const s of this.pendingSignups) {
      this.sql.insertSignup.run(s.moment, s.seq, s.platform, s.sourceId, s.externalId, s.userKey, s.name, s.occurredAt);
      const person = `${s.moment}\u0000${s.platform}\u0000${s.userKey}`;
      if (seen.has(person)) continue;
      seen.add(person);
      if (!this.sql.signedBefore.get(s.moment, s.platform, s.userKey, s.seq)) {
        const targetId = this.targetOf(s.moment);
        if (targetId) this.fresh.push({ momentId: s.moment, targetId, platform: s.platform, name: s.name ?? 'someone' });
      }
    }
    for (const p of this.pendingPosts) this.sql.insertPost.run(p.moment, p.seq, p.platform, p.sourceId, p.externalId, p.userKey, p.occurredAt);
    const moments = new Set([...this.pendingSignups, ...this.pendingPosts].map((r) => r.moment));
    for (const id of moments) {
      this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
      const targetId = this.targetOf(id);
      if (targetId) changed.add(targetId);
    }
    this.pendingSignups = [];
    this.pendingPosts = [];
    return changed;
  }

  committed(): void {
    if (this.fresh.length === 0) return;
    const people = this.fresh;
    this.fresh = [];
    this.options.onSignedUp?.(people);
  }

  /** Moves whenever a batch wrote rows for the moment (a rolled-back one too: a harmless re-read). */
  version(momentId: string): number {
    return this.versions.get(momentId) ?? 0;
  }

  rolledBack(): void {
    this.pendingSignups = [];
    this.pendingPosts = [];
    this.fresh = [];
  }

  private isExcluded(chat: TappedChat): boolean {
    const payload = (typeof chat.payload === 'object' && chat.payload !== null ? chat.payload : {}) as { login?: unknown; badges?: unknown };
    const badges = typeof payload.badges === 'object' && payload.badges !== null ? (payload.badges as Record<string, unknown>) : {};
    if ('broadcaster' in badges) return true;
    const login = typeof payload.login === 'string' ? payload.login.toLowerCase() : (chat.displayName ?? '').toLowerCase();
    return KNOWN_BOTS.has(login) || this.extraBots.has(login);
  }

  private targetOf(momentId: string): string | null {
    for (const list of this.byTarget.values()) for (const m of list) if (m.id === momentId) return m.targetId;
    return null;
  }

  reload(): void {
    this.byCommand.clear();
    this.byTarget.clear();
    const add = (map: Map<string, OpenMoment[]>, key: string, m: OpenMoment) => map.set(key, [...(map.get(key) ?? []), m]);
    for (const row of this.sql.open.all(this.now() - KEEP_OPEN_MS)) {
      const moment: OpenMoment = {
        id: row.id,
        targetId: row.target_id,
        at: row.at,
        end: row.at + row.window_min * MINUTE,
        trackFrom: row.at - USUAL_RATE_MIN * MINUTE,
        command: row.command,
      };
      if (row.command) add(this.byCommand, row.command, moment);
      add(this.byTarget, row.target_id, moment);
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

const objectOf = (input: unknown): Record<string, unknown> =>
  (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as Record<string, unknown>;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
