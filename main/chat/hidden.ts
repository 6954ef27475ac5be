import type { Amount } from '../../shared/money.js';
import type { ChatMessageView, ChatPage } from '../../shared/views.js';
import type { Db } from '../store/database.js';

export const CHAT_PAGE_MAX = 200;
/**
 * Messages looked at per page, hidden or not. A ban over hours of chat hides thousands of rows:
 * a page stops after this many and hands back a cursor, so no request walks the whole log.
 */
const SCAN_MAX = 2_000;

interface MessageRow {
  seq: number;
  source_id: string;
  external_id: string;
  actor_name: string | null;
  body: string | null;
  occurred_at: number;
  payload: string | null;
  platform: string | null;
}

/** The newest chat messages before a seq (one source, or all), as a bounded window. */
const window = (oneSource: boolean) => `
  SELECT seq, source_id, external_id, actor_key, actor_name, body, occurred_at, payload FROM events
  WHERE kind = 'chat' ${oneSource ? 'AND source_id = @source' : ''} AND seq < @before
  ORDER BY seq DESC LIMIT @scan`;

/**
 * A chat row `e` (source_id, external_id, actor_key, occurred_at) that no moderation mark hides.
 * Each test is one probe of an index of migration 4.
 */
export const VISIBLE = `
  NOT EXISTS (SELECT 1 FROM chat_hidden h WHERE h.source_id = e.source_id AND h.message_id = e.external_id)
  AND NOT EXISTS (SELECT 1 FROM chat_hidden h WHERE h.source_id = e.source_id AND h.message_id IS NULL
    AND h.actor_key = e.actor_key AND h.through_at >= e.occurred_at)
  AND NOT EXISTS (SELECT 1 FROM chat_hidden h WHERE h.source_id = e.source_id AND h.message_id IS NULL
    AND h.actor_key IS NULL AND h.through_at >= e.occurred_at)`;

const visiblePage = (oneSource: boolean) => `
  SELECT e.seq, e.source_id, e.external_id, e.actor_name, e.body, e.occurred_at, e.payload,
    (SELECT s.kind FROM sources s WHERE s.id = e.source_id) AS platform
  FROM (${window(oneSource)}) e WHERE ${VISIBLE} ORDER BY e.seq DESC LIMIT @limit`;

const windowEnd = (oneSource: boolean) => `SELECT MIN(seq) AS low, COUNT(*) AS n FROM (${window(oneSource)})`;

type PageParams = { source?: string; before: number; scan: number; limit: number };

/**
 * Moderation marks on stored chat (Twitch CLEARCHAT / CLEARMSG). The messages stay in the event
 * log; a mark hides them from the dashboard and the overlay. Marks are rules (one message, one
 * person up to a time, or everyone up to a time), so a ban is one write whatever the history.
 */
export class HiddenChat {
  private readonly insert;
  private readonly page;
  private readonly end;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO chat_hidden (source_id, message_id, actor_key, through_at, hidden_at, reason)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.page = {
      one: db.prepare<PageParams, MessageRow>(visiblePage(true)),
      all: db.prepare<PageParams, MessageRow>(visiblePage(false)),
    };
    this.end = {
      one: db.prepare<Omit<PageParams, 'limit'>, { low: number | null; n: number }>(windowEnd(true)),
      all: db.prepare<Omit<PageParams, 'limit'>, { low: number | null; n: number }>(windowEnd(false)),
    };
  }

  hide(sourceId: string, mark: { messageId: string | null; userKey: string | null; through: number; reason: string }, now = Date.now()): void {
    this.insert.run(sourceId, mark.messageId, mark.userKey, mark.through, now, mark.reason);
  }

  /**
   * The latest chat moderators have not removed, newest first: of one source, or of all when
   * `source` is null; older than `before` (a seq) when given.
   */
  visible(options: { source: string | null; before?: number | null; limit?: number }): ChatPage {
    const limit = Math.min(Math.max(Math.floor(options.limit ?? 50), 1), CHAT_PAGE_MAX);
    const params = {
      ...(options.source === null ? {} : { source: options.source }),
      before: options.before ?? Number.MAX_SAFE_INTEGER,
      scan: SCAN_MAX,
    };
    const which = options.source === null ? 'all' : 'one';
    const rows = this.page[which].all({ ...params, limit });
    let nextBefore: number | null;
    if (rows.length === limit) {
      nextBefore = rows[rows.length - 1]?.seq ?? null;
    } else {
      // Fewer than asked: either the log ends here, or the window was full of hidden messages.
      const end = this.end[which].get(params);
      nextBefore = end && end.n === SCAN_MAX ? end.low : null;
    }
    return { messages: rows.map(messageView), next_before: nextBefore };
  }

  /** The latest visible messages of a source, newest first. */
  recent(sourceId: string, limit = 50): ChatMessageView[] {
    return this.visible({ source: sourceId, limit }).messages;
  }
}

const BADGES = ['broadcaster', 'moderator', 'subscriber'] as const;

function messageView(row: MessageRow): ChatMessageView {
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = row.payload ? JSON.parse(row.payload) : {};
    if (typeof parsed === 'object' && parsed !== null) payload = parsed as Record<string, unknown>;
  } catch {
    // Kept as it came; the message still shows.
  }
  const badges = typeof payload.badges === 'object' && payload.badges !== null ? (payload.badges as Record<string, unknown>) : {};
  return {
    seq: row.seq,
    source_id: row.source_id,
    external_id: row.external_id,
    author: row.actor_name,
    text: row.body ?? '',
    occurred_at: new Date(row.occurred_at).toISOString(),
    badges: BADGES.filter((badge) => badge in badges),
    bits: typeof payload.bits === 'number' && Number.isSafeInteger(payload.bits) ? payload.bits : null,
    paid: paidAmount(payload.paid),
    platform: row.platform,
  };
}

/** A counted Hype Chat's exact amount as the Twitch reader stored it (payload.paid.value). */
function paidAmount(paid: unknown): Amount | null {
  if (typeof paid !== 'object' || paid === null) return null;
  const { value, currency } = paid as Record<string, unknown>;
  return typeof value === 'string' && typeof currency === 'string' ? { value, currency } : null;
}
