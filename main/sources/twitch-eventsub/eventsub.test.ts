import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TestCore } from '../../testing/harness.js';
import { platformSourceTests } from '../../testing/platform-source.js';
import { fixtureText } from '../../testing/fixtures.js';
import { until } from '../../testing/until.js';
import { twitchCharityConnector } from './connector.js';
import { readCharityAmount } from './payload.js';
import { FAKE_BROADCASTER, FAKE_TWITCH_CLIENT, FAKE_TWITCH_TOKEN, FakeEventSub, charityDonation, charityProgress } from './testing/fake-eventsub.js';

const { logged, log, start, add, source, totals, inCurrency } = platformSourceTests<FakeEventSub>();
let t: TestCore;
let fake: FakeEventSub;
const DONATE = 'channel.charity_campaign.donate';
const PROGRESS = 'channel.charity_campaign.progress';

async function setUp(token = FAKE_TWITCH_TOKEN, channel = FAKE_BROADCASTER.login, revalidateMs = 60_000): Promise<string> {
  fake = await new FakeEventSub().start();
  t = await start(fake, twitchCharityConnector({ backoffMs: 50, keepaliveSlackMs: 200, revalidateMs, log }));
  return add({ kind: 'twitch-charity', name: 'Twitch Charity', channel, oauth_token: token, server: fake.wsUrl, api_url: fake.url, auth_url: fake.url }, token);
}

const usd = (view: Parameters<typeof inCurrency>[0]) => inCurrency(view, 'USD');
const json = (name: string) => JSON.parse(fixtureText('twitch-eventsub', name)) as Record<string, unknown> & { transport: Record<string, unknown> };

