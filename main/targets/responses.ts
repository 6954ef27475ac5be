import { randomBytes } from 'node:crypto';
import { type Result, fail, ok } from '../../shared/result.js';
import { RESPONSE_KINDS, type ResponseAuditEntry, type ResponseKind, type ResponseState, type ResponseView } from '../../shared/views.js';
import type { Caller } from '../people/invites.js';
import type { Db } from '../store/database.js';

const QUOTE_MAX = 1_000;
const REASON_MAX = 300;

interface ResponseRow {
  id: string;
  target_id: string;
  state: ResponseState;
  kind: ResponseKind | null;
  quote: string;
  url: string | null;
  chat_seq: number | null;
  responded_at: number;
  found_by: 'chat' | 'moderator';
  flagged_by: string | null;
  decided_by: string | null;
}

/** Why a step was refused: the route turns it into 403, 404 or 409. */
export class ResponseRefused extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 422, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * The flag → confirm workflow. A moderator flags a response (a chat candidate, a chat message
 * they picked, or anything they bring with a quote and a link); someone else — another moderator
 * or the owner — confirms or rejects it. Nobody confirms their own flag: the rule is checked on
 * the actor behind the token, so replaying the request changes nothing. Every step is appended
 * to the audit with who and when; a decision can be undone, with a reason.
 */
