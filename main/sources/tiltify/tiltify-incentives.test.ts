// Tiltify's polls, targets and rewards linked to our bid wars and incentives: totals from the
// donations that picked them, exact to the cent, against a local fake Tiltify (real HTTP, real SQLite).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { EXAMPLE_CAMPAIGN, type TestCore, startTestCore } from '../../testing/harness.js';
import { until } from '../../testing/until.js';
import { tiltifyConnector } from './connector.js';
import { FAKE_CAMPAIGN_ID, FAKE_CLIENT, FakeTiltify, tiltifyDonation, tiltifyPoll, tiltifyReward, tiltifyTarget } from './testing/fake-tiltify.js';

const KEY = 'tiltify-webhook-signing-key';
const POLL = '11111111-1111-4111-8111-111111111111';
const OPT_A = '11111111-1111-4111-8111-1111111111a1';
const OPT_B = '11111111-1111-4111-8111-1111111111b1';
const TARGET = '22222222-2222-4222-8222-222222222222';
const REWARD = '33333333-3333-4333-8333-333333333333';
const HOSTILE = '<img src=x onerror=alert(1)>Save';

let t: TestCore;
let fake: FakeTiltify;

async function setUp(): Promise<string> {
  fake = await new FakeTiltify().start();
  fake.pageLimit = 1; // every list comes one item a page: the reader must follow the cursors
  fake.polls.push(tiltifyPoll(POLL, 'Which game next?', [{ id: OPT_A, name: 'Hades', raised: '60.00' }, { id: OPT_B, name: HOSTILE, raised: '30.00' }], '90.00'));
  fake.targets.push(tiltifyTarget(TARGET, 'Blindfold run', '250.00', '100.10'));
  fake.rewards.push(tiltifyReward(REWARD, 'Signed poster', '25.00'));
  t = await startTestCore({ withCampaign: false, connectors: [tiltifyConnector({ pollIntervalMs: 40, webhookSilenceMs: 600_000 })] });
  const campaign = await t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, currency: 'USD', goal: { value: '10000.00', currency: 'USD' }, milestones: [] });
  assert.equal(campaign.status, 200, JSON.stringify(campaign.body));
  assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'none' })).status, 200);
  const created = await t.api('POST', '/api/sources', { kind: 'tiltify', name: 'Tiltify', campaign_id: FAKE_CAMPAIGN_ID, base_url: fake.url, ...FAKE_CLIENT, webhook_signing_key: KEY });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

afterEach(async () => {
  await t.close();
  await fake.close();
});

const at = (minute: number) => new Date(Date.parse('2026-11-23T12:00:00Z') + minute * 60_000).toISOString();
const items = async (id: string) => (await t.api('GET', `/api/tiltify/${id}`)).body.items as { kind: string; tiltify_id: string; name: string; goal: { value: string } | null; tiltify_raised: { value: string } | null }[];
const incentive = async (incentiveId: number) => (await t.api('GET', '/api/incentives')).body.incentives.find((i: { id: number }) => i.id === incentiveId);
const optionTotal = (view: { options: { name: string; total: { value: string } }[] }, name: string) => view.options.find((o) => o.name === name)?.total.value;

