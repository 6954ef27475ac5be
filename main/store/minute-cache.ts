import type { Statement } from 'better-sqlite3';

export interface HourVersion {
  hour_start: number;
  changes: number;
}

interface KeptHour<Row> {
  changes: number;
  rows: Row[];
}

/**
 * Per-minute rows kept in memory an hour at a time, and re-read only for the hours whose
 * changes counter moved. The counter lives in the hour table beside the minute rows and is
 * bumped by the same triggers, in the same transaction, as every write to one of its minutes
 * (migrations 11 and 14), so a kept hour is exactly what the table holds. A whole-marathon chart
 * then reads ~48 hour rows and the minutes of the hour being written, not 2,880 minute rows.
 */
export class MinuteCache<Row extends { minute: number }> {
  private readonly kept = new Map<string, Map<number, KeptHour<Row>>>();

  constructor(
    /** The hours of a key with at least one minute row, hour_start in [from, to]. */
    private readonly hours: Statement<[string, number, number], HourVersion>,
    /** The minute rows of a key in [from, to], by minute. */
    private readonly minutes: Statement<[string, number, number], Row>,
  ) {}

  /** The key's minute rows in [from, to], by minute. */
  rows(key: string, fromMinute: number, toMinute: number): Row[] {
    let hours = this.kept.get(key);
    if (!hours) this.kept.set(key, (hours = new Map()));
    const firstHour = fromMinute - (((fromMinute % 60) + 60) % 60);
    const versions = this.hours.all(key, firstHour, toMinute);
    const stale = versions.filter((v) => hours.get(v.hour_start)?.changes !== v.changes);
    // One range read per run of consecutive stale hours.
    for (let i = 0; i < stale.length; ) {
      let j = i;
      while (j + 1 < stale.length && stale[j + 1]!.hour_start === stale[j]!.hour_start + 60) j += 1;
      const fresh = new Map(stale.slice(i, j + 1).map((v) => [v.hour_start, { changes: v.changes, rows: [] as Row[] }]));
      for (const row of this.minutes.iterate(key, stale[i]!.hour_start, stale[j]!.hour_start + 59)) {
        fresh.get(row.minute - (((row.minute % 60) + 60) % 60))?.rows.push(row);
      }
      for (const [start, hour] of fresh) hours.set(start, hour);
      i = j + 1;
    }
    const rows: Row[] = [];
    for (const v of versions) {
      for (const row of hours.get(v.hour_start)?.rows ?? []) if (row.minute >= fromMinute && row.minute <= toMinute) rows.push(row);
    }
    return rows;
  }
}
