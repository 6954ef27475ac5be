// Bid-war options over the API, against a real core: the owner renames one (audited, its money
// stays), and donors' options and choices follow the campaign's screening mode and word list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { donationBody, testCoreStarter } from '../testing/harness.js';

const startCore = testCoreStarter();

async function setUp() {
  const t = await startCore();
  const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body as { id: string; secret: string };
  const war = (await t.api('POST', '/api/incentives', { kind: 'bid_war', name: 'Save file', options: ['RohingyaHope', 'LuvArmy'], allow_suggestions: true })).body.incentive;
  const donate = async (id: string, value: string, extra: Record<string, unknown> = {}) => {
    const answer = await t.hook(source.id, source.secret, donationBody(id, value, 'EUR', extra));
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.id as number;
  };
  const view = async () => (await t.api('GET', '/api/incentives')).body.incentives.find((i: { id: number }) => i.id === war.id);
  return { t, war, donate, view };
}

type Option = { id: number; name: string; state: string; total: { value: string } };

describe('bid-war options', () => {
  it('are renamed by the owner only, audited, with their money; a look-alike of another is refused', async () => {
    const { t, war, donate, view } = await setUp();
    const luv = war.options.find((o: Option) => o.name === 'LuvArmy') as Option;
    const seq = await donate('r-1', '12.34');
    assert.equal((await t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts: [{ incentive_id: war.id, option_id: luv.id }] })).status, 200);

    const moderator = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'M' })).body.token as string;
    assert.equal((await t.api('PUT', `/api/options/${luv.id}`, { name: 'LoveArmy' }, moderator)).status, 403, 'a moderator may not rename');
    const clash = await t.api('PUT', `/api/options/${luv.id}`, { name: 'rohingya hope' });
    assert.equal(clash.status, 422);
    assert.match(clash.body.error.message, /repeats the option “RohingyaHope”/);
    assert.equal((await t.api('PUT', `/api/options/999999`, { name: 'X' })).status, 404);
    assert.equal((await t.api('PUT', `/api/options/${luv.id}`, { name: '' })).status, 422, 'an empty name is refused');

    const renamed = await t.api('PUT', `/api/options/${luv.id}`, { name: 'LoveArmy' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const after = (await view()).options.find((o: Option) => o.id === luv.id) as Option;
    assert.deepEqual([after.name, after.total.value], ['LoveArmy', '12.34'], 'the money stays with the option');
    assert.equal((await t.api('GET', `/api/donations/${seq}/assignment`)).body.assignment.parts[0].option_name, 'LoveArmy');
    const entry = (await t.api('GET', '/api/audit')).body.entries.find((e: { action: string }) => e.action === 'option_renamed');
    assert.deepEqual([entry.from_state, entry.to_state, entry.actor], ['LuvArmy', 'LoveArmy', 'owner']);
    // Donors' words find the option under its new name.
    const byName = await donate('r-2', '1.00', { message: 'for LoveArmy' });
    assert.equal((await t.api('GET', `/api/donations/${byName}/assignment`)).body.assignment.parts[0].option_id, luv.id);
  });

  it('wait for a moderator while screening is on; count at once when it is off; the word list refuses them', async () => {
    const { t, war, donate, view } = await setUp();
    const waiting = await donate('s-1', '5.00', { incentive: 'Save file', new_option: 'Camp Kids' });
    let now = await view();
    assert.equal(now.options.find((o: Option) => o.name === 'Camp Kids').state, 'pending');
    assert.equal((await t.api('GET', `/api/donations/${waiting}/assignment`)).body.assignment.status, 'suggested');
    assert.equal(now.total.value, '0.00');

    const off = await t.api('PUT', '/api/screening/settings', { mode: 'none', words: ['badword'] });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    const direct = await donate('s-2', '7.00', { incentive: 'Save file', new_option: 'Water Wells' });
    const named = await donate('s-3', '2.50', { message: 'for RohingyaHope' });
    const denied = await donate('s-4', '3.00', { incentive: 'Save file', new_option: 'BadWord Team' });
    now = await view();
    const wells = now.options.find((o: Option) => o.name === 'Water Wells') as Option;
    assert.deepEqual([wells.state, wells.total.value], ['approved', '7.00'], 'screening off: the option and its money count at once');
    assert.equal(now.options.find((o: Option) => o.name === 'RohingyaHope').total.value, '2.50');
    assert.equal(now.options.find((o: Option) => o.name === 'BadWord Team').state, 'refused');
    assert.equal((await t.api('GET', `/api/donations/${denied}/assignment`)).body.assignment.status, 'none', 'a refused option takes nothing: the money stays with the campaign');
    for (const seq of [direct, named]) assert.equal((await t.api('GET', `/api/donations/${seq}/assignment`)).body.assignment.status, 'accepted');
    assert.equal(now.total.value, '9.50');
    const viewer = (await t.api('POST', '/api/invites', { role: 'viewer', name: 'V' })).body.token as string;
    const seen = (await t.api('GET', '/api/incentives', undefined, viewer)).body.incentives.find((i: { id: number }) => i.id === war.id);
    assert.ok(!seen.options.some((o: Option) => o.name === 'BadWord Team'), 'viewers never see a refused option');
    const audit = (await t.api('GET', '/api/audit')).body.entries.filter((e: { actor: string }) => e.actor === 'screening');
    assert.ok(audit.some((e: { action: string }) => e.action === 'option_approved') && audit.some((e: { action: string }) => e.action === 'option_refused'), JSON.stringify(audit));
  });

  it('chart the money per incentive over time, the top ones first, archived ones left out', async () => {
    const { t, war, donate } = await setUp();
    const hope = war.options.find((o: Option) => o.name === 'RohingyaHope') as Option;
    const blind = (await t.api('POST', '/api/incentives', { kind: 'incentive', name: 'Blindfold', goal: '100.00' })).body.incentive;
    const gone = (await t.api('POST', '/api/incentives', { kind: 'incentive', name: 'Gone', goal: '1.00' })).body.incentive;
    const assign = async (seq: number, parts: unknown[]) => assert.equal((await t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts })).status, 200);
    await assign(await donate('c-1', '10.01'), [{ incentive_id: war.id, option_id: hope.id }]);
    await assign(await donate('c-2', '20.00'), [{ incentive_id: blind.id }]);
    await assign(await donate('c-3', '3.00'), [{ incentive_id: gone.id }]);
    assert.equal((await t.api('POST', `/api/incentives/${gone.id}/close`)).status, 200);
    assert.equal((await t.api('POST', `/api/incentives/${gone.id}/archive`)).status, 200);
    const viewer = (await t.api('POST', '/api/invites', { role: 'viewer', name: 'V' })).body.token as string;
    // The example campaign is over: the hour asked for is the last one, now.
    const hour = `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
    const chart = await t.api('GET', `/api/charts/incentives?${hour}`, undefined, viewer);
    assert.equal(chart.status, 200, JSON.stringify(chart.body));
    const series = chart.body.incentives as { name: string; total: { value: string }; points: { raised: { value: string } }[] }[];
    assert.deepEqual(series.map((i) => [i.name, i.total.value]), [['Blindfold', '20.00'], ['Save file', '10.01']], 'the top ones, archived left out');
    for (const i of series) assert.equal(i.points.at(-1)?.raised.value, i.total.value, `${i.name}: the last point is its total`);
    assert.ok(chart.body.incentives[0].points.length >= 12, 'one point per 5 minutes of the hour');
    assert.equal((await t.api('GET', '/api/charts/incentives?window=nope')).status, 400);
    const overlayKey = (await t.api('GET', '/api/overlay')).body.key as string;
    assert.ok([401, 403].includes((await t.api('GET', '/api/charts/incentives', undefined, overlayKey)).status), 'the overlay key opens no API route');
  });
});
