import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { type TestCore, startTestCore, tempDir } from '../testing/harness.js';
import { restoreBackup } from './restore.js';

const temp = tempDir('telethon-backup-');
const open: TestCore[] = [];
after(async () => {
  for (const t of open) await t.core.close();
  temp.remove();
});

describe('backups', () => {
  it('makes online backups while the app writes, keeps a bounded number, and restores one', async () => {
    const t = await startTestCore({ dir: temp.path });
    open.push(t);
    const files: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      assert.equal((await t.api('POST', '/api/donations', { id: `b${i}`, amount: { value: '10', currency: 'EUR' } })).status, 201);
      files.push(await t.core.backups.runNow(new Date(Date.UTC(2026, 10, 23, 10, i))));
    }
    // keep defaults to 24: all five are there, ordered by time
    assert.deepEqual(t.core.backups.list(), files);
    const health = (await t.api('GET', '/api/health')).body;
    assert.equal(health.backups.last_file, files[4]);

    const copy = new Database(files[1]!, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(copy.prepare('SELECT count(*) AS n FROM donations').get(), { n: 2 });
    copy.close();

    assert.throws(() => restoreBackup(temp.path, files[1]!), /close it before restoring|running/);
    await t.core.close();
    const message = restoreBackup(temp.path, files[1]!);
    assert.match(message, /kept as .*before-restore/);

    const again = await startTestCore({ dir: temp.path, withCampaign: false });
    open.push(again);
    assert.equal((await again.api('GET', '/api/totals')).body.raised.value, '20.00');
  });

  it('prunes to the newest N', async () => {
    const dir = tempDir('telethon-prune-');
    const t = await startTestCore({ dir: dir.path });
    open.push(t);
    const { Backups } = await import('./backup.js');
    const backups = new Backups(t.core.maintenance, { dir: `${dir.path}/few`, intervalMs: 3_600_000, keep: 2 });
    const made = [];
    for (let i = 0; i < 4; i += 1) made.push(await backups.runNow(new Date(Date.UTC(2026, 0, 1, 0, i))));
    assert.deepEqual(backups.list(), made.slice(2));
    assert.equal(existsSync(made[0]!), false);
    dir.remove();
  });
});
