import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WEBHOOK_MAX_BODY_BYTES } from '../../shared/contract.js';
import { TEST_TOKEN, type TestCore, startTestCore } from '../testing/harness.js';

let t: TestCore;
let hookId: string;
let secret: string;
before(async () => {
  t = await startTestCore();
  const created = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Bank bridge' });
  hookId = created.body.id;
  secret = created.body.secret;
});
after(() => t.close());

const auditCount = () => (t.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

/** One raw HTTP exchange on its own socket: what a sender that does not use fetch sees. */
function rawExchange(head: string, body: Buffer | null, options: { waitForAnswerBeforeBody?: boolean } = {}): Promise<{ text: string; closed: boolean }> {
  const port = Number(new URL(t.core.url).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let bodySent = false;
    const sendBody = () => {
      if (bodySent || !body) return;
      bodySent = true;
      socket.write(body);
    };
    socket.on('connect', () => {
      socket.write(head);
      if (!options.waitForAnswerBeforeBody) sendBody();
    });
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      // A sender using Expect waits for 100 Continue before it sends the body.
      if (options.waitForAnswerBeforeBody && text.startsWith('HTTP/1.1 100')) sendBody();
      if (/\r\n\r\n\{.*\}$/s.test(text)) {
        socket.end();
      }
    });
    socket.on('error', (error) => (text ? resolve({ text, closed: true }) : reject(error)));
    socket.on('close', () => resolve({ text, closed: true }));
    setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, 10_000).unref();
  });
}

