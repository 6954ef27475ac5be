import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, DonationView } from '../../shared/views.js';
import type { TestCore } from '../testing/harness.js';
import { trackedCores } from '../testing/tracked.js';
import { until } from '../testing/until.js';

const { start } = trackedCores();

async function pledge(t: TestCore, id: string, name: string, message: string, reviewed: boolean, token?: string): Promise<number> {
  const body = { id, amount: { value: '20.00', currency: 'EUR' }, donor: { name }, message, ...(reviewed ? { reviewed } : {}) };
  const answer = await t.api('POST', '/api/donations', body, token);
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.id as number;
}

async function stateOf(t: TestCore, id: number): Promise<string | undefined> {
  const donations = (await t.api('GET', '/api/donations')).body.donations as DonationView[];
  return donations.find((d) => d.id === id)?.screening;
}

const auditOf = async (t: TestCore, id: number): Promise<AuditEntry[]> =>
  ((await t.api('GET', '/api/audit')).body.entries as AuditEntry[]).filter((e) => e.subject.kind === 'donation' && e.subject.id === String(id));

describe('pledges entered by hand', () => {
  it('are approved by the rules as soon as they are answered, saying who typed them in', async () => {
    const t = await start();
    await t.api('PUT', '/api/screening/settings', { words: ['slurword'] });
    const mina = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mina' })).body.token as string;

    const owners = await pledge(t, 'hand-1', 'Grandma Ruth', 'Called in from the bakery', true);
    assert.equal(await stateOf(t, owners), 'approved', 'approved before the answer came back');
    const [entry] = await auditOf(t, owners);
    assert.equal(entry?.action, 'auto_approve');
    assert.equal(entry?.actor, 'rules');
    assert.equal(entry?.reason, 'entered by hand by the owner');
    assert.equal(entry?.from_state, 'pending');
    assert.equal(entry?.to_state, 'approved');

    const moderators = await pledge(t, 'hand-2', 'Office raffle', 'From the 3rd floor', true, mina);
    assert.equal(await stateOf(t, moderators), 'approved');
    assert.equal((await auditOf(t, moderators))[0]?.reason, 'entered by hand by moderator Mina');

    // The word list still has the last word on what was typed in.
    const insult = await pledge(t, 'hand-3', 'Troll', 'you slurword', true);
    await until('the word list denies it', () => stateOf(t, insult), (state) => state === 'denied');
    assert.deepEqual((await auditOf(t, insult)).map((e) => e.action), ['auto_deny']);

    // A pledge sent through the API without saying it was read is screened like a platform's.
    const unread = await pledge(t, 'api-1', 'Scripted', 'from a bulk script', false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await stateOf(t, unread), 'pending');
    // A repeat of an answered pledge changes nothing.
    const again = await t.api('POST', '/api/donations', { id: 'api-1', amount: { value: '20.00', currency: 'EUR' }, donor: { name: 'Scripted' }, message: 'from a bulk script', reviewed: true });
    assert.equal(again.status, 200);
    assert.equal(await stateOf(t, unread), 'pending');
  });
});
