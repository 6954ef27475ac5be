import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { convertPending } from '../rates/convert-pending.js';
import { tempDir } from '../testing/harness.js';
import { prng } from '../testing/marathon-seed.js';
import { EUR, MID_HOUR_START, START_MINUTE, USD, assertHoursMatchMinutes, rollupMarathon } from '../testing/rollup-marathon.js';
import { MinuteQueries } from '../chat/stats.js';
import { ChartQueries, type ChartWindow } from './series.js';

const temp = tempDir();
after(() => temp.remove());
const T0 = MID_HOUR_START;
const M0 = START_MINUTE;
const SPAN = 6 * 60;

describe('charts and chat stats over minutes kept per hour', () => {
  it('draw what a fresh read draws after every kind of write, past hours included', () => {
    const { db, ingest } = rollupMarathon(join(temp.path, 'cache.sqlite'), SPAN / 60);
    db.prepare(
      `INSERT INTO targets (id, name, handles, hashtags, ask, call_starts_at, created_at, created_by, updated_at, live_from_seq, backfill_seq)
       VALUES ('t1', 'T', '[]', '[]', '', ?, 0, 'owner', 0, 0, 0)`,
    ).run(T0);
    const random = prng(3);
    const kept = new ChartQueries(db, ingest.chatters);
    const keptStats = new MinuteQueries(db, ingest.chatters);
    let chat = 0;
    let gift = 0;
    const writes = [
      () => {
        for (let i = 0; i < 200; i += 1) {
          chat += 1;
          ingest.chat({ sourceId: 'chan-a', externalId: `m${chat}`, userKey: `u${chat % 40}`, displayName: 'x', text: 'hi', occurredAt: T0 + Math.floor(random() * SPAN * 60_000) });
        }
        ingest.flushChat();
      },
      () => {
        for (let i = 0; i < 10; i += 1) {
          gift += 1;
          ingest.donation({
            sourceId: 'form', externalId: `gift-${gift}`, type: 'donation', amount: { minor: 100 + gift, currency: gift % 3 === 0 ? USD : EUR },
            donorName: 'Ada', anonymous: false, message: null, occurredAt: T0 + Math.floor(random() * SPAN * 60_000),
          });
        }
      },
      () => convertPending(db, [{ currency: USD, rate: '0.5' }], EUR, T0),
      () => {
        const minute = M0 + Math.floor(random() * SPAN);
        db.prepare(
          `INSERT INTO target_minutes (target_id, minute, mentions, callers) VALUES ('t1', ?, ?, 1)
           ON CONFLICT (target_id, minute) DO UPDATE SET mentions = mentions + excluded.mentions`,
        ).run(minute, 1 + Math.floor(random() * 5));
      },
      // A target counted again from the start (its minutes deleted).
      () => db.prepare("DELETE FROM target_minutes WHERE target_id = 't1' AND minute < ?").run(M0 + Math.floor(random() * SPAN)),
    ];
    const windows: ChartWindow[] = [
      { key: null, from: M0 - 30, to: M0 + SPAN + 30, live: false },
      { key: null, from: M0 + 23, to: M0 + 200, live: false },
      { key: null, from: M0 + 61, to: M0 + 62, live: false },
    ];
    for (let step = 0; step < 60; step += 1) {
      writes[Math.floor(random() * writes.length)]!();
      for (const window of windows) {
        for (const source of [null, 'chan-a']) {
          assert.deepEqual(kept.charts(window, EUR, source), new ChartQueries(db, ingest.chatters).charts(window, EUR, source), `step ${step}`);
          const [fromMs, toMs] = [window.from * 60_000, window.to * 60_000];
          assert.deepEqual(keptStats.stats(fromMs, toMs, source), new MinuteQueries(db, ingest.chatters).stats(fromMs, toMs, source), `step ${step}`);
        }
      }
    }
    assertHoursMatchMinutes(db);
    ingest.close();
    db.close();
  });
});
