import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Ingest } from '../ingest/ingest.js';
import { type Db, openDatabase } from '../store/database.js';
import { Targets } from '../targets/targets.js';
import { tempDir } from './harness.js';
import { HOSTILE_DONOR, MARATHON_10M, MarathonCursor, type SeedConfig, seedFile, writeSetup } from './marathon-seed.js';

const SMALL: SeedConfig = { ...MARATHON_10M, messages: 40_000, chatters: 400, donations: 900, donors: 150 };
const temp = tempDir('telethon-seed-test-');
after(() => temp.remove());

/** The same events through the real Ingest, one by one, with the targets' chat tap. */
function replayThroughIngest(file: string, config: SeedConfig): void {
  const db = openDatabase(file);
  writeSetup(db, config);
  const ingest = new Ingest(db, { chatBatchMax: 2_000 });
  const targets = new Targets(db, ingest.chatters);
  ingest.setChatTap(targets);
  const cursor = new MarathonCursor(config);
  while (cursor.next()) {
    if (cursor.kind === 'chat') ingest.chat(cursor.chatEvent());
    else ingest.donation(cursor.donationEvent());
  }
  ingest.close();
  targets.stop();
  db.close();
}

const TABLES: Record<string, string> = {
  events: 'SELECT seq, source_id, external_id, kind, occurred_at, actor_key, actor_name, body, payload FROM events ORDER BY seq',
  donations: 'SELECT * FROM donations ORDER BY event_seq',
  money_totals: 'SELECT * FROM money_totals ORDER BY source_id, currency',
  minute_rollups: 'SELECT * FROM minute_rollups ORDER BY minute, source_id',
  chatters: 'SELECT * FROM chatters ORDER BY id',
  minute_chatter_sets: 'SELECT minute, source_id, hex(users) AS users FROM minute_chatter_sets ORDER BY minute, source_id',
  minute_tags: 'SELECT * FROM minute_tags ORDER BY kind, minute, source_id, tag',
  target_minutes: 'SELECT * FROM target_minutes ORDER BY target_id, minute',
  target_platform_minutes: 'SELECT * FROM target_platform_minutes ORDER BY target_id, platform, minute',
  sources: 'SELECT id, kind, name, events FROM sources ORDER BY id',
  through: "SELECT value FROM settings WHERE key = 'chatter_sets_through_seq'",
};

const rows = (db: Db, sql: string) => db.prepare(sql).all();

describe('the bulk marathon seed', () => {
  it('writes exactly what the real Ingest and the targets tap write for the same events', () => {
    const seeded = join(temp.path, 'seeded.sqlite');
    const ingested = join(temp.path, 'ingested.sqlite');
    seedFile(seeded, SMALL);
    replayThroughIngest(ingested, SMALL);
    const a = openDatabase(seeded);
    const b = openDatabase(ingested);
    try {
      for (const [table, sql] of Object.entries(TABLES)) {
        const fromSeed = rows(a, sql);
        const fromIngest = rows(b, sql);
        assert.ok(fromIngest.length > 0, `${table}: the replay wrote nothing`);
        assert.equal(fromSeed.length, fromIngest.length, `${table}: row counts differ`);
        assert.deepEqual(fromSeed, fromIngest, `${table} differs`);
      }
      // What the comparison covers: chat in every channel, tags, all three targets, refunds.
      const facts = a.prepare<[string], { messages: number; targets: number; tags: number; refunds: number; hostile: number }>(
        `SELECT (SELECT SUM(messages) FROM minute_rollups WHERE source_id = '*') AS messages,
                (SELECT COUNT(DISTINCT target_id) FROM target_minutes) AS targets,
                (SELECT COUNT(DISTINCT tag) FROM minute_tags) AS tags,
                (SELECT COUNT(*) FROM donations WHERE type = 'refund') AS refunds,
                (SELECT COUNT(*) FROM donations WHERE donor_name = ?) AS hostile`,
      ).get(HOSTILE_DONOR);
      assert.equal(facts?.messages, SMALL.messages);
      assert.equal(facts?.targets, 3);
      assert.ok((facts?.tags ?? 0) >= 8, `only ${facts?.tags} tags`);
      assert.ok((facts?.refunds ?? 0) > 0, 'no refund in the small seed');
      assert.ok((facts?.hostile ?? 0) > 0, 'the hostile donor name is missing');
    } finally {
      a.close();
      b.close();
    }
  });

  it('is deterministic: the same config gives the same events', () => {
    const one = new MarathonCursor({ ...SMALL, messages: 3_000, donations: 50 });
    const two = new MarathonCursor({ ...SMALL, messages: 3_000, donations: 50 });
    let count = 0;
    while (one.next()) {
      assert.equal(two.next(), true);
      assert.deepEqual(one.kind === 'chat' ? one.chatEvent() : one.donationEvent(), two.kind === 'chat' ? two.chatEvent() : two.donationEvent());
      count += 1;
    }
    assert.equal(two.next(), false);
    assert.equal(count, 3_050);
  });
});
