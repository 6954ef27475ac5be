// A core whose platform connector throws in its callbacks and whose totals reader throws on
// every snapshot keeps answering: the failing request gets a 500 in the JSON error shape, a
// socket gets `snapshot_failed` instead of the process ending, and the health banner counts
// the errors with the last one's context.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { TEST_TOKEN, tempDir } from '../main/testing/harness.js';
import { until } from '../main/testing/until.js';
import { ROOT } from './support/server-process.js';

const temp = tempDir('telethon-survives-');
after(() => temp.remove());

async function api(url: string, path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('a core with throwing callbacks and readers', () => {
  it('keeps answering, answers the failing parts with errors, and shows them on the health banner', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/testing/throwing-core.ts'), temp.path], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = (await until('"listening on"', async () => /listening on (http:\S+)/.exec(output)?.[1], (found) => found !== undefined, 1_500))!;

      // A connector whose timer and promise throw: started by adding the source.
      const created = await api(url, '/api/sources', 'POST', { kind: 'streamlabs', name: 'Throws' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      await until('the connector errors on the banner', async () => (await api(url, '/api/health')).body.internal_errors.count, (count) => count >= 2);

      // A request whose reader throws: 500 with the JSON error shape, not a dead process.
      const totals = await api(url, '/api/totals');
      assert.equal(totals.status, 500);
      assert.equal(totals.body.error.code, 'internal');

      // A dashboard connecting while its snapshot cannot be built: told so, process alive.
      const socket = io(`${url}/staff`, { auth: { token: TEST_TOKEN }, transports: ['websocket'], reconnection: false });
      const failed = await new Promise<{ code: string; message: string }>((resolve, reject) => {
        socket.once('snapshot_failed', resolve);
        socket.once('connect_error', reject);
      });
      assert.equal(failed.code, 'internal');
      socket.emit('resync'); // asking again fails again, and still does not end the process
      await until('the resync error counted', async () => (await api(url, '/api/health')).body.internal_errors.count, (count) => count >= 5);
      socket.close();

      const health = (await api(url, '/api/health')).body;
      assert.equal(health.internal_errors.last_context, 'sending a owner dashboard its snapshot');
      assert.equal(health.internal_errors.last_message, 'the totals could not be read');
      const problem = health.problems.find((p: { code: string }) => p.code === 'internal');
      assert.match(problem.message, /^\d+ unexpected errors since \d\d:\d\d:\d\d UTC: Telethon Desk kept running\. The last one at \d\d:\d\d:\d\d UTC, while sending a owner dashboard its snapshot: the totals could not be read\./);
      // Everything else still works, webhooks and lists included.
      assert.equal((await api(url, '/api/sources')).status, 200);
      assert.match(output, /Internal error while running a background task \(an uncaught exception at testing\/throwing-core\.ts:\d+\)/);
      assert.match(output, /Internal error while running a background task \(a promise rejection nobody handled/);
      assert.equal(child.exitCode, null, 'the core is still running');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, output);
  });
});
