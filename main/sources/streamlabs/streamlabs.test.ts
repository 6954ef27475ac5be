import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { type TestCore, startTestCore } from '../../testing/harness.js';
import { until } from '../../testing/until.js';
import { streamlabsConnector } from './connector.js';
import { readStreamlabsAmount } from './payload.js';
import { FAKE_SOCKET_TOKEN, FakeStreamlabs, streamlabsEvent } from './testing/fake-streamlabs.js';

let t: TestCore;
let fake: FakeStreamlabs;
const logged: string[] = [];

async function setUp(token = FAKE_SOCKET_TOKEN): Promise<string> {
  fake = await new FakeStreamlabs().start();
  t = await startTestCore({ connectors: [streamlabsConnector({ backoffMs: 50, refusedRetryMs: 60_000, log: (l) => logged.push(l) })] });
  const created = await t.api('POST', '/api/sources', { kind: 'streamlabs', name: 'Streamlabs', socket_token: token, base_url: fake.url });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.doesNotMatch(JSON.stringify(created.body), new RegExp(token));
  return created.body.id;
}

afterEach(async () => {
  await t?.close();
  await fake?.stop();
  logged.length = 0;
});

const source = async (id: string) => (await t.api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === id);
const totals = async () => (await t.api('GET', '/api/totals')).body;


describe('Streamlabs: the Socket API', () => {
  it('counts the fixture donation exactly, once even when it is replayed after a reconnect', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    fake.send(streamlabsEvent());
    const view = await until('donation counted', totals, (v) => v.donations === 1);
    const usd = view.by_currency.find((c: { currency: string }) => c.currency === 'USD');
    assert.equal(usd.amount.value, '13.37');
    const listed = (await t.api('GET', '/api/donations')).body.donations;
    assert.equal(listed[0].external_id, '0820c9d5bafd768c9843f5e35c885e71');
    assert.equal(listed[0].donor_name, 'test');
    assert.equal(listed[0].message, 'test donation');

    fake.send(streamlabsEvent());
    // The platform restarts; the client comes back by itself and Streamlabs replays the donation.
    await fake.stop();
    await until('reconnecting shown', () => source(id), (s) => s.status === 'reconnecting');
    await fake.start();
    await until('connected again', () => source(id), (s) => s.status === 'connected' && fake.connected === 1);
    fake.send(streamlabsEvent());
    fake.send(streamlabsEvent({ _id: 'second-donation', amount: '5.00' }));
    const after = await until('second donation counted', totals, (v) => v.donations === 2);
    assert.equal(after.by_currency.find((c: { currency: string }) => c.currency === 'USD').amount.value, '18.37');
    const events = t.core.db.prepare("SELECT count(*) AS n FROM events WHERE source_id = ?").get(id) as { n: number };
    assert.equal(events.n, 2, 'a replayed donation stores no second event');
  });

  it('shows a refused token as failing, in words, without the token', async () => {
    const wrong = 'wrong-token-abcdefghijklmnop';
    const id = await setUp(wrong);
    const failing = await until('failing shown', () => source(id), (s) => s.status === 'failing');
    assert.match(failing.last_error, /refused the socket token/);
    assert.equal(fake.connections, 0);
    const everything = JSON.stringify((await t.api('GET', '/api/sources')).body) + logged.join('\n');
    assert.doesNotMatch(everything, new RegExp(wrong));
    assert.doesNotMatch(readFileSync(join(t.dir, 'telethon.sqlite')).toString('latin1'), new RegExp(wrong), 'the token is not in the database');
  });

  it('refuses malformed donations visibly, keeps the good ones, and keeps running', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    fake.send('not an object');
    fake.send({ type: 'donation', message: [{ _id: 'no-amount', currency: 'USD' }] });
    fake.send(streamlabsEvent({ _id: 'float', amount: 10.1, formatted_amount: '$10.15' }));
    fake.send(streamlabsEvent({ _id: 'bad-currency', currency: 'XYZ1' }));
    fake.send({ type: 'follow', message: [{ name: 'someone' }] });
    fake.send(streamlabsEvent({ _id: 'good', amount: '2.50' }));
    const view = await until('good one counted', totals, (v) => v.donations === 1);
    assert.equal(view.raised.currency, 'EUR');
    const s = await until('rejections counted', () => source(id), (v) => v.rejected === 4);
    assert.equal(s.status, 'connected');
    assert.match(s.last_error, /refused/);
    assert.ok(logged.some((l) => /not a JSON object/.test(l)));
    assert.ok(logged.some((l) => /number 10\.1.*does not confirm/.test(l)), logged.join('\n'));
  });

  it('reads amounts exactly: strings, confirmed numbers, zero- and three-decimal currencies', () => {
    assert.deepEqual(readStreamlabsAmount('13.37', 'USD', '$13.37'), { ok: true, value: { minor: 1337, currency: 'USD' } });
    assert.deepEqual(readStreamlabsAmount('1000.00', 'JPY', '¥1,000'), { ok: true, value: { minor: 1000, currency: 'JPY' } });
    assert.deepEqual(readStreamlabsAmount('1.250', 'KWD', null), { ok: true, value: { minor: 1250, currency: 'KWD' } });
    assert.deepEqual(readStreamlabsAmount(13.37, 'EUR', '13,37 €'), { ok: true, value: { minor: 1337, currency: 'EUR' } });
    assert.deepEqual(readStreamlabsAmount(1234.5, 'USD', '$1,234.50'), { ok: true, value: { minor: 123450, currency: 'USD' } });
    assert.equal(readStreamlabsAmount(0.1 + 0.2, 'USD', '$0.30').ok, false);
    assert.equal(readStreamlabsAmount(13.37, 'USD', undefined).ok, false);
    assert.equal(readStreamlabsAmount('13.371', 'USD', null).ok, false);
    assert.equal(readStreamlabsAmount('-5', 'USD', null).ok, false);
    assert.equal(readStreamlabsAmount('0', 'USD', null).ok, false);
  });
});
