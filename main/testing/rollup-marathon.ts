/**
 * A small marathon database for the rollup tests (store/rollups.test, charts/minute-cache.test): a
 * campaign starting mid-hour, like one starting at 18:37, the sources they write to, and the
 * check that every hour table equals its minute table summed per hour.
 */
import assert from 'node:assert/strict';
import type { CurrencyCode } from '../../shared/currencies.js';
import { saveCampaign } from '../campaign/campaign.js';
import { Ingest } from '../ingest/ingest.js';
import { Sources } from '../sources/sources.js';
import { type Db, openDatabase } from '../store/database.js';

export const EUR = 'EUR' as CurrencyCode;
export const USD = 'USD' as CurrencyCode;
export const MID_HOUR_START = Date.parse('2026-11-23T10:37:00Z');
export const START_MINUTE = Math.floor(MID_HOUR_START / 60_000);

export function rollupMarathon(file: string, hours: number): { db: Db; ingest: Ingest } {
  const db = openDatabase(file);
  saveCampaign(db, { title: 't', cause: '', currency: EUR, goalMinor: 10_000_000, milestones: [], startsAt: MID_HOUR_START, durationHours: hours, demo: false });
  const sources = new Sources(db);
  for (const id of ['chan-a', 'chan-b']) sources.ensure(id, 'demo', id);
  sources.ensure('form', 'webhook', 'Form');
  sources.ensure('tiltify', 'tiltify', 'Tiltify');
  return { db, ingest: new Ingest(db, { now: () => MID_HOUR_START + hours * 3_600_000 }) };
}

/** The rows of `sql` over the minute table, grouped per hour, as the hour table must hold them. */
const HOURLY = [
  {
    hours: 'SELECT hour_start, source_id, raised_minor, donations, messages FROM hour_rollups WHERE raised_minor <> 0 OR donations <> 0 OR messages <> 0 ORDER BY 1, 2',
    minutes: `SELECT minute - ((minute % 60) + 60) % 60 AS hour_start, source_id, SUM(raised_minor) AS raised_minor, SUM(donations) AS donations, SUM(messages) AS messages
              FROM minute_rollups GROUP BY 1, 2 HAVING SUM(raised_minor) <> 0 OR SUM(donations) <> 0 OR SUM(messages) <> 0 ORDER BY 1, 2`,
  },
  {
    hours: 'SELECT kind, hour_start, source_id, tag, count FROM hour_tags WHERE count <> 0 ORDER BY 1, 2, 3, 4',
    minutes: `SELECT kind, minute - ((minute % 60) + 60) % 60 AS hour_start, source_id, tag, SUM(count) AS count
              FROM minute_tags GROUP BY 1, 2, 3, 4 HAVING SUM(count) <> 0 ORDER BY 1, 2, 3, 4`,
  },
  {
    hours: 'SELECT target_id, hour_start, mentions FROM hour_target_minutes WHERE mentions <> 0 ORDER BY 1, 2',
    minutes: `SELECT target_id, minute - ((minute % 60) + 60) % 60 AS hour_start, SUM(mentions) AS mentions
              FROM target_minutes GROUP BY 1, 2 HAVING SUM(mentions) <> 0 ORDER BY 1, 2`,
  },
];

/**
 * Every hour row equals the sum of its minutes, and no hour lacks a row its minutes have (rows
 * summing to nothing are left out on both sides: an hour whose minutes were deleted keeps a zero row).
 */
export function assertHoursMatchMinutes(db: Db): void {
  for (const { hours, minutes } of HOURLY) assert.deepEqual(db.prepare(hours).all(), db.prepare(minutes).all(), hours);
}
