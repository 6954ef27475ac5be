import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Ingest } from '../ingest/ingest.js';
import { convertPending } from '../rates/convert-pending.js';
import { tempDir } from '../testing/harness.js';
import { prng } from '../testing/marathon-seed.js';
import { EUR, MID_HOUR_START, START_MINUTE, USD, assertHoursMatchMinutes, rollupMarathon } from '../testing/rollup-marathon.js';
import { type Db, LATEST_SCHEMA_VERSION, migrate, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { type TagKind, RollupQueries, hourSplit } from './rollups.js';

const temp = tempDir();
after(() => temp.remove());
const T0 = MID_HOUR_START;
const M0 = START_MINUTE;
const SPAN_MINUTES = 5 * 60;

/** The figures summed from the minute tables alone: what the hour tables must reproduce. */
function minuteSums(db: Db, source: string, from: number, to: number) {
  return db
    .prepare<[string, number, number], { raised: number | null; donations: number | null; messages: number | null }>(
      'SELECT SUM(raised_minor) AS raised, SUM(donations) AS donations, SUM(messages) AS messages FROM minute_rollups WHERE source_id = ? AND minute BETWEEN ? AND ?',
    )
    .get(source, from, to);
}

function minuteTags(db: Db, kind: TagKind, source: string, from: number, to: number) {
  return db
    .prepare<[TagKind, number, number, string], { tag: string; count: number }>(
      `SELECT tag, SUM(count) AS count FROM minute_tags WHERE kind = ? AND minute BETWEEN ? AND ? AND source_id = ?
       GROUP BY tag ORDER BY count DESC, tag LIMIT 1000`,
    )
    .all(kind, from, to, source);
}

/**
 * Five hours of chat on two channels with tags, donations in EUR and in USD (waiting for a rate),
 * refunds and corrections that land on minutes long past: every way the minute rows change.
 */
function marathon(file: string): { db: Db; ingest: Ingest; convert(): void } {
  const { db, ingest } = rollupMarathon(file, SPAN_MINUTES / 60);
  const random = prng(13);
  const texts = ['hi #Rohingya', '#WaterForTheCamps @unicef', 'hello', '@alca #rohingya #WaterForTheCamps', '#GG'];
  for (let i = 0; i < 6_000; i += 1) {
    ingest.chat({
      sourceId: random() < 0.6 ? 'chan-a' : 'chan-b',
      externalId: `m${i}`,
      userKey: `u${Math.floor(random() * 300)}`,
      displayName: 'someone',
      text: texts[Math.floor(random() * texts.length)]!,
      occurredAt: T0 + Math.floor(random() * SPAN_MINUTES * 60_000),
    });
    if (i % 1_000 === 999) ingest.flushChat();
  }
  ingest.flushChat();
  for (let i = 0; i < 200; i += 1) {
    const occurredAt = T0 + Math.floor(random() * SPAN_MINUTES * 60_000);
    const usd = random() < 0.3;
    const amount = { minor: 100 + Math.floor(random() * 10_000), currency: usd ? USD : EUR };
    const base = { sourceId: 'form', externalId: `gift-${i}`, donorName: `donor ${i % 17}`, anonymous: false, message: null, occurredAt };
    ingest.donation({ ...base, type: 'donation', amount });
    if (i % 9 === 0) ingest.donation({ ...base, externalId: `refund-${i}`, type: 'refund', amount, refunds: `gift-${i}`, occurredAt: occurredAt + 90 * 60_000 });
  }
  // Corrections of platform donations: later versions move the minute of the first one.
  for (let i = 0; i < 20; i += 1) {
    const occurredAt = T0 + Math.floor(random() * SPAN_MINUTES * 60_000);
    const first = 500 + Math.floor(random() * 5_000);
    const event = (version: number, minor: number) => ({
      sourceId: 'tiltify', externalId: `tip-${i}@${version}`, type: 'donation' as const, amount: { minor, currency: i % 3 === 0 ? USD : EUR },
      donorName: 'Jirachi', anonymous: false, message: null, occurredAt, versioned: { key: `tip-${i}`, version },
    });
    ingest.donation(event(1, first));
    ingest.donation(event(2, first + 250));
    if (i % 2 === 0) ingest.donation(event(3, first - 100));
  }
  return { db, ingest, convert: () => convertPending(db, [{ currency: USD, rate: '0.9' }], EUR, T0) };
}

describe('hour rollups', () => {
  it('cuts a window into ragged minutes and whole hours', () => {
    assert.deepEqual(hourSplit(60, 179), { headFrom: 60, headTo: 59, hoursFrom: 60, hoursTo: 120, tailFrom: 180, tailTo: 179 });
    assert.deepEqual(hourSplit(37, 250), { headFrom: 37, headTo: 59, hoursFrom: 60, hoursTo: 180, tailFrom: 240, tailTo: 250 });
    // No whole hour inside: all minutes.
    assert.deepEqual(hourSplit(37, 110), { headFrom: 37, headTo: 110, hoursFrom: 1, hoursTo: 0, tailFrom: 1, tailTo: 0 });
    assert.deepEqual(hourSplit(-90, 29), { headFrom: -90, headTo: -61, hoursFrom: -60, hoursTo: -60, tailFrom: 0, tailTo: 29 });
  });

  it('sum exactly to the minute rows over random windows, through corrections, refunds and rate conversions', () => {
    const { db, ingest, convert } = marathon(join(temp.path, 'random.sqlite'));
    const rollups = new RollupQueries(db);
    const random = prng(7);
    const check = (label: string) => {
      assertHoursMatchMinutes(db);
      const windows: [number, number][] = [[M0 - 120, M0 + SPAN_MINUTES + 120], [M0, M0 + SPAN_MINUTES - 1]];
      for (let i = 0; i < 300; i += 1) {
        const from = M0 - 30 + Math.floor(random() * (SPAN_MINUTES + 60));
        windows.push([from, from + Math.floor(random() * (SPAN_MINUTES + 30))]);
      }
      for (const [from, to] of windows) {
        for (const source of ['*', 'chan-a', 'form', 'tiltify']) {
          assert.deepEqual(rollups.sums(source, from, to), minuteSums(db, source, from, to), `${label}: sums of ${source} over [${from}, ${to}]`);
        }
        for (const kind of ['hashtag', 'mention'] as const) {
          assert.deepEqual(rollups.topTags(kind, from, to, '*', 1000), minuteTags(db, kind, '*', from, to), `${label}: ${kind}s over [${from}, ${to}]`);
          assert.deepEqual(rollups.topTags(kind, from, to, 'chan-b', 2), minuteTags(db, kind, 'chan-b', from, to).slice(0, 2));
        }
      }
    };
    check('before the rate');
    const waiting = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM donations WHERE campaign_minor IS NULL').get()?.n ?? 0;
    assert.ok(waiting() > 0, 'some donations wait for a rate');
    convert();
    assert.equal(waiting(), 0);
    check('after the rate converted them');
    assert.ok((minuteSums(db, '*', M0, M0 + SPAN_MINUTES)?.raised ?? 0) > 0);
    ingest.close();
    db.close();
  });

  it('the migration fills the hour tables from the minute rows an older database already has', () => {
    const file = join(temp.path, 'older.sqlite');
    const older = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 11) });
    const minute = older.prepare('INSERT INTO minute_rollups (minute, source_id, raised_minor, donations, messages, chatters) VALUES (?, ?, ?, ?, ?, ?)');
    const tag = older.prepare("INSERT INTO minute_tags (kind, minute, source_id, tag, count) VALUES ('hashtag', ?, ?, ?, ?)");
    for (let m = M0 - 70; m < M0 + 200; m += 7) {
      minute.run(m, '*', m % 1000, 1, m % 50, 3);
      minute.run(m, 'chan-a', -(m % 300), 0, 2, 1);
      tag.run(m, '*', m % 2 === 0 ? 'rohingya' : 'gg', 1 + (m % 4));
    }
    minute.run(-61, '*', 5, 1, 1, 1);
    older.close();
    const db = openDatabase(file);
    assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
    assertHoursMatchMinutes(db);
    assert.deepEqual(db.prepare("SELECT hour_start FROM hour_rollups WHERE source_id = '*' ORDER BY 1 LIMIT 1").get(), { hour_start: -120 });
    // Then kept by the triggers, also when a minute row is deleted; none may move to another key.
    db.prepare('DELETE FROM minute_rollups WHERE minute = -61').run();
    db.prepare("DELETE FROM minute_tags WHERE tag = 'rohingya' AND minute < ?").run(M0);
    assertHoursMatchMinutes(db);
    assert.throws(() => db.prepare("UPDATE minute_rollups SET minute = minute + 600 WHERE source_id = 'chan-a'").run(), /keeps its minute and source/);
    assert.throws(() => db.prepare("UPDATE minute_tags SET tag = 'moved' WHERE tag = 'gg'").run(), /keeps its key/);
    assert.equal(migrate(db), LATEST_SCHEMA_VERSION);
    db.close();
  });
});