export class Responses {
  private readonly sql;

  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {
    this.sql = {
      one: db.prepare<[string], ResponseRow>('SELECT * FROM responses WHERE id = ?'),
      byChat: db.prepare<[number], ResponseRow>('SELECT * FROM responses WHERE chat_seq = ?'),
      ofTarget: db.prepare<[string], ResponseRow>('SELECT * FROM responses WHERE target_id = ? ORDER BY responded_at, id'),
      chat: db.prepare<[number], { seq: number; body: string | null; occurred_at: number; kind: string }>(
        'SELECT seq, body, occurred_at, kind FROM events WHERE seq = ?',
      ),
      insert: db.prepare(
        `INSERT INTO responses (id, target_id, state, kind, quote, url, chat_seq, responded_at, found_by, flagged_by, flagged_at, created_at)
         VALUES (?, ?, 'flagged', ?, ?, ?, ?, ?, 'moderator', ?, ?, ?)`,
      ),
      flag: db.prepare("UPDATE responses SET state = 'flagged', kind = ?, quote = ?, url = ?, flagged_by = ?, flagged_at = ? WHERE id = ?"),
      decide: db.prepare('UPDATE responses SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?'),
      audit: db.prepare(
        `INSERT INTO response_audit (response_id, target_id, action, actor, actor_name, at, reason, from_state, to_state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      auditOf: db.prepare<[string], { action: ResponseAuditEntry['action']; actor: string; actor_name: string; at: number; reason: string | null; from_state: ResponseState | null; to_state: ResponseState }>(
        'SELECT action, actor, actor_name, at, reason, from_state, to_state FROM response_audit WHERE response_id = ? ORDER BY id',
      ),
    };
  }

  list(targetId: string): ResponseView[] {
    return this.sql.ofTarget.all(targetId).map((row) => this.view(row));
  }

  get(id: string): ResponseView | null {
    const row = this.sql.one.get(id);
    return row ? this.view(row) : null;
  }

  /** Flags a response for a target: a candidate found in chat, a chat message picked, or outside evidence. */
  flag(targetId: string, input: unknown, caller: Caller): Result<ResponseView> {
    const body = (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
    if (!(RESPONSE_KINDS as readonly unknown[]).includes(body.kind)) return fail(`kind must be one of ${RESPONSE_KINDS.join(', ')}`);
    const kind = body.kind as ResponseKind;
    const url = body.url === undefined || body.url === null || body.url === '' ? null : readUrl(body.url);
    if (url === undefined) return fail('url must be an http(s) link');
    let chat: { seq: number; body: string | null; occurred_at: number } | null = null;
    if (body.chat_message_id !== undefined && body.chat_message_id !== null) {
      const seq = typeof body.chat_message_id === 'number' ? body.chat_message_id : typeof body.chat_message_id === 'string' && /^\d{1,15}$/.test(body.chat_message_id) ? Number(body.chat_message_id) : Number.NaN;
      const found = Number.isSafeInteger(seq) ? this.sql.chat.get(seq) : undefined;
      if (!found || found.kind !== 'chat') return fail('chat_message_id must be the id of a stored chat message');
      chat = found;
    }
    const quote = typeof body.quote === 'string' ? body.quote.trim() : chat?.body ?? '';
    if (quote.length === 0 || [...quote].length > QUOTE_MAX) return fail(`quote must be the response's words, 1 to ${QUOTE_MAX} characters`);
    if (!chat && !url) return fail('a response needs its evidence: a chat_message_id or a url');
    let respondedAt = chat?.occurred_at ?? this.now();
    if (!chat && body.responded_at !== undefined) {
      const at = typeof body.responded_at === 'string' && /^\d{4}-\d\d-\d\dT/.test(body.responded_at) ? Date.parse(body.responded_at) : Number.NaN;
      if (!Number.isFinite(at) || at > this.now() + 60_000) return fail('responded_at must be an ISO-8601 time, not in the future');
      respondedAt = at;
    }
    const now = this.now();
    const id = this.db.transaction(() => {
      const existing = chat ? this.sql.byChat.get(chat.seq) : undefined;
      if (existing) {
        if (existing.target_id !== targetId) throw new ResponseRefused(409, 'other_target', 'this chat message is already a response for another target');
        if (existing.state !== 'candidate') throw new ResponseRefused(409, 'already_flagged', `this chat message is already ${existing.state}`);
        // A candidate found with its link (an X post) keeps it unless the moderator gives another.
        this.sql.flag.run(kind, quote, url ?? existing.url, caller.actor, now, existing.id);
        this.sql.audit.run(existing.id, targetId, 'flag', caller.actor, caller.name, now, null, 'candidate', 'flagged');
        return existing.id;
      }
      const newId = randomBytes(6).toString('hex');
      this.sql.insert.run(newId, targetId, kind, quote, url, chat?.seq ?? null, respondedAt, caller.actor, now, now);
      this.sql.audit.run(newId, targetId, 'flag', caller.actor, caller.name, now, null, null, 'flagged');
      return newId;
    })();
    return ok(this.get(id)!);
  }

  confirm(id: string, caller: Caller): ResponseView {
    return this.decide(id, caller, 'confirmed', null);
  }

  reject(id: string, caller: Caller, input: unknown): ResponseView {
    return this.decide(id, caller, 'rejected', readReason(input, false));
  }

  /** Takes the last confirm or reject back: the response is flagged again. A reason is required. */
  undo(id: string, caller: Caller, input: unknown): ResponseView {
    const reason = readReason(input, true);
    const now = this.now();
    this.db.transaction(() => {
      const row = this.mustGet(id);
      if (row.state !== 'confirmed' && row.state !== 'rejected') {
        throw new ResponseRefused(409, 'nothing_to_undo', `this response is ${row.state}: only a confirmation or a rejection can be undone`);
      }
      this.sql.decide.run('flagged', null, null, id);
      this.sql.audit.run(id, row.target_id, 'undo', caller.actor, caller.name, now, reason, row.state, 'flagged');
    })();
    return this.get(id)!;
  }

  private decide(id: string, caller: Caller, to: 'confirmed' | 'rejected', reason: string | null): ResponseView {
    const now = this.now();
    this.db.transaction(() => {
      const row = this.mustGet(id);
      if (row.state !== 'flagged') {
        throw new ResponseRefused(409, 'not_flagged', row.state === 'candidate' ? 'flag this response (with its kind) before it can be decided' : `this response is already ${row.state}`);
      }
      if (to === 'confirmed' && row.flagged_by === caller.actor) {
        throw new ResponseRefused(403, 'own_flag', 'you flagged this response: another moderator or the owner must confirm it');
      }
      this.sql.decide.run(to, caller.actor, now, id);
      this.sql.audit.run(id, row.target_id, to === 'confirmed' ? 'confirm' : 'reject', caller.actor, caller.name, now, reason, 'flagged', to);
    })();
    return this.get(id)!;
  }

  private mustGet(id: string): ResponseRow {
    const row = this.sql.one.get(id);
    if (!row) throw new ResponseRefused(404, 'no_response', 'there is no response with that id');
    return row;
  }

  private view(row: ResponseRow): ResponseView {
    return {
      id: row.id,
      target_id: row.target_id,
      state: row.state,
      kind: row.kind,
      quote: row.quote,
      url: row.url,
      chat_message_id: row.chat_seq,
      responded_at: new Date(row.responded_at).toISOString(),
      found_by: row.found_by,
      flagged_by: row.flagged_by,
      decided_by: row.decided_by,
      audit: this.sql.auditOf.all(row.id).map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
    };
  }
}

function readUrl(value: unknown): string | null | undefined {
  if (typeof value !== 'string' || value.length > 2_000) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function readReason(input: unknown, required: boolean): string | null {
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  if (reason.length > REASON_MAX) throw new ResponseRefused(422, 'bad_reason', `the reason must be at most ${REASON_MAX} characters`);
  if (required && reason.length === 0) throw new ResponseRefused(422, 'reason_required', 'say why: a reason is required to undo a decision');
  return reason.length > 0 ? reason : null;
}
