// A data folder that cannot be written ends the start with one sentence naming the folder and
// what to do, not a raw EROFS/EACCES/ENOTDIR. Runs the real `serve` (as root too, where chmod
// does not stop writes: a path through a file, an immutable folder, a read-only bind mount).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../main/testing/harness.js';
import { startServer } from './support/server-process.js';

const temp = tempDir('telethon-folder-');
const cleanups: (() => void)[] = [];
after(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  temp.remove();
});

/** The start fails; resolves with everything it printed. */
async function failedStart(dataDir: string): Promise<string> {
  try {
    const server = await startServer(dataDir);
    await server.stop();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail(`the server started on ${dataDir}`);
}

const run = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore', timeout: 5_000 }).status === 0;

describe('a data folder that cannot be written', () => {
  it('a path through a file: says which part is a file', async () => {
    const file = join(temp.path, 'notes.txt');
    writeFileSync(file, 'not a folder');
    const output = await failedStart(join(file, 'telethon'));
    assert.match(output, new RegExp(`Telethon Desk cannot use ${join(file, 'telethon')} as its data folder: ${file} is a file, not a folder\\. Choose another folder with --data-dir\\.`));
    assert.doesNotMatch(output, /ENOTDIR|at .*\.cjs/);
  });

  const locked = join(temp.path, 'locked');
  mkdirSync(locked);
  const immutable = run('chattr', ['+i', locked]);
  if (immutable) cleanups.push(() => run('chattr', ['-i', locked]));
  it('an immutable folder (chattr +i): says the user may not write there', { skip: !immutable && 'chattr +i is not possible here' }, async () => {
    const output = await failedStart(locked);
    assert.match(output, new RegExp(`Telethon Desk cannot write to ${locked}: this user is not allowed to \\(the folder is read-only or locked\\)\\. Choose another folder with --data-dir or fix its permissions\\.`));
    assert.doesNotMatch(output, /EPERM|EACCES/);
  });

  const source = join(temp.path, 'source');
  const readOnly = join(temp.path, 'read-only');
  mkdirSync(source);
  mkdirSync(readOnly);
  const mounted = run('mount', ['--bind', '-o', 'ro', source, readOnly]) && !run('touch', [join(readOnly, 'probe')]);
  if (mounted) cleanups.push(() => run('umount', [readOnly]));
  it('a read-only disk (a read-only bind mount): says so', { skip: !mounted && 'a read-only bind mount is not possible here' }, async () => {
    const output = await failedStart(readOnly);
    assert.match(output, new RegExp(`Telethon Desk cannot write to ${readOnly}: the folder is on a read-only disk\\. Choose another folder with --data-dir or make that disk writable\\.`));
    assert.doesNotMatch(output, /EROFS/);
  });
});
