import type { AuditEntry } from '../../shared/views.js';
import type { Caller } from '../people/invites.js';
import type { Db } from '../store/database.js';

const PAGE_MAX = 200;

interface Bound {
  at: number;
  id: number;
  limit: number;
}

interface AuditRow {
  kind: 'log' | 'response';
  id: number;
  at: number;
  actor: string;
  actor_name: string;
  subject_kind: AuditEntry['subject']['kind'] | 'response';
  subject_id: string;
  subject_label: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
}

/**
 * The moderation audit: screening decisions, invites and settings (audit_log) and the targets'
 * response workflow (response_audit), newest first, in pages. Both tables are append-only.
 */
export class AuditLog {
  private readonly pages;
  private readonly insert;

  constructor(db: Db, private readonly now: () => number = Date.now) {
    // Each side is read newest first by its time index, at most one page, then the two are
    // merged: a UNION sorted as a whole would read every entry of the marathon for each page.
    this.pages = {
      log: db.prepare<[Bound], AuditRow>(
        `SELECT 'log' AS kind, id, at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason
         FROM audit_log
         WHERE at < @at OR (at = @at AND id < @id) ORDER BY at DESC, id DESC LIMIT @limit`,
      ),
      response: db.prepare<[Bound], AuditRow>(
        `SELECT 'response' AS kind, a.id, a.at, a.actor, a.actor_name, 'response' AS subject_kind, a.response_id AS subject_id,
                t.name || ': ' || substr(r.quote, 1, 80) AS subject_label, a.action, a.from_state, a.to_state, a.reason
         FROM response_audit a JOIN targets t ON t.id = a.target_id JOIN responses r ON r.id = a.response_id
         WHERE a.at < @at OR (a.at = @at AND a.id < @id) ORDER BY a.at DESC, a.id DESC LIMIT @limit`,
      ),
    };
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Records an action that has no audit of its own (invites, settings, prizes, incentives, schedule segments, donations' assignments). */
  record(caller: Caller, subject: { kind: 'invite' | 'settings' | 'prize' | 'incentive' | 'segment' | 'donation'; id: string; label: string }, action: string, change: { from?: string | null; to?: string | null; reason?: string | null } = {}): void {
    this.insert.run(this.now(), caller.actor, caller.name, subject.kind, subject.id, subject.label, action, change.from ?? null, change.to ?? null, change.reason ?? null);
  }

  /** One page, newest first; `before` is the id of the last entry of the previous page. */
  list(options: { before?: string | null; limit?: number } = {}): AuditEntry[] {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), PAGE_MAX);
    const cursor = parseCursor(options.before ?? null);
    // Entries at the cursor's own millisecond sort by kind ('response' before 'log'), then id.
    const bound = (kind: 'log' | 'response'): Bound => ({
      at: cursor.at,
      id: kind === cursor.kind ? cursor.id : kind > cursor.kind ? 0 : Number.MAX_SAFE_INTEGER,
      limit,
    });
    const rows = [...this.pages.log.all(bound('log')), ...this.pages.response.all(bound('response'))]
      .sort((a, b) => b.at - a.at || (a.kind === b.kind ? b.id - a.id : a.kind < b.kind ? 1 : -1))
      .slice(0, limit);
    return rows.map((row) => ({
      id: `${row.at}.${row.kind}.${row.id}`,
      at: new Date(row.at).toISOString(),
      actor: row.actor,
      actor_name: row.actor_name,
      subject: { kind: row.subject_kind as AuditEntry['subject']['kind'], id: row.subject_id, label: row.subject_label },
      action: row.action,
      from_state: row.from_state,
      to_state: row.to_state,
      reason: row.reason,
    }));
  }
}

function parseCursor(before: string | null): { at: number; kind: string; id: number } {
  const match = before ? /^(\d{1,15})\.(log|response)\.(\d{1,15})$/.exec(before) : null;
  if (!match) return { at: Number.MAX_SAFE_INTEGER, kind: 'z', id: Number.MAX_SAFE_INTEGER };
  return { at: Number(match[1]), kind: match[2] ?? 'z', id: Number(match[3]) };
}
