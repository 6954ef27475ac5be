import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type TestCore, startTestCore } from '../../testing/harness.js';
import { until } from '../../testing/until.js';
import { tiltifyConnector } from './connector.js';
import { FAKE_CAMPAIGN_ID, FAKE_CLIENT, FakeTiltify, tiltifyDonation } from './testing/fake-tiltify.js';

const KEY = 'tiltify-webhook-signing-key';
let t: TestCore;
let fake: FakeTiltify;

async function setUp(options: { webhookSilenceMs?: number } = {}): Promise<string> {
  fake = await new FakeTiltify().start();
  t = await startTestCore({ connectors: [tiltifyConnector({ pollIntervalMs: 40, webhookSilenceMs: options.webhookSilenceMs ?? 600_000 })] });
  const created = await t.api('POST', '/api/sources', {
    kind: 'tiltify',
    name: 'Tiltify',
    campaign_id: FAKE_CAMPAIGN_ID,
    base_url: fake.url,
    ...FAKE_CLIENT,
    webhook_signing_key: KEY,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.doesNotMatch(JSON.stringify(created.body), /fake-secret|signing-key/);
  return created.body.id;
}

afterEach(async () => {
  await t.close();
  await fake.close();
});

const source = async (id: string) => (await t.api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === id);
const totals = async () => (await t.api('GET', '/api/totals')).body;
const count = (sql: string) => (t.core.db.prepare(sql).get() as { n: number }).n;


const at = (minute: number) => new Date(Date.parse('2026-11-23T12:00:00Z') + minute * 60_000).toISOString();

describe('Tiltify: webhooks and polling', () => {
  it('counts each donation once when webhooks and polling both bring it', async () => {
    const id = await setUp();
    const hook = `${t.core.url}/hooks/${id}`;
    const donations = [
      tiltifyDonation({ id: 'd-1', completed_at: at(0) }),
      tiltifyDonation({ id: 'd-2', completed_at: at(1), amount: { currency: 'USD', value: '10.00' } }),
      tiltifyDonation({ id: 'd-3', completed_at: at(2), amount: { currency: 'USD', value: '0.05' } }),
    ];
    const [first, second] = donations;
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', first)).status, 201);
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', second)).status, 201);
    for (const d of donations) fake.add(d);
    const view = await until('polling caught up', totals, (v) => v.donations === 3);
    // Webhooks and polls again: nothing more.
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', first)).status, 200);
    await new Promise((r) => setTimeout(r, 150));
    const after = await totals();
    assert.equal(after.donations, 3);
    assert.equal(after.by_currency[0].amount.value, '93.00');
    assert.equal(view.by_source.find((s: { source_id: string }) => s.source_id === id).donations, 3);
    assert.equal(count('SELECT count(*) AS n FROM events'), 3, 'a donation seen twice stores no second event');
    const listed = (await t.api('GET', '/api/donations')).body.donations;
    assert.deepEqual(listed.map((d: { external_id: string }) => d.external_id).sort(), ['d-1', 'd-2', 'd-3']);
    assert.equal(listed.find((d: { external_id: string }) => d.external_id === 'd-1').donor_name, 'Jirachi');
    assert.equal((await source(id)).status, 'connected');
  });

  it('corrects a donation with donation_updated and ends in the newest version whatever the order', async () => {
    const id = await setUp();
    const hook = `${t.core.url}/hooks/${id}`;
    const v1 = tiltifyDonation({ id: 'upd', completed_at: at(0), amount: { currency: 'USD', value: '5.00' } });
    const v2 = { ...v1, amount: { currency: 'USD', value: '50.00' }, donor_comment: 'fixed a typo' };
    const v3 = { ...v1, amount: { currency: 'USD', value: '25.00' }, donor_comment: 'final' };
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', v1, { generatedAt: at(1) })).status, 201);
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', v3, { generatedAt: at(3) })).status, 201);
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', v2, { generatedAt: at(2) })).status, 201);
    const view = await totals();
    assert.equal(view.donations, 1);
    assert.equal(view.by_currency[0].amount.value, '25.00');
    const [shown] = (await t.api('GET', '/api/donations')).body.donations;
    assert.equal(shown.amount.value, '25.00');
    assert.equal(shown.message, 'final');
    // The export shows the first version and each difference, adding up to what counts.
    const exported = (await t.api('GET', '/api/export/donations.json')).body;
    assert.deepEqual(
      exported.rows.map((r: { type: string; amount: { value: string }; links_to: string | null }) => [r.type, r.amount.value, r.links_to]),
      [['donation', '5.00', null], ['correction', '20.00', 'upd'], ['outdated_version', '0.00', 'upd']],
    );
    assert.equal(exported.raised.value, view.raised.value);
    // Polling sees the first version (its completed_at is older than every webhook): no change.
    fake.add(v1);
    await until('polled', async () => (await source(id)).status, (s) => s === 'connected');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal((await totals()).by_currency[0].amount.value, '25.00');
  });

  it('refuses forged, stale and malformed webhooks, stores nothing, and shows why on the source', async () => {
    const id = await setUp();
    const hook = `${t.core.url}/hooks/${id}`;
    const good = tiltifyDonation({ id: 'bad-1' });
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const cases: { name: string; send: () => Promise<{ status: number; body: any }>; status: number; reason: RegExp }[] = [
      { name: 'wrong key', send: () => fake.sendWebhook(hook, KEY, 'donation_updated', good, { signWith: 'other' }), status: 401, reason: /signature does not match/ },
      { name: 'stale timestamp (replay)', send: () => fake.sendWebhook(hook, KEY, 'donation_updated', good, { timestamp: old }), status: 401, reason: /10 minutes ago/ },
      { name: 'amount as a number', send: () => fake.sendWebhook(hook, KEY, 'donation_updated', { ...good, amount: { currency: 'USD', value: 82.95 } }), status: 422, reason: /decimal string.*the number 82.95/ },
      { name: 'unknown currency', send: () => fake.sendWebhook(hook, KEY, 'donation_updated', { ...good, amount: { currency: 'XYZ', value: '1.00' } }), status: 422, reason: /ISO 4217/ },
      { name: 'another campaign', send: () => fake.sendWebhook(hook, KEY, 'donation_updated', { ...good, campaign_id: 'someone-else' }), status: 422, reason: /not to this source/ },
      { name: 'malformed JSON', send: () => fake.sendWebhook(hook, KEY, 'donation_updated', good, { raw: '{"data":' }), status: 400, reason: /not valid JSON/ },
    ];
    for (const c of cases) {
      const answer = await c.send();
      assert.equal(answer.status, c.status, `${c.name}: ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.error.message, c.reason, c.name);
    }
    assert.equal(count('SELECT count(*) AS n FROM events'), 0);
    const view = await source(id);
    // Unsigned or stale requests are counted apart from the platform's genuine events.
    assert.equal(view.rejected, cases.length - 2);
    assert.equal(view.unverified_refusals.last_hour, 2);
    assert.match(view.last_error, /refused/);
    // A replay inside the window is a redelivery: answered, counted once.
    const signedAt = new Date().toISOString();
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', good, { timestamp: signedAt, generatedAt: at(5) })).status, 201);
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', good, { timestamp: signedAt, generatedAt: at(5) })).status, 200);
    assert.equal((await totals()).donations, 1);
  });

  it('catches up on an hour of donations after Tiltify was unreachable, showing the outage meanwhile', async () => {
    const id = await setUp();
    await until('first poll', async () => (await source(id)).status, (s) => s === 'connected');
    fake.down = true;
    const down = await until('outage shown', () => source(id), (s) => s.status === 'reconnecting');
    assert.match(down.last_error, /could not be reached.*catches up/);
    // 240 donations over the hour (more than two pages of 100), made while we could not see them.
    for (let i = 0; i < 240; i += 1) {
      fake.add(tiltifyDonation({ id: `outage-${i}`, completed_at: at(i / 4), amount: { currency: 'USD', value: '1.25' } }));
    }
    await new Promise((r) => setTimeout(r, 120));
    assert.equal((await totals()).donations, 0);
    fake.down = false;
    const view = await until('caught up', totals, (v) => v.donations === 240);
    assert.equal(view.by_currency[0].amount.value, '300.00');
    // The poll that caught up says so when it ends (after its last page is committed).
    await until('connected again', () => source(id), (s) => s.status === 'connected');
  });

  it('shows the platform total beside ours, so a mismatch is visible, and takes fact_updated', async () => {
    const id = await setUp();
    fake.add(tiltifyDonation({ id: 'r-1', amount: { currency: 'USD', value: '12340.00' } }));
    fake.reportedTotal = '12345.67';
    const view = await until('reconciled', () => source(id), (s) => s.platform_total?.counted.value === '12340.00');
    assert.deepEqual(view.platform_total.amount, { value: '12345.67', currency: 'USD' });
    // Tiltify's fact_updated brings a newer total between polls.
    fake.reportedTotal = null;
    const fact = { id: FAKE_CAMPAIGN_ID, amount_raised: { currency: 'USD', value: '12399.99' } };
    const answer = await fake.sendWebhook(`${t.core.url}/hooks/${id}`, KEY, 'fact_updated', fact, { generatedAt: new Date(Date.now() + 60_000).toISOString() });
    assert.equal(answer.status, 200);
    assert.equal((await source(id)).platform_total.amount.value, '12399.99');
  });

  it('warns when webhooks stop while polling finds donations, and clears when one arrives', async () => {
    const id = await setUp({ webhookSilenceMs: 0 });
    const hook = `${t.core.url}/hooks/${id}`;
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', tiltifyDonation({ id: 'w-1' }))).status, 201);
    fake.add(tiltifyDonation({ id: 'w-2', completed_at: at(1) }));
    const warned = await until('warning', () => source(id), (s) => typeof s.warning === 'string');
    assert.match(warned.warning, /No webhook from Tiltify .* polling found 1 new donation.*Polling keeps up/);
    await fake.sendWebhook(hook, KEY, 'donation_updated', tiltifyDonation({ id: 'w-3', completed_at: at(2) }));
    assert.equal((await source(id)).warning, null);
  });

  it('refuses a source without its campaign or client credentials', async () => {
    await setUp();
    const answer = await t.api('POST', '/api/sources', { kind: 'tiltify', name: 'T', campaign_id: FAKE_CAMPAIGN_ID });
    assert.equal(answer.status, 422);
    assert.match(answer.body.error.message, /client_id and client_secret are required/);
  });
});
