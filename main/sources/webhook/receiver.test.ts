import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { type TestCore, donationBody, startTestCore } from '../../testing/harness.js';

let t: TestCore;
let sourceId: string;
let secret: string;

before(async () => {
  t = await startTestCore();
  const created = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' });
  assert.equal(created.status, 201);
  sourceId = created.body.id;
  secret = created.body.secret;
  assert.match(secret, /^[A-Za-z0-9_-]{40,}$/);
});
after(() => t.close());

const storedEvents = () => (t.core.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
const source = async () => (await t.api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === sourceId);

describe('the generic signed webhook', () => {
  it('acknowledges a signed donation with 201 and a redelivery with 200, counting it once', async () => {
    const body = donationBody('form-1', '12.50');
    const first = await t.hook(sourceId, secret, body);
    assert.equal(first.status, 201);
    assert.equal(first.body.status, 'created');
    const again = await t.hook(sourceId, secret, body);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { status: 'duplicate', id: first.body.id });
    const totals = (await t.api('GET', '/api/totals')).body;
    assert.equal(totals.raised.value, '12.50');
    assert.equal(totals.donations, 1);
    const view = await source();
    assert.equal(view.events, 1);
    assert.equal(view.status, 'listening');
    assert.ok(view.last_event_at);
  });

  it('refuses bad requests with the right status, stores nothing, and counts each refusal', async () => {
    const before = storedEvents();
    const rejectedBefore = (await source()).rejected;
    const now = Math.floor(Date.now() / 1000);
    const cases: { name: string; send: () => Promise<{ status: number; body: any }>; status: number }[] = [
      { name: 'wrong secret', send: () => t.hook(sourceId, secret, donationBody('x1', '5'), { signWith: 'not-the-secret' }), status: 401 },
      {
        name: 'no signature',
        send: async () => {
          const r = await fetch(`${t.core.url}/hooks/${sourceId}`, { method: 'POST', body: JSON.stringify(donationBody('x2', '5')) });
          return { status: r.status, body: await r.json() };
        },
        status: 401,
      },
      { name: 'six minutes old', send: () => t.hook(sourceId, secret, donationBody('x3', '5'), { timestamp: now - 360 }), status: 401 },
      { name: 'six minutes ahead', send: () => t.hook(sourceId, secret, donationBody('x4', '5'), { timestamp: now + 360 }), status: 401 },
      { name: 'malformed JSON', send: () => t.hook(sourceId, secret, null, { raw: '{"id": "x5", ' }), status: 400 },
      { name: 'amount as a number', send: () => t.hook(sourceId, secret, { ...donationBody('x6', '5'), amount: { value: 5, currency: 'EUR' } }), status: 422 },
      { name: 'negative amount', send: () => t.hook(sourceId, secret, donationBody('x7', '-5')), status: 422 },
      { name: 'too many decimals', send: () => t.hook(sourceId, secret, donationBody('x8', '5.001')), status: 422 },
      { name: 'decimals in yen', send: () => t.hook(sourceId, secret, donationBody('x9', '500.5', 'JPY')), status: 422 },
      { name: 'unknown currency', send: () => t.hook(sourceId, secret, donationBody('x10', '5', 'XYZ')), status: 422 },
      { name: 'no id', send: () => t.hook(sourceId, secret, { ...donationBody('x11', '5'), id: undefined }), status: 422 },
      { name: 'unknown type', send: () => t.hook(sourceId, secret, { ...donationBody('x12', '5'), type: 'gift' }), status: 422 },
      { name: 'over 64 KB', send: () => t.hook(sourceId, secret, donationBody('x13', '5', 'EUR', { message: 'a'.repeat(70_000) })), status: 413 },
    ];
    for (const c of cases) {
      const answer = await c.send();
      assert.equal(answer.status, c.status, `${c.name}: got ${answer.status} ${JSON.stringify(answer.body)}`);
      assert.equal(typeof answer.body.error.code, 'string', c.name);
      assert.ok(answer.body.error.message.length > 10, c.name);
    }
    assert.equal(storedEvents(), before, 'a refused request stored something');
    const view = await source();
    // The five that did not prove their origin (signature, age, size) are counted apart;
    // the well-signed but unusable ones are the source's own refusals.
    assert.equal(view.unverified_refusals.last_hour, 5);
    assert.equal(view.rejected, rejectedBefore + cases.length - 5);
    assert.equal(view.status, 'failing');
    assert.match(view.last_error, /refused/);
  });

  it('answers 404 for an unknown source without touching the others', async () => {
    const answer = await t.hook('webhook-nope', secret, donationBody('y1', '5'));
    assert.equal(answer.status, 404);
  });

  it('explains a signature mismatch in words a streamer can act on', async () => {
    const answer = await t.hook(sourceId, secret, donationBody('y2', '5'), { signWith: 'old-secret' });
    assert.match(answer.body.error.message, /signature does not match: check the secret/);
  });

  it('answers 503 when the disk is full, shows it, keeps running, and takes the retry', async () => {
    const db = t.core.db;
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.pragma(`max_page_count = ${pages}`);
    let answer: { status: number; body: any } = { status: 0, body: null };
    // Fill the last free pages with donations until one cannot fit.
    for (let i = 0; i < 50 && answer.status !== 503; i += 1) {
      answer = await t.hook(sourceId, secret, donationBody(`full-${i}`, '1', 'EUR', { message: 'x'.repeat(1500) }));
    }
    assert.equal(answer.status, 503, JSON.stringify(answer.body));
    assert.match(answer.body.error.message, /disk is full/);
    const health = (await t.api('GET', '/api/health')).body;
    assert.equal(health.ok, false);
    // Among the problems (a loaded machine may also report the event loop's delays).
    assert.ok((health.problems as { message: string }[]).some((p) => /disk is full/.test(p.message)), JSON.stringify(health.problems));
    assert.equal((await source()).status, 'failing');

    db.pragma('max_page_count = 1073741823');
    const retry = await t.hook(sourceId, secret, donationBody('full-retry', '1'));
    assert.equal(retry.status, 201);
    // The storage problem is gone (a loaded machine may still report the event loop as busy).
    const after = (await t.api('GET', '/api/health')).body.problems as { code: string }[];
    assert.deepEqual(after.filter((p) => p.code !== 'busy'), []);
  });

  it('answers 503 while another program holds the database lock, then recovers', async () => {
    const other = new Database(t.core.databaseFile);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const answer = await t.hook(sourceId, secret, donationBody('locked-1', '3'));
      assert.equal(answer.status, 503);
      assert.match(answer.body.error.message, /locked by another program/);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    const retry = await t.hook(sourceId, secret, donationBody('locked-1', '3'));
    assert.equal(retry.status, 201);
  });
});
