// `npm start` where Electron cannot run (no binary, no way to download it): one sentence says
// so, the same core runs headless in the terminal, answers the API, and Ctrl+C closes it cleanly.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../main/testing/harness.js';
import { ROOT } from './support/server-process.js';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const HEADLESS_SENTENCE = /The Electron desktop window is not available on this machine \((.+)\), so Telethon Desk is running headless: open the dashboard URL below in your browser\./;

const temp = tempDir('telethon-start-');
after(() => temp.remove());

before(() => {
  if (!existsSync(join(ROOT, 'dist/main/serve.cjs'))) {
    assert.equal(spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' }).status, 0);
  }
});

describe('npm start without an Electron binary', () => {
  it('explains itself in one sentence, serves headless, and stops cleanly on Ctrl+C', async () => {
    const dataDir = join(temp.path, 'data');
    // No Electron here even on a machine that has one (an empty dist folder), and a download
    // mirror that refuses at once: the path a machine without network takes, deterministically.
    const noElectron = join(temp.path, 'no-electron');
    mkdirSync(noElectron);
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noElectron, ELECTRON_MIRROR: 'http://127.0.0.1:9/' };
    delete env.TELETHON_OWNER_TOKEN;
    delete env.TELETHON_HEADLESS;

    const started = Date.now();
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--data-dir', dataDir, '--port', '0'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );

    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening on" line in ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
        const look = () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout.on('data', look);
        void exited.then(({ code }) => {
          clearTimeout(timer);
          reject(new Error(`start.mjs exited with ${code} before listening:\n${output}`));
        });
      });

      const explanation = HEADLESS_SENTENCE.exec(output);
      assert.ok(explanation, `the one-sentence explanation is missing:\n${output}`);
      assert.ok(explanation.index < output.indexOf('listening on'), 'the explanation comes before "listening on"');
      assert.equal(output.split('The Electron desktop window').length - 1, 1, 'said once');
      assert.ok(Date.now() - started < 20_000, `the fallback took ${Date.now() - started} ms`);

      const token = readFileSync(join(dataDir, 'owner-token'), 'utf8').trim();
      const health = await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(health.status, 200);
      assert.match(health.headers.get('content-type') ?? '', /application\/json/);
      const body = (await health.json()) as { ok?: unknown };
      assert.equal(typeof body, 'object');
      assert.ok('ok' in body);

      child.kill('SIGINT');
      const stopped = await Promise.race([
        exited,
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref()),
      ]);
      assert.notEqual(stopped, 'timeout', `still running ${STOP_TIMEOUT_MS} ms after SIGINT:\n${output}`);
      assert.deepEqual(stopped, { code: 0, signal: null }, output);
      assert.ok(!existsSync(join(dataDir, 'telethon.lock')), 'the data folder lock is released');
      assert.ok(!existsSync(join(dataDir, 'telethon.sqlite-wal')), 'the WAL was checkpointed and the database closed');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
