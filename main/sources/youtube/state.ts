import type { Db } from '../../store/database.js';
import { pacificDay } from './quota.js';

export interface ReadingState {
  videoId: string | null;
  liveChatId: string | null;
  pageToken: string | null;
  quotaDay: string;
  quotaSpent: number;
}

interface Row {
  video_id: string | null;
  live_chat_id: string | null;
  page_token: string | null;
  quota_day: string;
  quota_spent: number;
}

/**
 * Where a YouTube source's reading stands (youtube_chat_state): the live chat it reads, the page
 * token after the last page whose messages were all stored, and the units spent on the current
 * Pacific day. A restart resumes from here.
 */
export class ReadingStore {
  private readonly select;
  private readonly upsert;

  constructor(db: Db, private readonly sourceId: string) {
    this.select = db.prepare<[string], Row>('SELECT video_id, live_chat_id, page_token, quota_day, quota_spent FROM youtube_chat_state WHERE source_id = ?');
    this.upsert = db.prepare(
      `INSERT INTO youtube_chat_state (source_id, video_id, live_chat_id, page_token, quota_day, quota_spent, updated_at)
       VALUES (@source, @videoId, @liveChatId, @pageToken, @quotaDay, @quotaSpent, @at)
       ON CONFLICT (source_id) DO UPDATE SET video_id = excluded.video_id, live_chat_id = excluded.live_chat_id,
         page_token = excluded.page_token, quota_day = excluded.quota_day, quota_spent = excluded.quota_spent, updated_at = excluded.updated_at`,
    );
  }

  /** The stored state; the spent units start again at 0 on a new Pacific day. */
  load(now: number): ReadingState {
    const row = this.select.get(this.sourceId);
    const today = pacificDay(now);
    if (!row) return { videoId: null, liveChatId: null, pageToken: null, quotaDay: today, quotaSpent: 0 };
    return {
      videoId: row.video_id,
      liveChatId: row.live_chat_id,
      pageToken: row.page_token,
      quotaDay: today,
      quotaSpent: row.quota_day === today ? row.quota_spent : 0,
    };
  }

  save(state: ReadingState, now: number): void {
    this.upsert.run({ source: this.sourceId, ...state, at: now });
  }
}