describe('strict input at every door', () => {
  it('answers malformed percent-encoding in a path with a 400 JSON error, not a 500', async () => {
    for (const [method, path] of [['POST', '/hooks/%E0%A4%A'], ['PUT', '/api/targets/%E0%A4%A'], ['GET', '/api/targets/%E0%A4%A/responses']] as const) {
      const response = await fetch(`${t.core.url}${path}`, { method, headers: { authorization: `Bearer ${TEST_TOKEN}` } });
      assert.equal(response.status, 400, path);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'bad_path', path);
      assert.doesNotMatch(body.error.message, /at .*\.ts|URIError/, 'no stack trace');
    }
  });

  it('refuses a validly signed webhook nesting thousands of arrays with 400', async () => {
    const raw = `{"id":"deep-1","type":"donation","amount":{"value":"1","currency":"EUR"},"extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const answer = await t.hook(hookId, secret, null, { raw });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'too_deep');
    const api = await t.api('POST', '/api/donations', `{"amount":{"value":"1","currency":"EUR"},"message":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    assert.equal(api.status, 400);
    assert.equal(api.body.error.code, 'too_deep');
    assert.equal((await t.api('GET', '/api/totals')).body.donations, 0);
  });

  it('answers an oversized upload that asks "Expect: 100-continue" with 413, not 100 Continue', async () => {
    const size = 10 * 1024 * 1024;
    const port = new URL(t.core.url).port;
    const head = `POST /hooks/${hookId} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\nExpect: 100-continue\r\n\r\n`;
    const answer = await rawExchange(head, Buffer.alloc(size, 0x20), { waitForAnswerBeforeBody: true });
    assert.match(answer.text, /^HTTP\/1\.1 413 /, answer.text.slice(0, 80));
    assert.match(answer.text, /"code":"body_too_large"/);
  });

  it('lets a sender without Expect read its 413 before the connection closes', async () => {
    const size = 10 * 1024 * 1024;
    const port = new URL(t.core.url).port;
    const head = `POST /api/donations HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`;
    const answer = await rawExchange(head, Buffer.alloc(size, 0x20));
    assert.match(answer.text, /^HTTP\/1\.1 413 /, answer.text.slice(0, 80));
    assert.match(answer.text, /"code":"body_too_large"/);
    // The same over the webhook limit, sent without a declared length (chunked).
    const hookHead = `POST /hooks/${hookId} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = Buffer.alloc(WEBHOOK_MAX_BODY_BYTES * 4, 0x20);
    const chunked = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n0\r\n\r\n')]);
    const hookAnswer = await rawExchange(hookHead, chunked);
    assert.match(hookAnswer.text, /^HTTP\/1\.1 413 /, hookAnswer.text.slice(0, 80));
    assert.equal((await t.api('GET', '/api/health')).status, 200, 'the server still answers');
  });

  it('refuses screening settings and next that are not objects, and writes no audit entry', async () => {
    const before = auditCount();
    for (const body of ['null', '[]', '"str"', '42', '{}']) {
      const settings = await t.api('PUT', '/api/screening/settings', body);
      assert.equal(settings.status, 422, `settings ${body}`);
      assert.ok(settings.body.error.message.length > 0);
    }
    for (const body of ['null', '[]', '"str"', '{"stage":7}', '{"stage":"pending","extra":1}']) {
      assert.equal((await t.api('POST', '/api/screening/next', body)).status, 422, `next ${body}`);
    }
    assert.equal(auditCount(), before);
  });

  it('refuses control characters in one-line text with 422 naming the field', async () => {
    const nul = await t.api('POST', '/api/targets', { name: 'Brand\u0000', hashtags: ['BrandHelp'], ask: '' });
    assert.equal(nul.status, 422);
    assert.match(nul.body.error.message, /^name .*control character/);
    const escape = await t.api('POST', '/api/invites', { role: 'viewer', name: 'Vic\u001b[31m' });
    assert.equal(escape.status, 422);
    assert.match(escape.body.error.message, /^name /);
    const label = await t.api('PUT', '/api/campaign', {
      title: 'Water', currency: 'EUR', goal: { value: '100', currency: 'EUR' }, starts_at: '2026-11-23T08:00:00Z',
      milestones: [{ amount: { value: '10', currency: 'EUR' }, label: 'A\u0007pump' }],
    });
    assert.equal(label.status, 422);
    assert.match(label.body.error.message, /^milestones\[0\]\.label /);
    // A message may hold line breaks and tabs, nothing else.
    const message = await t.api('POST', '/api/donations', { amount: { value: '1', currency: 'EUR' }, message: 'line one\n\tline two' });
    assert.equal(message.status, 201);
    const bell = await t.api('POST', '/api/donations', { amount: { value: '1', currency: 'EUR' }, message: 'ding\u0007' });
    assert.equal(bell.status, 422);
    assert.match(bell.body.error.message, /^message /);
  });

  it('refuses a signed webhook whose donor name holds a control character, naming the field', async () => {
    const answer = await t.hook(hookId, secret, { id: 'ctl-1', type: 'donation', amount: { value: '1', currency: 'EUR' }, donor: { name: 'Ada\u0000' } });
    assert.equal(answer.status, 422);
    assert.match(answer.body.error.message, /donor\.name must not contain a control character \(U\+0000\)/);
    const extra = await t.hook(hookId, secret, { id: 'ctl-2', type: 'donation', amount: { value: '1', currency: 'EUR' }, bridge: { row: 7 } });
    assert.equal(extra.status, 201, "fields the webhook does not know are ignored: they are other people's tools");
  });

  it('refuses wrong JSON types anywhere with 4xx', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/api/donations', { amount: { value: 12.5, currency: 'EUR' } }],
      ['POST', '/api/donations', { amount: ['12.50', 'EUR'] }],
      ['POST', '/api/donations', { amount: { value: '1', currency: 'EUR' }, donor: 'Ada' }],
      ['POST', '/api/targets', { name: ['Brand'], hashtags: ['BrandHelp'] }],
      ['POST', '/api/targets', { name: 'Brand', hashtags: 'BrandHelp' }],
      ['PUT', '/api/rates', { rates: { USD: '0.9' } }],
      ['PUT', '/api/network', { enabled: 'true' }],
      ['POST', '/api/invites', { role: 'viewer', name: 7 }],
      ['PUT', '/api/campaign', []],
      ['POST', '/api/sources', { kind: 'webhook', name: { first: 'x' } }],
    ];
    for (const [method, path, body] of cases) {
      const answer = await t.api(method, path, body);
      assert.equal(answer.status, 422, `${method} ${path} ${JSON.stringify(body)}`);
      assert.equal(typeof answer.body.error.message, 'string');
    }
    const badQuery = await t.api('GET', '/api/donations?limit=ten');
    assert.equal(badQuery.status, 400);
    assert.match(badQuery.body.error.message, /^limit /);
    assert.equal((await t.api('GET', '/api/donations?limit=5&limit=6')).status, 400);
    assert.equal((await t.api('GET', '/api/donations?limt=5')).status, 400);
  });
});
