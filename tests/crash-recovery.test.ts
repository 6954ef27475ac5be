import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EXAMPLE_CAMPAIGN, tempDir } from '../main/testing/harness.js';
import { ownerApi, postSignedWebhook, startServer } from './support/server-process.js';

const temp = tempDir('telethon-crash-');
after(() => temp.remove());

const BURST = 600;
const CONCURRENCY = 24;
const KILL_AFTER_ACKS = 150;

describe('kill -9 in the middle of a webhook burst', () => {
  it('keeps every acknowledged donation exactly once, and redelivery leaves the total exact', async () => {
    let server = await startServer(temp.path);
    assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    const source = (await ownerApi(server.url, 'POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;

    // Amounts differ per donation (1.01, 1.02, ...) so a lost or doubled one changes the sum.
    const bodies = Array.from({ length: BURST }, (_, i) =>
      ({ id: `burst-${i}`, type: 'donation', amount: { value: `${1 + Math.floor(i / 100)}.${String(i % 100).padStart(2, '0')}`, currency: 'EUR' }, donor: { name: `Donor ${i}` } }),
    );
    const centsOf = (i: number) => (1 + Math.floor(i / 100)) * 100 + (i % 100);
    const post = (url: string, i: number): Promise<number> =>
      postSignedWebhook(`${url}/hooks/${source.id}`, source.secret, bodies[i]!).catch(() => 0); // 0: connection cut by the kill

    const acknowledged = new Set<number>();
    const sent = new Set<number>();
    let nextIndex = 0;
    let killed = false;
    const worker = async () => {
      while (nextIndex < BURST && !killed) {
        const i = nextIndex++;
        sent.add(i);
        const status = await post(server.url, i);
        if (status >= 200 && status < 300) acknowledged.add(i);
        if (!killed && acknowledged.size >= KILL_AFTER_ACKS) {
          killed = true;
          server.killAll();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    assert.equal(await server.stop(), null, 'the server should have died by SIGKILL');
    assert.ok(acknowledged.size >= KILL_AFTER_ACKS && acknowledged.size < BURST, `acknowledged ${acknowledged.size}`);
    console.log(`sent ${sent.size}, acknowledged ${acknowledged.size} before kill -9`);

    server = await startServer(temp.path);
    const stored = new Map<string, number>();
    const listed = (await ownerApi(server.url, 'GET', '/api/donations?limit=1000')).body.donations as { external_id: string }[];
    for (const d of listed) stored.set(d.external_id, (stored.get(d.external_id) ?? 0) + 1);
    for (const i of acknowledged) assert.equal(stored.get(`burst-${i}`), 1, `acknowledged burst-${i} is missing or doubled`);
    for (const count of stored.values()) assert.equal(count, 1);

    // The sender retries everything it sent (it cannot know what landed): nothing counts twice.
    const statuses = await Promise.all([...sent].map((i) => post(server.url, i)));
    assert.ok(statuses.every((s) => s === 200 || s === 201), `redelivery statuses: ${[...new Set(statuses)]}`);
    const expectedCents = [...sent].reduce((sum, i) => sum + centsOf(i), 0);
    const totals = (await ownerApi(server.url, 'GET', '/api/totals')).body;
    assert.equal(totals.donations, sent.size);
    assert.equal(totals.raised.value, (expectedCents / 100).toFixed(2));
    assert.equal(await server.stop('SIGTERM'), 0);

    const db = new Database(join(temp.path, 'telethon.sqlite'), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const sums = db.prepare<[], { donations: number; rollup: number }>(
      "SELECT (SELECT SUM(campaign_minor) FROM donations) AS donations, (SELECT SUM(raised_minor) FROM minute_rollups WHERE source_id = '*') AS rollup",
    ).get();
    assert.equal(sums?.donations, expectedCents);
    assert.equal(sums?.rollup, expectedCents);
    db.close();
  });
});
