import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decimalOfJsonNumber, platformMoneyOf } from '../../../shared/platform-amounts.js';
import type { TestCore } from '../../testing/harness.js';
import { platformSourceTests } from '../../testing/platform-source.js';
import { until } from '../../testing/until.js';
import { streamElementsConnector } from './connector.js';
import { readAstroTip } from './payload.js';
import { FAKE_SE_CHANNEL, FAKE_SE_JWT, FakeAstro, astroTip } from './testing/fake-astro.js';

const { logged, log, start, add, source, totals, inCurrency } = platformSourceTests<FakeAstro>();
let t: TestCore;
let fake: FakeAstro;

async function setUp(jwt = FAKE_SE_JWT, extra: Record<string, unknown> = {}): Promise<string> {
  fake = await new FakeAstro().start();
  t = await start(fake, streamElementsConnector({ backoffMs: 50, log }));
  return add({ kind: 'streamelements', name: 'StreamElements', jwt, base_url: fake.url, ...extra }, jwt);
}

describe('StreamElements: tips over the Astro gateway', () => {
  it('subscribes to channel.tips with the JWT and counts tips exactly, including a currency without decimals', async () => {
    const id = await setUp(FAKE_SE_JWT, { channel_id: FAKE_SE_CHANNEL });
    await until('connected', () => source(id), (s) => s.status === 'connected');
    assert.deepEqual(fake.subscribeRequests[0], { topic: 'channel.tips', room: FAKE_SE_CHANNEL, token: FAKE_SE_JWT, token_type: 'jwt' });

    fake.send(astroTip());
    fake.send(astroTip({ _id: 'tip-jpy', donation: { amount: 1500, currency: 'JPY' } }));
    fake.send(astroTip({ _id: 'tip-12.3', donation: { amount: 12.3, currency: 'USD' } }));
    fake.send(astroTip({ _id: 'tip-kwd', donation: { amount: 1.25, currency: 'KWD' } }));
    const view = await until('four tips counted', totals, (v) => v.donations === 4);
    assert.equal(inCurrency(view, 'USD'), '24.80', '12.50 + 12.30, never 24.799999…');
    assert.equal(inCurrency(view, 'JPY'), '1500');
    assert.equal(inCurrency(view, 'KWD'), '1.250');
    const listed = (await t.api('GET', '/api/donations')).body.donations;
    const first = listed.find((d: { external_id: string }) => d.external_id === '67cc8a3f91b2d40e5f6a7b8c');
    assert.equal(first.donor_name, 'ava_donates');
    assert.equal(first.message, "Keep going, you're almost there!");
    assert.deepEqual(first.amount, { value: '12.50', currency: 'USD' });
    const stored = t.core.db.prepare('SELECT payload FROM events WHERE source_id = ?').all(id) as { payload: string }[];
    assert.ok(stored.every((row) => !row.payload.includes('@example.com')), "the donor's e-mail is not kept");
  });

  it('counts a tip once when StreamElements delivers it again after a reconnect (graceful or a cut)', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    assert.equal(fake.subscribeRequests[0]?.room, undefined, 'without a channel id, StreamElements finds the channel from the JWT');
    fake.send(astroTip());
    await until('first tip', totals, (v) => v.donations === 1);

    // A graceful shutdown: reconnect with the token, the subscription is restored (no new subscribe).
    fake.sendReconnect();
    await until('resumed', () => Promise.resolve(fake.subscribed), (n) => n === 1);
    assert.equal(fake.subscribeRequests.length, 1);
    fake.send(astroTip({ _id: 'after-handover', donation: { amount: 5 } }));
    await until('tip after the hand-over', totals, (v) => v.donations === 2);

    // A cut: the client comes back with backoff, subscribes again, and the platform replays both tips.
    fake.dropAll();
    await until('subscribed again', () => Promise.resolve(fake.subscribeRequests.length), (n) => n === 2);
    await until('connected again', () => source(id), (s) => s.status === 'connected');
    fake.send(astroTip({ _id: 'third', donation: { amount: '2.5' } }));
    const view = await until('third tip', totals, (v) => v.donations === 3);
    assert.equal(inCurrency(view, 'USD'), '20.00');
    const events = t.core.db.prepare('SELECT count(*) AS n FROM events WHERE source_id = ?').get(id) as { n: number };
    assert.equal(events.n, 3, 'replayed tips store no second event');
  });

  it('shows a refused JWT on the source in words, without the JWT, and does not hammer StreamElements', async () => {
    const wrong = 'eyJhbGciOiJIUzI1NiJ9.eyJ3cm9uZyI6dHJ1ZX0.d3Jvbmctc2lnbmF0dXJl';
    const id = await setUp(wrong);
    const failing = await until('failing shown', () => source(id), (s) => s.status === 'failing');
    assert.equal(
      failing.last_error,
      'StreamElements refused the JWT: invalid token (err_unauthorized). Copy a new one from StreamElements → your avatar → Channel settings → API → Show secrets → JWT Token and paste it with Replace credentials on this source.',
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(fake.connections, 1, 'a refused JWT is not tried again and again');
    const everything = JSON.stringify((await t.api('GET', '/api/sources')).body) + logged.join('\n');
    assert.doesNotMatch(everything, new RegExp(wrong.slice(-20)));
    assert.doesNotMatch(readFileSync(join(t.dir, 'telethon.sqlite')).toString('latin1'), new RegExp(wrong.slice(-20)), 'the JWT is not in the database');
  });

  it('refuses malformed tips visibly, leaves pending ones uncounted, and keeps running', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    fake.send({ ...astroTip(), data: 'not a tip' } as never);
    fake.send(astroTip({ _id: 'three-decimals', donation: { amount: 1.005 } }));
    fake.send(astroTip({ _id: 'bad-currency', donation: { currency: 'XX1' } }));
    fake.send(astroTip({ _id: 'pending', status: 'pending' }));
    fake.send(astroTip({ _id: 'good', donation: { amount: 3 } }));
    const view = await until('good one counted', totals, (v) => v.donations === 1);
    assert.equal(inCurrency(view, 'USD'), '3.00');
    const s = await until('rejections counted', () => source(id), (v) => v.rejected === 3);
    assert.equal(s.status, 'connected');
    assert.match(s.last_error, /tip bad-currency: the currency must be an ISO 4217 code/);
    assert.ok(logged.some((l) => /tip three-decimals: the amount "1.005" has more than 2 decimal places in USD/.test(l)), logged.join('\n'));
    assert.ok(logged.some((l) => /status "pending" is not counted/.test(l)), logged.join('\n'));
  });

  it('reads JSON numbers through their shortest decimal, never float arithmetic', () => {
    assert.deepEqual(decimalOfJsonNumber(12.3), { ok: true, value: '12.3' });
    assert.deepEqual(platformMoneyOf(0.1 + 0.2, 'USD').ok, false, '0.30000000000000004 is not an amount anyone typed');
    assert.deepEqual(platformMoneyOf(19.99, 'EUR'), { ok: true, value: { minor: 1999, currency: 'EUR' } });
    assert.deepEqual(platformMoneyOf(500, 'JPY'), { ok: true, value: { minor: 500, currency: 'JPY' } });
    assert.deepEqual(platformMoneyOf('1000.00', 'JPY'), { ok: true, value: { minor: 1000, currency: 'JPY' } });
    assert.equal(platformMoneyOf(1e21, 'USD').ok, false);
    assert.equal(platformMoneyOf(-5, 'USD').ok, false);
    assert.equal(platformMoneyOf(0, 'USD').ok, false);
    const tip = readAstroTip(astroTip({ donation: { amount: 1234567.89 } }).data, 'se', Date.now());
    assert.equal(tip.type === 'tip' && tip.donation.amount.minor, 123456789);
  });
});