describe('Tiltify polls, targets and rewards', () => {
  it('reads them every page, links them, and counts donations that picked them, to the cent', async () => {
    const id = await setUp();
    const read = await until('polls, targets and rewards read', () => items(id), (list) => list.length === 5);
    assert.deepEqual(read.map((i) => i.kind).sort(), ['poll', 'poll_option', 'poll_option', 'reward', 'target']);
    assert.equal(read.find((i) => i.tiltify_id === TARGET)?.goal?.value, '250.00');
    assert.equal(read.find((i) => i.tiltify_id === OPT_B)?.name, HOSTILE, 'the name is kept as text, not cleaned into HTML');

    // Our bid war (options named as Tiltify's, the hostile one too) and an incentive, linked.
    const war = (await t.api('POST', '/api/incentives', { kind: 'bid_war', name: 'Next game', options: ['hades', 'Celeste'] })).body.incentive;
    const celeste = war.options.find((o: { name: string }) => o.name === 'Celeste').id;
    const linkedPoll = await t.api('POST', `/api/tiltify/${id}/link`, { kind: 'poll', tiltify_id: POLL, incentive_id: war.id, options: { [OPT_B]: celeste } });
    assert.equal(linkedPoll.status, 200, JSON.stringify(linkedPoll.body));
    const optA = linkedPoll.body.items.find((i: { tiltify_id: string }) => i.tiltify_id === OPT_A);
    assert.equal(optA.option_id, war.options.find((o: { name: string }) => o.name === 'hades').id, 'matched by name by default');
    // A target cannot go to a bid war: refused in words.
    const wrong = await t.api('POST', `/api/tiltify/${id}/link`, { kind: 'target', tiltify_id: TARGET, incentive_id: war.id });
    assert.equal(wrong.status, 422);
    assert.match(wrong.body.error.message ?? JSON.stringify(wrong.body), /bid war/);
    const made = await t.api('POST', `/api/tiltify/${id}/create`, { kind: 'target', tiltify_id: TARGET });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const blindfold = made.body.incentive_id as number;
    assert.equal((await incentive(blindfold)).goal.value, '250.00', "the goal is the target's amount");

    const hook = `${t.core.url}/hooks/${id}`;
    const send = async (d: Record<string, unknown>, generatedAt = at(30)) => assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', d, { generatedAt })).status, 201);
    await send(tiltifyDonation({ id: 'w-1', completed_at: at(1), amount: { currency: 'USD', value: '0.10' }, poll_option_id: OPT_A, poll_id: POLL }));
    await send(tiltifyDonation({ id: 'w-2', completed_at: at(2), amount: { currency: 'USD', value: '19.99' }, poll_option_id: OPT_B, poll_id: POLL }));
    await send(tiltifyDonation({ id: 'w-3', completed_at: at(3), amount: { currency: 'USD', value: '100.10' }, target_id: TARGET }));
    // By polling too: the same path.
    fake.add(tiltifyDonation({ id: 'p-1', completed_at: at(4), amount: { currency: 'USD', value: '0.20' }, poll_option_id: OPT_A, poll_id: POLL }));
    const view = await until('the polled donation counted', () => incentive(war.id), (v) => optionTotal(v, 'hades') === '0.30');
    assert.equal(optionTotal(view, 'Celeste'), '19.99');
    assert.equal(view.total.value, '20.29');
    const target = await incentive(blindfold);
    assert.equal(target.total.value, '100.10');
    assert.equal(target.tiltify_raised.value, '100.10', "Tiltify's figure beside ours");
    assert.equal(view.options.find((o: { name: string }) => o.name === 'hades').tiltify_raised.value, '60.00');
  });

  it('assigns donations that came before the link when the link is made, and follows a refund to the leader', async () => {
    const id = await setUp();
    await until('polls read', () => items(id), (list) => list.length === 5);
    const hook = `${t.core.url}/hooks/${id}`;
    const early = tiltifyDonation({ id: 'e-1', completed_at: at(1), amount: { currency: 'USD', value: '50.00' }, poll_option_id: OPT_A, poll_id: POLL });
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', early, { generatedAt: at(10) })).status, 201);
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', tiltifyDonation({ id: 'e-2', completed_at: at(2), amount: { currency: 'USD', value: '30.01' }, poll_option_id: OPT_B, poll_id: POLL }), { generatedAt: at(10) })).status, 201);
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', tiltifyDonation({ id: 'e-3', completed_at: at(3), amount: { currency: 'USD', value: '25.00' }, reward_claims: [{ id: 'c-1', quantity: 1, reward_id: REWARD }] }), { generatedAt: at(10) })).status, 201);
    const made = await t.api('POST', `/api/tiltify/${id}/create`, { kind: 'poll', tiltify_id: POLL });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.assigned, 2, 'both earlier poll donations assigned on linking');
    let war = await incentive(made.body.incentive_id);
    assert.equal(war.name, 'Which game next?');
    assert.equal(optionTotal(war, 'Hades'), '50.00');
    assert.equal(optionTotal(war, HOSTILE), '30.01');
    const hades = war.options.find((o: { name: string }) => o.name === 'Hades').id;
    assert.deepEqual(war.leaders, [hades]);
    // The reward, linked to an incentive after its donation came.
    const poster = (await t.api('POST', '/api/incentives', { kind: 'incentive', name: 'Posters', goal: '100.00' })).body.incentive;
    const linked = await t.api('POST', `/api/tiltify/${id}/link`, { kind: 'reward', tiltify_id: REWARD, incentive_id: poster.id });
    assert.equal(linked.body.assigned, 1);
    assert.equal((await incentive(poster.id)).total.value, '25.00');
    // Tiltify refunds most of the leading donation (a donation_updated with the amount left).
    assert.equal((await fake.sendWebhook(hook, KEY, 'donation_updated', { ...early, amount: { currency: 'USD', value: '20.00' } }, { generatedAt: at(20) })).status, 201);
    war = await incentive(made.body.incentive_id);
    assert.equal(optionTotal(war, 'Hades'), '20.00');
    assert.deepEqual(war.leaders, [war.options.find((o: { name: string }) => o.name === HOSTILE).id], 'the refund moved the lead');
    assert.equal(war.total.value, '50.01');
    // The audit says who linked what.
    const audit = t.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'tiltify_linked'").get() as { n: number };
    assert.equal(audit.n, 2);
  });
});