describe('Twitch Charity over EventSub', () => {
  it('on session_welcome creates the donate and progress subscriptions with the documented bodies and headers', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    assert.equal(fake.subscriptionRequests.length, 2);
    const sessionId = fake.subscriptionRequests[0]?.body.transport as { session_id: string };
    for (const [i, name] of ['create-subscription-request-charity-donate.json', 'create-subscription-request-charity-progress.json'].entries()) {
      const expected = json(name);
      const sent = fake.subscriptionRequests[i];
      assert.deepEqual(sent?.body, { ...expected, transport: { ...expected.transport, session_id: sessionId.session_id } });
      assert.equal(sent?.clientId, FAKE_TWITCH_CLIENT, 'Client-Id is the one the token was made for');
      assert.equal(sent?.authorization, `Bearer ${FAKE_TWITCH_TOKEN}`);
    }
    assert.deepEqual(fake.subscribedTypes(), [DONATE, PROGRESS]);
  });

  it('counts a charity donation exactly, once when Twitch delivers it again, and shows the campaign total beside ours', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    const messageId = fake.notify(DONATE, charityDonation());
    fake.notify(DONATE, charityDonation(), messageId); // the same message again
    fake.notify(DONATE, charityDonation()); // the same donation under a new message id
    fake.notify(DONATE, charityDonation({ id: 'kwd-1', amount: { value: 10000, decimal_places: 3, currency: 'KWD' } }));
    fake.notify(DONATE, charityDonation({ id: 'jpy-1', amount: { value: 500, decimal_places: 0, currency: 'JPY' } }));
    fake.notify(DONATE, charityDonation({ id: 'usd-1', amount: { value: 100000, decimal_places: 4, currency: 'USD' } }));
    const view = await until('four donations', totals, (v) => v.donations === 4);
    assert.equal(usd(view), '22.50', '12.50 + 10.0000 at four decimals');
    assert.equal(inCurrency(view, 'KWD'), '10.000');
    assert.equal(inCurrency(view, 'JPY'), '500');
    const listed = (await t.api('GET', '/api/donations')).body.donations;
    const first = listed.find((d: { external_id: string }) => d.external_id === 'd41c2e7a-0b9f-4c35-a8e6-2f1b7c9d0e34');
    assert.equal(first.donor_name, 'TidepoolKate');
    assert.deepEqual(first.amount, { value: '12.50', currency: 'USD' });

    fake.notify(PROGRESS, charityProgress(487250));
    const s = await until('platform total shown', () => source(id), (v) => v.platform_total?.amount.value === '4872.50');
    assert.deepEqual(s.platform_total.amount, { value: '4872.50', currency: 'USD' });
    assert.deepEqual(s.platform_total.counted, { value: '22.50', currency: 'USD' }, 'we count only what reached us');
  });

  it('connects afresh when no message comes within keepalive_timeout_seconds, and subscribes on the new session', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    const firstSession = (fake.subscriptionRequests[0]?.body.transport as { session_id: string }).session_id;
    fake.silent = true;
    await until('reconnecting shown', () => source(id), (s) => s.status === 'reconnecting', 400);
    assert.match((await source(id)).last_error, /no message from Twitch within the 1 s keepalive/);
    fake.silent = false;
    await until('connected again', () => source(id), (s) => s.status === 'connected', 400);
    assert.equal(fake.connections, 2);
    assert.equal(fake.subscriptionRequests.length, 4, 'both subscriptions made again on the new session');
    assert.notEqual((fake.subscriptionRequests[2]?.body.transport as { session_id: string }).session_id, firstSession);
    fake.notify(DONATE, charityDonation());
    await until('donation on the new session', totals, (v) => v.donations === 1);
  });

  it('moves to the reconnect_url on session_reconnect without losing or doubling donations', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    let handedOver = false;
    let redelivered = '';
    fake.onWelcome = (_session, handOver) => {
      if (!handOver) return;
      handedOver = true;
      // Twitch may repeat on the new connection what the old one carried.
      fake.notify(DONATE, charityDonation({ id: 'before-move' }), redelivered);
      fake.notify(DONATE, charityDonation({ id: 'after-move' }));
    };
    fake.askReconnect();
    // Sent while the client is still on the old connection: it must not be lost.
    redelivered = fake.notify(DONATE, charityDonation({ id: 'before-move' }));
    const view = await until('both donations', totals, (v) => v.donations === 2);
    assert.ok(handedOver);
    assert.equal(usd(view), '25.00');
    await until('old connection closed', () => Promise.resolve(fake.live), (n) => n === 1);
    assert.equal(fake.subscriptionRequests.length, 2, 'subscriptions carry over: none made again');
    assert.equal((await source(id)).status, 'connected');
    assert.ok(logged.some((l) => /moved to a new connection/.test(l)), logged.join('\n'));
    const events = t.core.db.prepare('SELECT count(*) AS n FROM events WHERE source_id = ?').get(id) as { n: number };
    assert.equal(events.n, 2);
  });

  it('shows a revocation in words and does not subscribe again in a loop', async () => {
    const id = await setUp();
    await until('connected', () => source(id), (s) => s.status === 'connected');
    fake.revoke(PROGRESS);
    const warned = await until('warning shown', () => source(id), (s) => s.warning !== null);
    assert.match(warned.warning, /Twitch stopped sending the campaign's running total \(authorization_revoked: the token was revoked/);
    assert.equal(warned.status, 'connected', 'donations still arrive');
    fake.revoke(DONATE);
    const failing = await until('failing shown', () => source(id), (s) => s.status === 'failing');
    assert.match(failing.last_error, /Twitch stopped sending charity donations \(authorization_revoked: .*\)\. Make a new token with the channel:read:charity scope, and paste it with Replace credentials on this source\./);
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(fake.subscriptionRequests.length, 2, 'no subscription made again');
    assert.equal(fake.connections, 1, 'no reconnect loop');
  });

  it('shows a refused token and a token without the charity scope in words, without the token', async () => {
    const wrong = 'wrongtoken0123456789abcdefghij';
    const id = await setUp(wrong);
    const failing = await until('failing shown', () => source(id), (s) => s.status === 'failing');
    assert.match(failing.last_error, /^Twitch refused the token: it is invalid or has expired\. Make a new user token for your channel with the channel:read:charity scope/);
    assert.equal(fake.connections, 0);
    const everything = JSON.stringify((await t.api('GET', '/api/sources')).body) + logged.join('\n');
    assert.doesNotMatch(everything, new RegExp(wrong));
    assert.doesNotMatch(readFileSync(join(t.dir, 'telethon.sqlite')).toString('latin1'), new RegExp(wrong));

    fake.scopes = ['chat:read'];
    const second = await t.api('POST', '/api/sources', { kind: 'twitch-charity', name: 'No scope', channel: FAKE_BROADCASTER.login, oauth_token: FAKE_TWITCH_TOKEN, server: fake.wsUrl, api_url: fake.url, auth_url: fake.url });
    const noScope = await until('scope failure shown', () => source(second.body.id), (s) => s.status === 'failing');
    assert.match(noScope.last_error, /it lacks the channel:read:charity scope/);
  });

  it('checks the token again while connected and shows it in words once Twitch refuses it', async () => {
    const id = await setUp(FAKE_TWITCH_TOKEN, FAKE_BROADCASTER.login, 200);
    await until('connected', () => source(id), (s) => s.status === 'connected');
    fake.tokenValid = false;
    const failing = await until('failing shown', () => source(id), (s) => s.status === 'failing');
    assert.match(failing.last_error, /^Twitch refused the token: it is invalid or has expired/);
    await until('session closed', () => Promise.resolve(fake.live), (n) => n === 0);
  });

  it('reads Twitch amounts exactly at any decimal places', () => {
    assert.deepEqual(readCharityAmount({ value: 1250, decimal_places: 2, currency: 'USD' }), { ok: true, value: { minor: 1250, currency: 'USD' } });
    assert.deepEqual(readCharityAmount({ value: 5, decimal_places: 0, currency: 'USD' }), { ok: true, value: { minor: 500, currency: 'USD' } });
    assert.deepEqual(readCharityAmount({ value: 50000, decimal_places: 2, currency: 'JPY' }), { ok: true, value: { minor: 500, currency: 'JPY' } });
    assert.equal(readCharityAmount({ value: 50050, decimal_places: 2, currency: 'JPY' }).ok, false, '500.50 JPY is not a yen amount');
    assert.equal(readCharityAmount({ value: 0, decimal_places: 2, currency: 'USD' }).ok, false);
    assert.deepEqual(readCharityAmount({ value: 0, decimal_places: 2, currency: 'USD' }, true), { ok: true, value: { minor: 0, currency: 'USD' } });
  });
});
