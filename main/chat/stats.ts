import type { ChatStatsView, MinutePoint, TagCount } from '../../shared/views.js';
import type { Db } from '../store/database.js';
import { type HourVersion, MinuteCache } from '../store/minute-cache.js';
import { RollupQueries } from '../store/rollups.js';
import { ALL_SOURCES, type ChatterSets } from './chatters.js';

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

/** Distinct chatters of a window are the union of its hours (each hour counted once, then kept). */
const DISTINCT_STEP = 60;

/**
 * Reads the rollups, of all sources together ('*') or of one; never scans chat messages. Tags
 * of whole hours come from hour_tags, the ragged minutes at a window's ends from minute_tags.
 */
export class MinuteQueries {
  private readonly range;
  private readonly rollups;

  constructor(db: Db, private readonly chatters: ChatterSets) {
    // A window's minutes kept per hour (see MinuteCache): the whole marathon's 2,880 points are
    // then read once, and afterwards only the hours written since.
    this.range = new MinuteCache(
      db.prepare<[string, number, number], HourVersion>(
        'SELECT hour_start, changes FROM hour_rollups WHERE source_id = ? AND hour_start BETWEEN ? AND ? ORDER BY hour_start',
      ),
      db.prepare<[string, number, number], RollupRow>(
        `SELECT minute, raised_minor, donations, messages, chatters FROM minute_rollups
         WHERE source_id = ? AND minute BETWEEN ? AND ? ORDER BY minute`,
      ),
    );
    this.rollups = new RollupQueries(db);
  }

  /** The most used hashtags over minutes [from, to], from the tag rollups. */
  hashtags(fromMinute: number, toMinute: number, limit = 10, source = ALL_SOURCES): TagCount[] {
    return this.rollups.topTags('hashtag', fromMinute, toMinute, source, limit);
  }

  /** The most @mentioned logins over minutes [from, to]. */
  mentions(fromMinute: number, toMinute: number, limit = 10, source = ALL_SOURCES): TagCount[] {
    return this.rollups.topTags('mention', fromMinute, toMinute, source, limit);
  }

  points(fromMinute: number, toMinute: number, source = ALL_SOURCES): MinutePoint[] {
    return this.range.rows(source, fromMinute, toMinute).map(point);
  }

  /** Counts the window's people in slices (see ChatterSets.warm) before stats() reads them at once. */
  warm(fromMs: number, toMs: number, source: string | null = null): Promise<void> {
    return this.chatters.warm(Math.floor(fromMs / 60_000), Math.floor(toMs / 60_000), DISTINCT_STEP, source ?? ALL_SOURCES);
  }

  /** Figures for [fromMs, toMs], of one source or (null) all together. */
  stats(fromMs: number, toMs: number, source: string | null = null): ChatStatsView {
    const from = Math.floor(fromMs / 60_000);
    const to = Math.floor(toMs / 60_000);
    const key = source ?? ALL_SOURCES;
    const perMinute = this.points(from, to, key);
    return {
      from: new Date(from * 60_000).toISOString(),
      to: new Date(to * 60_000).toISOString(),
      source,
      messages: perMinute.reduce((sum, p) => sum + p.messages, 0),
      chatters: this.chatters.distinctByBucket(from, to, DISTINCT_STEP, key).total,
      per_minute: perMinute,
      hashtags: this.hashtags(from, to, 10, key),
      mentions: this.mentions(from, to, 10, key),
    };
  }
}
