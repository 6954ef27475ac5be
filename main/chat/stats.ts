import type { ChatStatsView, MinutePoint } from '../../shared/views.js';
import type { Db } from '../store/database.js';
import type { ChatterSets } from './chatters.js';

interface RollupRow {
  minute: number;
  raised_minor: number;
  donations: number;
  messages: number;
  chatters: number;
}

const point = (row: RollupRow): MinutePoint => ({
  minute: new Date(row.minute * 60_000).toISOString(),
  raised_minor: row.raised_minor,
  donations: row.donations,
  messages: row.messages,
  chatters: row.chatters,
});

/** Reads the per-minute rollups (all sources together); never scans chat messages. */
export class MinuteQueries {
  private readonly range;
  private readonly topTags;

  constructor(db: Db, private readonly chatters: ChatterSets) {
    this.range = db.prepare<[number, number], RollupRow>(
      `SELECT minute, raised_minor, donations, messages, chatters FROM minute_rollups
       WHERE source_id = '*' AND minute BETWEEN ? AND ? ORDER BY minute`,
    );
    this.topTags = db.prepare<[number, number, number], { tag: string; count: number }>(
      `SELECT tag, SUM(count) AS count FROM minute_tags
       WHERE kind = 'hashtag' AND source_id = '*' AND minute BETWEEN ? AND ?
       GROUP BY tag ORDER BY count DESC, tag LIMIT ?`,
    );
  }

  /** The most used hashtags over minutes [from, to], all sources together, from the tag rollups. */
  hashtags(fromMinute: number, toMinute: number, limit = 10): { tag: string; count: number }[] {
    return this.topTags.all(fromMinute, toMinute, limit);
  }

  points(fromMinute: number, toMinute: number): MinutePoint[] {
    return this.range.all(fromMinute, toMinute).map(point);
  }

  stats(fromMs: number, toMs: number): ChatStatsView {
    const from = Math.floor(fromMs / 60_000);
    const to = Math.floor(toMs / 60_000);
    const perMinute = this.points(from, to);
    return {
      from: new Date(from * 60_000).toISOString(),
      to: new Date(to * 60_000).toISOString(),
      messages: perMinute.reduce((sum, p) => sum + p.messages, 0),
      chatters: this.chatters.distinct(from, to),
      per_minute: perMinute,
      hashtags: this.hashtags(from, to),
    };
  }
}
