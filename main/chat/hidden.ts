import type { Db } from '../store/database.js';

export interface ChatMessageView {
  seq: number;
  source_id: string;
  external_id: string;
  actor_name: string | null;
  text: string | null;
  occurred_at: string;
}

/**
 * Moderation marks on stored chat (Twitch CLEARCHAT / CLEARMSG). The messages stay in the event
 * log; a mark hides them from the dashboard and the overlay. Marks are rules (one message, one
 * person up to a time, or everyone up to a time), so a ban is one write whatever the history.
 */
export class HiddenChat {
  private readonly insert;
  private readonly recentVisible;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO chat_hidden (source_id, message_id, actor_key, through_at, hidden_at, reason)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.recentVisible = db.prepare<[string, number], { seq: number; source_id: string; external_id: string; actor_name: string | null; body: string | null; occurred_at: number }>(
      `SELECT e.seq, e.source_id, e.external_id, e.actor_name, e.body, e.occurred_at FROM events e
       WHERE e.source_id = ? AND e.kind = 'chat'
         AND NOT EXISTS (SELECT 1 FROM chat_hidden h WHERE h.source_id = e.source_id AND (
           h.message_id = e.external_id OR
           (h.message_id IS NULL AND (h.actor_key IS NULL OR h.actor_key = e.actor_key) AND e.occurred_at <= h.through_at)))
       ORDER BY e.seq DESC LIMIT ?`,
    );
  }

  hide(sourceId: string, mark: { messageId: string | null; userKey: string | null; through: number; reason: string }, now = Date.now()): void {
    this.insert.run(sourceId, mark.messageId, mark.userKey, mark.through, now, mark.reason);
  }

  /** The latest messages of a source that moderators have not removed, newest first. */
  recent(sourceId: string, limit = 50): ChatMessageView[] {
    return this.recentVisible.all(sourceId, Math.min(Math.max(limit, 1), 500)).map((row) => ({
      seq: row.seq,
      source_id: row.source_id,
      external_id: row.external_id,
      actor_name: row.actor_name,
      text: row.body,
      occurred_at: new Date(row.occurred_at).toISOString(),
    }));
  }
}
