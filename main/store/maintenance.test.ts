import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { CurrencyCode } from '../../shared/currencies.js';
import { type TestCore, startTestCore, tempDir } from '../testing/harness.js';
import { until } from '../testing/until.js';
import { createPrivateFile } from './private-files.js';

const open: TestCore[] = [];
const temps: { remove(): void }[] = [];
after(async () => {
  for (const t of open) await t.core.close();
  for (const temp of temps) temp.remove();
});

async function core(): Promise<TestCore> {
  const temp = tempDir('telethon-maintenance-');
  temps.push(temp);
  const t = await startTestCore({ dir: temp.path });
  open.push(t);
  return t;
}

const EUR = 'EUR' as CurrencyCode;
let gifts = 0;
function donate(t: TestCore): void {
  gifts += 1;
  t.core.services.ingest.donation({
    sourceId: 'offline', externalId: `gift-${gifts}`, type: 'donation', amount: { minor: 500, currency: EUR },
    donorName: `Donor ${gifts % 13}`, anonymous: false, message: 'for the marathon', occurredAt: Date.now(),
  });
}

function chat(t: TestCore, count: number): void {
  for (let i = 0; i < count; i += 1) {
    t.core.services.ingest.chat({
      sourceId: 'tw', externalId: `m-${gifts}-${i}`, userKey: `twitch:${i % 997}`, displayName: `viewer${i % 997}`,
      text: `hello from the chat, message ${i} ${'x'.repeat(80)}`, occurredAt: Date.now(),
    });
  }
  t.core.services.ingest.flushChat();
}

const countOf = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('database maintenance on a worker thread', () => {
  it('copies one consistent, complete snapshot while donations and chat keep being written', async () => {
    const t = await core();
    t.core.services.sources.ensure('tw', 'twitch', '#test');
    t.core.services.sources.ensure('offline', 'webhook', 'Offline');
    for (let i = 0; i < 40; i += 1) chat(t, 5_000); // some 40 MB: the copy takes a while
    const before = countOf(t.core.db, "SELECT count(*) AS n FROM events WHERE kind = 'chat'");
    const file = join(t.dir, 'snapshot.sqlite');
    createPrivateFile(file);
    let copied = false;
    let writesDuringCopy = 0;
    const copy = t.core.maintenance.copySnapshot(file).then(() => {
      copied = true;
    });
    while (!copied) {
      donate(t);
      chat(t, 50);
      writesDuringCopy += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await copy;
    assert.ok(writesDuringCopy > 1, 'the server kept writing during the copy');

    const snapshot = new Database(file, { readonly: true });
    try {
      assert.equal(snapshot.pragma('integrity_check', { simple: true }), 'ok');
      const chatRows = countOf(snapshot, "SELECT count(*) AS n FROM events WHERE kind = 'chat'");
      const donationRows = countOf(snapshot, "SELECT count(*) AS n FROM donations WHERE type = 'donation'");
      assert.ok(chatRows >= before, `${chatRows} chat rows in the copy, ${before} before it began`);
      assert.ok(donationRows <= writesDuringCopy);
      // One moment of the database: what the rollups and totals say matches the rows beside them.
      assert.equal(countOf(snapshot, "SELECT coalesce(sum(donations), 0) AS n FROM money_totals WHERE source_id = 'offline'"), donationRows);
      assert.equal(countOf(snapshot, "SELECT coalesce(sum(messages), 0) AS n FROM minute_rollups WHERE source_id = 'tw'"), chatRows);
    } finally {
      snapshot.close();
    }
  });

  it('keeps checkpointing every second on its own thread, the server\'s connection never does', async () => {
    const t = await core();
    t.core.services.sources.ensure('tw', 'twitch', '#test');
    assert.equal(t.core.db.pragma('wal_autocheckpoint', { simple: true }), 0);
    const size = () => statSync(t.core.databaseFile).size;
    const start = size();
    chat(t, 5_000);
    await until('the database file grows', async () => size(), (now) => now > start, 500);
  });

  it('restarts a worker that stopped, says so on the health banner meanwhile, and backs up again', async () => {
    const t = await core();
    const health = async () => (await t.api('GET', '/api/health')).body as { problems: { code: string; message: string }[] };
    const crashed = new Promise((resolve) => t.core.maintenance.worker!.once('exit', resolve));
    await t.core.maintenance.worker!.terminate();
    await crashed;
    const problem = (await health()).problems.find((p) => p.code === 'maintenance');
    assert.match(problem?.message ?? '', /^Backups and checkpoints are paused: their background worker stopped \(.+\)\. Telethon Desk restarts it in 1 s/);
    await until('the worker runs again', health, (h) => !h.problems.some((p) => p.code === 'maintenance'), 500);
    const file = await t.core.backups.runNow(new Date(Date.UTC(2026, 10, 23, 12, 0)));
    assert.ok(statSync(file).size > 0);
  });
});
