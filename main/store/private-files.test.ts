import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../testing/harness.js';
import { trackedCores } from '../testing/tracked.js';
import { restoreBackup } from '../backup/restore.js';

const { start, stop } = trackedCores();
const modeOf = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';

/** Every file and folder under the data folder, with its permission bits. */
function modes(dir: string): Map<string, number> {
  const found = new Map<string, number>([[dir, modeOf(dir)]]);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [p, m] of modes(path)) found.set(p, m);
    else found.set(path, modeOf(path));
  }
  return found;
}

function assertPrivate(dir: string): void {
  for (const [path, mode] of modes(dir)) {
    if (path.includes('not-ours')) continue;
    const wanted = statSync(path).isDirectory() ? 0o700 : 0o600;
    assert.equal(mode.toString(8), wanted.toString(8), `${path} should be ${wanted.toString(8)}`);
  }
}

describe('the data folder is private to the user', { skip: !posix && 'POSIX modes only' }, () => {
  it('creates the database, its WAL and SHM, the token files, the lock and backups 0600 in 0700 folders', async () => {
    const dir = tempDir('telethon-modes-');
    const previous = process.umask(0o022); // the usual umask, which would give 0644 files
    try {
      const t = await start(join(dir.path, 'data'));
      await t.api('PUT', '/api/campaign', { title: 'Modes', cause: 'c', currency: 'EUR', goal: { value: '100', currency: 'EUR' }, milestones: [], starts_at: '2026-11-23T08:00:00Z', duration_hours: 48 });
      const hook = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' });
      assert.equal(hook.status, 201);
      assert.equal((await t.api('POST', '/api/donations', { id: 'm1', amount: { value: '10', currency: 'EUR' } })).status, 201);
      assert.equal((await t.api('POST', '/api/overlay/rotate-key')).status, 200);
      await t.core.backups.runNow(new Date(Date.UTC(2026, 10, 23, 10, 0)));
      const data = join(dir.path, 'data');
      const names = ['telethon.sqlite', 'telethon.sqlite-wal', 'telethon.sqlite-shm', 'telethon.lock', 'credentials.json', 'overlay-key', 'security-journal.jsonl'];
      for (const name of names) {
        assert.ok(existsSync(join(data, name)), `${name} exists`);
      }
      assert.equal(t.core.backups.list().length, 1);
      assertPrivate(data);
      await stop(t);
    } finally {
      process.umask(previous);
      dir.remove();
    }
  });

  it('tightens files and folders left open by an older version at start, and a restored database too', async () => {
    const dir = tempDir('telethon-tighten-');
    const previous = process.umask(0o022);
    try {
      const first = await start(dir.path);
      const backup = await first.core.backups.runNow(new Date(Date.UTC(2026, 10, 23, 11, 0)));
      await stop(first);
      chmodSync(dir.path, 0o755);
      chmodSync(join(dir.path, 'backups'), 0o755);
      chmodSync(backup, 0o644);
      chmodSync(join(dir.path, 'telethon.sqlite'), 0o644);
      writeFileSync(join(dir.path, 'owner-token'), 'an-old-owner-token-0123456789\n', { mode: 0o644 });
      mkdirSync(join(dir.path, 'not-ours'), { mode: 0o755 });
      writeFileSync(join(dir.path, 'not-ours', 'tool.sh'), 'x', { mode: 0o755 });
      writeFileSync(join(dir.path, 'not-ours.txt'), 'x', { mode: 0o644 });

      restoreBackup(dir.path, backup, new Date(Date.UTC(2026, 10, 23, 12, 0)));
      assert.equal(modeOf(join(dir.path, 'telethon.sqlite')).toString(8), '600', 'the restored copy is private at once');

      const second = await start(dir.path);
      assertPrivate(dir.path);
      assert.equal(modeOf(join(dir.path, 'not-ours', 'tool.sh')).toString(8), '755', 'files that are not the app\'s are left alone');
      assert.equal(modeOf(join(dir.path, 'not-ours.txt')).toString(8), '644');
      await stop(second);
    } finally {
      process.umask(previous);
      dir.remove();
    }
  });
});
