import assert from 'node:assert/strict';
import { statSync, statfsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { createCore } from '../core.js';
import { TEST_TOKEN, type TestCore, startTestCore, tempDir } from '../testing/harness.js';
import { BackupSkipped, Backups, defaultBudget } from './backup.js';

const temps: { remove(): void }[] = [];
const open: { close(): Promise<void> }[] = [];
after(async () => {
  for (const core of open) await core.close();
  for (const temp of temps) temp.remove();
});

const MIN = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 8, 0) + minutes * MIN);
const minuteOf = (file: string) => {
  const stamp = /telethon-(.+)T(\d\d)-(\d\d)-/.exec(file)!;
  return (Number(stamp[2]) - 8) * 60 + Number(stamp[3]);
};

async function coreWithData(): Promise<TestCore> {
  const temp = tempDir('telethon-budget-');
  temps.push(temp);
  const t = await startTestCore({ dir: temp.path });
  open.push(t.core);
  for (let i = 0; i < 20; i += 1) {
    const pledge = { id: `p${i}`, amount: { value: '10', currency: 'EUR' }, donor: { name: `Donor ${i}` }, message: 'x'.repeat(500) };
    assert.equal((await t.api('POST', '/api/donations', pledge)).status, 201);
  }
  return t;
}

describe('backups within a disk budget', () => {
  it('keeps recent backups, thins older ones to one an hour, and caps the count', async () => {
    const t = await coreWithData();
    const dir = `${t.dir}/thinned`;
    const backups = new Backups(t.core.maintenance, { dir, intervalMs: 3_600_000, keep: 8, recentMs: 60 * MIN, budgetBytes: 1024 ** 3 });
    // Five hours, a backup every 20 minutes: 15 copies.
    for (let m = 0; m < 300; m += 20) await backups.runNow(at(m));
    const kept = backups.list().map(minuteOf);
    // The last hour (from 3:20 after the start) whole; before it, the newest of each hour; at most 8.
    assert.deepEqual(kept, [40, 100, 160, 220, 240, 260, 280]);
  });

  it('stays within a byte budget, oldest first, never removing the newest', async () => {
    const t = await coreWithData();
    const one = statSync((await new Backups(t.core.maintenance, { dir: `${t.dir}/probe`, intervalMs: 3_600_000, keep: 1 }).runNow(at(0)))).size;
    const budget = Math.floor(3.5 * one);
    const backups = new Backups(t.core.maintenance, { dir: `${t.dir}/budget`, intervalMs: 3_600_000, keep: 100, budgetBytes: budget });
    for (let m = 0; m < 50; m += 5) await backups.runNow(at(m));
    const space = backups.space(at(50));
    assert.equal(space.count, 3);
    assert.ok(space.total_bytes <= budget, `${space.total_bytes} > ${budget}`);
    assert.equal(space.budget_bytes, budget);
    assert.deepEqual(backups.list().map(minuteOf), [35, 40, 45]);

    const tiny = new Backups(t.core.maintenance, { dir: `${t.dir}/tiny`, intervalMs: 3_600_000, keep: 100, budgetBytes: 1 });
    for (let m = 0; m < 15; m += 5) await tiny.runNow(at(m));
    assert.deepEqual(tiny.list().map(minuteOf), [10], 'a budget smaller than one copy still keeps the newest');
  });

  it('the default budget is four copies, at least 2 GB, at most a quarter of the disk', () => {
    const GB = 1024 ** 3;
    assert.equal(defaultBudget(1.7 * GB, 500 * GB, 0), 6.8 * GB);
    assert.equal(defaultBudget(0.1 * GB, 500 * GB, 0), 2 * GB);
    assert.equal(defaultBudget(1.7 * GB, 10 * GB, 2 * GB), 3 * GB);
  });

  it('skips a backup that would leave too little disk, says so on the health banner, and shows the space', async () => {
    const temp = tempDir('telethon-full-');
    temps.push(temp);
    const stats = statfsSync(temp.path);
    const free = Number(stats.bavail) * Number(stats.bsize);
    const core = await createCore({
      dataDir: temp.path,
      port: 0,
      ownerToken: TEST_TOKEN,
      backupIntervalMs: 3_600_000,
      // A margin larger than the disk's free space: no copy can fit above it.
      backupMinFreeBytes: free + 1024 ** 3,
      backupBudgetBytes: 50 * 1024 ** 2,
      log: () => {},
    });
    open.push(core);
    const health = async () => (await (await fetch(`${core.url}/api/health`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).json()) as any;

    const before = await health();
    assert.equal(before.backups.space.count, 0);
    assert.equal(before.backups.space.budget_bytes, 50 * 1024 ** 2);
    assert.ok(before.backups.space.free_bytes > 0);

    await assert.rejects(core.backups.runNow(at(0)), BackupSkipped);
    assert.deepEqual(core.backups.list(), []);
    const after = await health();
    const problem = after.problems.find((p: { code: string }) => p.code === 'backup_space');
    assert.match(
      problem?.message ?? '',
      /^Backup skipped at 08:00 UTC: the disk holding .+backups has [\d.]+ [GMK]B free, and a copy of the database \([\d.]+ [GMK]B\) would leave less than [\d.]+ GB\. Free some space on that disk; the app tries again at the next backup\.$/,
    );
    assert.equal(after.backups.last_error, null, 'a skip is not a failed backup');
  });

  it('shows count, size, budget and free disk after each backup', async () => {
    const t = await coreWithData();
    const file = await t.core.backups.runNow(at(0));
    const space = (await t.api('GET', '/api/health')).body.backups.space;
    assert.equal(space.count, 1);
    assert.equal(space.total_bytes, statSync(file).size);
    assert.ok(space.budget_bytes > space.total_bytes, 'the default budget holds more than one copy');
    assert.ok(space.free_bytes > 0);
    assert.equal(space.measured_at, at(0).toISOString());
  });
});
