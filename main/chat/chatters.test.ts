import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { prng } from '../testing/marathon-seed.js';
import { ALL_SOURCES, ChatterSets, encodePeople } from './chatters.js';

const temp = tempDir();
after(() => temp.remove());

/** Sorted little-endian uint32 ids: how every set was saved before bitsets. */
const idList = (ids: number[]) => Buffer.from(Uint32Array.from(ids).sort().buffer);

describe('chatter sets', () => {
  it('saves a busy minute as a bitset and a quiet one as its ids, whichever is shorter', () => {
    const busy = encodePeople(Array.from({ length: 300 }, (_, i) => i * 3 + 1));
    assert.equal(busy.byteLength, Math.ceil(900 / 32) * 4 + 1);
    assert.deepEqual(encodePeople([7000, 12, 5]), idList([5, 12, 7000]));
    assert.deepEqual(encodePeople([]), Buffer.alloc(0));
  });

  it('counts exactly over sets saved as lists (older databases), bitsets and still in memory', () => {
    const db = openDatabase(join(temp.path, 'mixed.sqlite'));
    const random = prng(5);
    const people = 900;
    for (let id = 1; id <= people; id += 1) db.prepare('INSERT INTO chatters (id, user_key) VALUES (?, ?)').run(id, `u${id}`);
    const truth = new Map<number, number[]>();
    const save = db.prepare('INSERT INTO minute_chatter_sets (minute, source_id, users) VALUES (?, ?, ?)');
    for (let minute = 1000; minute < 1300; minute += 1) {
      const dense = random() < 0.5;
      const ids = [...new Set(Array.from({ length: dense ? 400 : 8 }, () => 1 + Math.floor(random() * people)))];
      truth.set(minute, ids);
      save.run(minute, ALL_SOURCES, random() < 0.5 ? idList(ids) : encodePeople(ids));
    }
    const sets = new ChatterSets(db, { now: () => 0 });
    // A person added now to a saved minute (list or bitset) joins the ones read back from it.
    const staging = sets.begin();
    for (const minute of [1100, 1101, 1299]) {
      const id = sets.idOf('newcomer', staging);
      sets.add(minute, ALL_SOURCES, id, staging);
      truth.get(minute)!.push(id);
    }
    db.transaction(() => sets.persistIfDue(staging, 1, true))();
    sets.commit(staging);
    const fresh = new ChatterSets(db, { now: () => 0 });
    for (let i = 0; i < 200; i += 1) {
      const from = 990 + Math.floor(random() * 320);
      const to = from + Math.floor(random() * 200);
      const step = [1, 3, 7, 60][i % 4]!;
      const expected = new Set<number>();
      const buckets = new Map<number, Set<number>>();
      for (let minute = Math.max(from, 1000); minute <= Math.min(to, 1299); minute += 1) {
        const start = Math.floor(minute / step) * step;
        const bucket = buckets.get(start) ?? new Set<number>();
        for (const id of truth.get(minute) ?? []) {
          expected.add(id);
          bucket.add(id);
        }
        buckets.set(start, bucket);
      }
      for (const counted of [sets, fresh]) {
        const got = counted.distinctByBucket(from, to, step);
        assert.equal(got.total, expected.size, `[${from}, ${to}] by ${step}`);
        for (const [start, bucket] of buckets) assert.equal(got.buckets.get(start) ?? 0, bucket.size, `bucket ${start} of [${from}, ${to}] by ${step}`);
      }
    }
    db.close();
  });
});
