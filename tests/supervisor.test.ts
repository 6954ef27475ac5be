// `npm run serve` is a supervisor: its core child killed with SIGKILL is back on the same port
// within seconds with the same data, and a core that cannot start again is announced as a
// crash loop in words instead of restarted silently for ever.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXAMPLE_CAMPAIGN, tempDir } from '../main/testing/harness.js';
import { until } from '../main/testing/until.js';
import { type ServerProcess, corePid, ownerApi, startServer } from './support/server-process.js';

const temp = tempDir('telethon-supervisor-');
let server: ServerProcess | null = null;
after(async () => {
  await server?.stop('SIGKILL');
  temp.remove();
});

async function answers(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/api/health`)).status;
  } catch {
    return 0;
  }
}

describe('the serve supervisor', () => {
  it('restarts a core killed with SIGKILL on the same port, with the same data, within seconds', async () => {
    server = await startServer(temp.path);
    const url = server.url;
    assert.equal((await ownerApi(url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    assert.equal((await ownerApi(url, 'POST', '/api/donations', { id: 'before-kill', amount: { value: '12.50', currency: 'EUR' }, donor: { name: 'Ana' } })).status, 201);

    const first = corePid(temp.path);
    assert.ok(first !== null && first !== server.child.pid, 'the core runs in its own child process');
    const killedAt = Date.now();
    process.kill(first, 'SIGKILL');
    await until('the core answering again on the same port', () => answers(url), (status) => status === 401, 1_000, 10);
    const downMs = Date.now() - killedAt;
    console.log(`core back on the same port ${downMs} ms after kill -9`);
    assert.ok(downMs < 10_000, `took ${downMs} ms`);

    const second = corePid(temp.path);
    assert.ok(second !== null && second !== first, 'a new core process');
    const totals = await ownerApi(url, 'GET', '/api/totals');
    assert.equal(totals.body.raised.value, '12.50');
    assert.match(server.output(), /Telethon Desk's core stopped unexpectedly: it was killed \(SIGKILL[^)]*\)\. Restarting it on port \d+ in 0\.25 s\./);
    const health = (await ownerApi(url, 'GET', '/api/health')).body;
    const restarted = health.problems.find((p: { code: string }) => p.code === 'core_restarted');
    assert.match(restarted?.message ?? '', /^Telethon Desk restarted itself at \d\d:\d\d:\d\d UTC because it was killed/);
    assert.equal(server.output().match(/listening on /g)?.length, 2, 'each start says "listening on" (tools wait for it)');
  });

  it('says in words when the core keeps stopping, and stops cleanly on SIGTERM meanwhile', async () => {
    assert.ok(server, 'the first test started the server');
    // The database becomes something SQLite cannot open: every restart fails at once.
    const database = join(temp.path, 'telethon.sqlite');
    const pid = corePid(temp.path);
    assert.ok(pid !== null);
    for (const file of [database, `${database}-wal`, `${database}-shm`]) rmSync(file, { force: true });
    mkdirSync(database);
    process.kill(pid, 'SIGKILL');

    const loop = await until(
      'the crash loop sentence',
      async () => /Telethon Desk's core has stopped (\d+) times within 2 minutes \(at least 5 in a row means something is wrong that a restart does not fix: read the messages above\)\. It keeps trying, up to every 30 seconds; press Ctrl\+C to stop it\./.exec(server!.output()),
      (found) => found !== null,
      1_500,
      20,
    );
    assert.equal(loop?.[1], '5');
    assert.match(server.output(), /it exited with code 1\. Restarting it on port \d+ in 2 s\./);
    assert.equal(server.child.exitCode, null, 'the supervisor keeps trying');
    const code = await server.stop('SIGTERM');
    server = null;
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
  });
});
