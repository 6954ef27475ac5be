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
});
