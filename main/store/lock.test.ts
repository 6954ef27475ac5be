import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startTestCore, tempDir } from '../testing/harness.js';
import { LOCK_FILE, acquireLock, lockHolder, processIdentity } from './lock.js';

const temps: { remove(): void }[] = [];
const sleepers: ChildProcess[] = [];
after(() => {
  for (const sleeper of sleepers) sleeper.kill('SIGKILL');
  for (const temp of temps) temp.remove();
});

function folder(): string {
  const temp = tempDir('telethon-lock-');
  temps.push(temp);
  return temp.path;
}

/** A live process that is not Telethon Desk, as a recycled pid would be after a reboot. */
function stranger(): number {
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  sleepers.push(sleeper);
  assert.ok(sleeper.pid);
  return sleeper.pid;
}

const linux = process.platform === 'linux';

describe('the data folder lock', { skip: !linux && 'process identities come from /proc (Linux)' }, () => {
  it('records the holder with its identity, not only its pid', () => {
    const dir = folder();
    const release = acquireLock(dir, () => {});
    const [pid, identity] = readFileSync(join(dir, LOCK_FILE), 'utf8').split('\n');
    assert.equal(pid, String(process.pid));
    assert.equal(identity, processIdentity(process.pid));
    release();
  });

  it('a lock naming a live unrelated process (a recycled pid) does not block the start, and is taken over with a log line', async () => {
    const dir = folder();
    const pid = stranger();
    // Written by a Telethon Desk that ran before a reboot: same pid, another identity.
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n00000000-0000-0000-0000-000000000000:12345\n`);
    assert.equal(lockHolder(dir), null);
    const lines: string[] = [];
    const release = acquireLock(dir, (line) => lines.push(line));
    assert.deepEqual(lines, [`Took over the data folder's lock: process ${pid} named in it is another program now (its number was reused), not Telethon Desk.`]);
    release();

    // And a whole core starts on it.
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n00000000-0000-0000-0000-000000000000:12345\n`);
    const test = await startTestCore({ dir, withCampaign: false });
    assert.equal((await test.api('GET', '/api/health')).status, 200);
    await test.close();
  });

  it('a lock of an older version (pid only) naming a process that started after it was written is stale', () => {
    const dir = folder();
    const pid = stranger();
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n`);
    const anHourAgo = Date.now() / 1000 - 3600;
    utimesSync(join(dir, LOCK_FILE), anHourAgo, anHourAgo);
    assert.equal(lockHolder(dir), null);
  });

  it('a lock naming a live process with its own identity still blocks the start', () => {
    const dir = folder();
    const pid = stranger();
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n${processIdentity(pid)}\n`);
    assert.equal(lockHolder(dir), pid);
    assert.throws(() => acquireLock(dir, () => {}), /Telethon Desk is already running with this data folder \(process \d+\); close it first\./);
  });

  it('a lock naming a process that is gone is taken over', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), `999999999\nwhatever\n`);
    const lines: string[] = [];
    acquireLock(dir, (line) => lines.push(line))();
    assert.match(lines[0] ?? '', /left by process 999999999, which is no longer running/);
  });
});
