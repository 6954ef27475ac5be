import type { TagCount } from '../../shared/views.js';
import type { Db } from './database.js';

export type TagKind = 'hashtag' | 'mention';

/** Money and chat over a window, summed; null when nothing was stored there (SQL SUM of no rows). */
export interface RollupSums {
  raised: number | null;
  donations: number | null;
  messages: number | null;
}

/**
 * A window of minutes [from, to] cut where the hour rollups can stand in for the minute ones:
 * the ragged minutes before the first whole hour (head), the whole hours (by their first minute),
 * and the ragged minutes after the last one (tail). An empty part is a range whose start is past
 * its end, which BETWEEN matches nothing with: one statement serves every window.
 */
export interface HourSplit {
  headFrom: number;
  headTo: number;
  hoursFrom: number;
  hoursTo: number;
  tailFrom: number;
  tailTo: number;
}

export function hourSplit(fromMinute: number, toMinute: number): HourSplit {
  const firstHour = Math.ceil(fromMinute / 60) * 60;
  const lastHour = Math.floor((toMinute + 1) / 60) * 60 - 60;
  if (firstHour > lastHour) return { headFrom: fromMinute, headTo: toMinute, hoursFrom: 1, hoursTo: 0, tailFrom: 1, tailTo: 0 };
  return { headFrom: fromMinute, headTo: firstHour - 1, hoursFrom: firstHour, hoursTo: lastHour, tailFrom: lastHour + 60, tailTo: toMinute };
}

/**
 * Sums over the rollups (minute_rollups, minute_tags and their hour tables, kept by triggers in
 * the same transaction: migration 11): whole hours from the hour rows, the ends of a window
 * from the minute rows, so a 48-hour window reads ~48 rows per source instead of 2,880, and its
 * tags a few hundred rows instead of ~150,000. Exact to the minute.
 */
export class RollupQueries {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      sums: db.prepare<[HourSplit & { source: string }], RollupSums>(
        `SELECT SUM(raised_minor) AS raised, SUM(donations) AS donations, SUM(messages) AS messages FROM (
           SELECT raised_minor, donations, messages FROM minute_rollups WHERE source_id = @source AND minute BETWEEN @headFrom AND @headTo
           UNION ALL
           SELECT raised_minor, donations, messages FROM hour_rollups WHERE source_id = @source AND hour_start BETWEEN @hoursFrom AND @hoursTo
           UNION ALL
           SELECT raised_minor, donations, messages FROM minute_rollups WHERE source_id = @source AND minute BETWEEN @tailFrom AND @tailTo)`,
      ),
      topTags: db.prepare<[HourSplit & { kind: TagKind; source: string; limit: number }], TagCount>(
        `SELECT tag, SUM(count) AS count FROM (
           SELECT tag, count FROM minute_tags WHERE kind = @kind AND minute BETWEEN @headFrom AND @headTo AND source_id = @source
           UNION ALL
           SELECT tag, count FROM hour_tags WHERE kind = @kind AND hour_start BETWEEN @hoursFrom AND @hoursTo AND source_id = @source
           UNION ALL
           SELECT tag, count FROM minute_tags WHERE kind = @kind AND minute BETWEEN @tailFrom AND @tailTo AND source_id = @source)
         GROUP BY tag ORDER BY count DESC, tag LIMIT @limit`,
      ),
    };
  }

  /** Money raised (campaign minor units), donations and chat messages over minutes [from, to] of one source ('*' = all). */
  sums(source: string, fromMinute: number, toMinute: number): RollupSums {
    return this.sql.sums.get({ ...hourSplit(fromMinute, toMinute), source }) ?? { raised: null, donations: null, messages: null };
  }

  /** The most used tags of a kind over minutes [from, to], most used first (ties: by tag). */
  topTags(kind: TagKind, fromMinute: number, toMinute: number, source: string, limit: number): TagCount[] {
    return this.sql.topTags.all({ ...hourSplit(fromMinute, toMinute), kind, source, limit });
  }
}
