import type { Db } from '../../store/database.js';

export interface XCursor {
  sinceId: string | null;
  /** While a poll pages through more than one answer: where it is, and the newest id it moves to. */
  nextToken: string | null;
  pendingNewestId: string | null;
  polledAt: number | null;
}

interface CursorRow {
  since_id: string | null;
  next_token: string | null;
  pending_newest_id: string | null;
  polled_at: number | null;
}

/** Recent search's resume points per source and query (x_search_cursors). */
export class XCursors {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      get: db.prepare<[string, string], CursorRow>('SELECT since_id, next_token, pending_newest_id, polled_at FROM x_search_cursors WHERE source_id = ? AND query = ?'),
      save: db.prepare(
        `INSERT INTO x_search_cursors (source_id, query, since_id, next_token, pending_newest_id, polled_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source_id, query) DO UPDATE SET since_id = excluded.since_id, next_token = excluded.next_token,
           pending_newest_id = excluded.pending_newest_id, polled_at = excluded.polled_at`,
      ),
      lastPoll: db.prepare<[string], { at: number | null }>('SELECT MAX(polled_at) AS at FROM x_search_cursors WHERE source_id = ?'),
    };
  }

  get(sourceId: string, query: string): XCursor {
    const row = this.sql.get.get(sourceId, query);
    return {
      sinceId: row?.since_id ?? null,
      nextToken: row?.next_token ?? null,
      pendingNewestId: row?.pending_newest_id ?? null,
      polledAt: row?.polled_at ?? null,
    };
  }

  /** Called only after the page's posts are committed: a crash before it re-reads the page (stored once). */
  save(sourceId: string, query: string, cursor: XCursor): void {
    this.sql.save.run(sourceId, query, cursor.sinceId, cursor.nextToken, cursor.pendingNewestId, cursor.polledAt);
  }

  lastPollAt(sourceId: string): number | null {
    return this.sql.lastPoll.get(sourceId)?.at ?? null;
  }
}
