import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, ScreeningItem } from '../../shared/views.js';
import type { Caller } from '../people/invites.js';
import type { TestCore } from '../testing/harness.js';
import { trackedCores } from '../testing/tracked.js';
import { Screening, ScreeningRefused, UNDO_WINDOW_MS } from './screening.js';

const { start } = trackedCores();

async function invite(t: TestCore, role: 'moderator' | 'viewer', name: string): Promise<string> {
  const created = await t.api('POST', '/api/invites', { role, name });
  assert.equal(created.status, 201);
  return created.body.token as string;
}

/** Pledges with a message (so they wait in screening), approved by the owner; their ids in arrival order. */
async function approvedPledges(t: TestCore, values: string[], currency = 'EUR'): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, value] of values.entries()) {
    const answer = await t.api('POST', '/api/donations', { id: `p${currency}${i}`, amount: { value, currency }, donor: { name: `Donor ${i}` }, message: `Message ${i}` });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const id = answer.body.id as number;
    assert.equal((await t.api('POST', `/api/donations/${id}/screen`, { decision: 'approve' })).status, 200);
    ids.push(id);
  }
  return ids;
}

async function page(t: TestCore, query: string, token?: string): Promise<{ items: ScreeningItem[]; next: string | null }> {
  const answer = await t.api('GET', `/api/screening/queue?stage=approved&${query}`, undefined, token);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

async function everyPage(t: TestCore, query: string, limit: number): Promise<number[]> {
  const seen: number[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const got = await page(t, `${query}&limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    seen.push(...got.items.map((i) => i.donation.id));
    assert.ok(got.items.length <= limit);
    if (!got.next) return seen;
    after = got.next;
  }
  throw new Error('paging never ended');
}

async function audit(t: TestCore): Promise<AuditEntry[]> {
  return (await t.api('GET', '/api/audit?limit=200')).body.entries as AuditEntry[];
}

describe("the reader's desk", () => {
  it('lists the read-on-air queue by amount (exact, ties oldest first) or by age, in pages that neither skip nor repeat', async () => {
    const t = await start();
    // 10.10 USD is about 9.3 EUR at the built-in rate: it sorts by its amount in campaign currency.
    const [a, b, c, d, e] = await approvedPledges(t, ['5.00', '20.00', '0.50', '100.00', '20.00']);
    const [usd] = await approvedPledges(t, ['10.10'], 'USD');
    const byAmount = [d, b, e, usd, a, c];
    for (const limit of [1, 2, 4, 50]) assert.deepEqual(await everyPage(t, 'order=amount', limit), byAmount, `limit ${limit}`);
    assert.deepEqual(await everyPage(t, 'order=age', 4), [a, b, c, d, e, usd]);
    assert.deepEqual(await everyPage(t, '', 2), [a, b, c, d, e, usd], 'oldest first stays the default');

    // The minimum leaves smaller amounts out, compared exactly in minor units.
    assert.deepEqual((await page(t, 'order=amount&min=20')).items.map((i) => i.donation.id), [d, b, e]);
    assert.deepEqual((await page(t, 'order=age&min=20.01')).items.map((i) => i.donation.id), [d]);

    // The next opens in the order asked, and respects the minimum.
    const opened = await t.api('POST', '/api/screening/next', { stage: 'approved', order: 'amount', min: '20' });
    assert.equal(opened.body.item.donation.id, d);
    await t.api('POST', `/api/donations/${d}/release`);
  });

  it('refuses bad input with 4xx and viewers altogether', async () => {
    const t = await start();
    await approvedPledges(t, ['5.00']);
    const viewer = await invite(t, 'viewer', 'Vic');
    for (const query of ['order=size', 'min=abc', 'min=-1', 'order=amount&after=12', 'order=age&after=5:12', 'after=x', 'min=1.001']) {
      const answer = await t.api('GET', `/api/screening/queue?stage=approved&${query}`);
      assert.ok(answer.status >= 400 && answer.status < 500, `${query}: ${answer.status}`);
      assert.ok(answer.body.error?.message, query);
    }
    for (const body of [{}, { through: 0 }, { through: '3' }, { through: 1, extra: true }]) {
      const answer = await t.api('POST', '/api/screening/read-older', body);
      assert.ok(answer.status >= 400 && answer.status < 500, `${JSON.stringify(body)}: ${answer.status}`);
    }
    assert.equal((await t.api('POST', '/api/screening/read-older', { through: 99_999 })).status, 404);
    assert.equal((await t.api('GET', '/api/screening/queue?stage=approved', undefined, viewer)).status, 403);
    assert.equal((await t.api('POST', '/api/screening/read-older', { through: 1 }, viewer)).status, 403);
    assert.equal((await t.api('POST', '/api/donations/1/undo', undefined, viewer)).status, 403);
  });

  it('marks everything up to a chosen message read in one audited step, leaves later ones, and does nothing more when repeated', async () => {
    const t = await start();
    const mina = await invite(t, 'moderator', 'Mina');
    const ids = await approvedPledges(t, ['50.00', '1.00', '30.00', '2.00', '70.00']);
    const chosen = ids[2]!;
    const done = await t.api('POST', '/api/screening/read-older', { through: chosen }, mina);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual(done.body, { marked: 3, skipped: 0 });
    const left = (await page(t, 'order=amount')).items.map((i) => i.donation.id);
    assert.deepEqual(left, [ids[4], ids[3]], 'the messages that arrived after stay, whatever their amount');
    const view = (await t.api('GET', '/api/screening')).body;
    assert.equal(view.counts.read, 3);
    assert.equal(view.counts.approved, 2);

    const again = await t.api('POST', '/api/screening/read-older', { through: chosen }, mina);
    assert.deepEqual(again.body, { marked: 0, skipped: 0 });
    const entries = (await audit(t)).filter((e) => e.action === 'read_older');
    assert.equal(entries.length, 1, 'one audit entry, none for the repeat');
    assert.equal(entries[0]?.actor_name, 'Mina');
    assert.equal(entries[0]?.subject.id, String(chosen));
    assert.match(entries[0]?.reason ?? '', /^3 approved messages/);
  });

  it('takes back the decision just made, once, only for the one who made it and only if nobody changed it since', async () => {
    const t = await start();
    const mina = await invite(t, 'moderator', 'Mina');
    const ben = await invite(t, 'moderator', 'Ben');
    const answer = await t.api('POST', '/api/donations', { id: 'u1', amount: { value: '12.00', currency: 'EUR' }, donor: { name: 'Ula' }, message: 'Hi' });
    const id = answer.body.id as number;

    assert.equal((await t.api('POST', `/api/donations/${id}/screen`, { decision: 'deny', reason: 'oops' }, mina)).status, 200);
    assert.equal((await t.api('POST', `/api/donations/${id}/undo`, undefined, ben)).status, 409, "not someone else's decision");
    const undone = await t.api('POST', `/api/donations/${id}/undo`, undefined, mina);
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    assert.equal(undone.body.item.donation.screening, 'pending');
    assert.equal((await t.api('POST', `/api/donations/${id}/undo`, undefined, mina)).status, 409, 'an undo is not undone again');
    const last = (await audit(t)).find((e) => e.subject.id === String(id));
    assert.equal(last?.action, 'undo');
    assert.equal(last?.from_state, 'denied');
    assert.equal(last?.to_state, 'pending');

    // Mina approves, Ben marks it read: Mina's approval can no longer be taken back.
    assert.equal((await t.api('POST', `/api/donations/${id}/screen`, { decision: 'approve' }, mina)).status, 200);
    assert.equal((await t.api('POST', `/api/donations/${id}/screen`, { decision: 'read' }, ben)).status, 200);
    const refused = await t.api('POST', `/api/donations/${id}/undo`, undefined, mina);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'cannot_undo');

    // Ben's "read" is undone; then "mark older as read" changes it again and it cannot be.
    assert.equal((await t.api('POST', `/api/donations/${id}/undo`, undefined, ben)).body.item.donation.screening, 'approved');
    assert.equal((await t.api('POST', `/api/donations/${id}/screen`, { decision: 'flag' }, ben)).status, 200);
    assert.equal((await t.api('POST', `/api/donations/${id}/screen`, { decision: 'approve' }, ben)).status, 200);
    assert.equal((await t.api('POST', '/api/screening/read-older', { through: id }, mina)).body.marked, 1);
    assert.equal((await t.api('POST', `/api/donations/${id}/undo`, undefined, ben)).status, 409);
    assert.equal((await t.api('POST', '/api/donations/99999/undo')).status, 404);
  });

  it('refuses to take a decision back once its few seconds have passed', async () => {
    const t = await start();
    const { db, donations } = t.core.services;
    let now = Date.now();
    // The same screening over the same database, on a clock the test moves.
    const screening = new Screening(db, donations, {}, () => now);
    try {
      const mina: Caller = { role: 'moderator', actor: 'invite:mina', name: 'Mina' };
      const ids = [];
      for (const id of ['w1', 'w2']) {
        ids.push((await t.api('POST', '/api/donations', { id, amount: { value: '3.00', currency: 'EUR' }, donor: { name: 'W' }, message: 'Hi' })).body.id as number);
      }
      const [late, inTime] = ids as [number, number];
      screening.decide(late, { decision: 'approve' }, mina);
      screening.decide(inTime, { decision: 'approve' }, mina);
      now += UNDO_WINDOW_MS - 1_000;
      assert.equal(screening.undo(inTime, mina).donation.screening, 'pending');
      now += 2_000;
      assert.throws(() => screening.undo(late, mina), (error: unknown) => error instanceof ScreeningRefused && error.code === 'cannot_undo');
      assert.equal(donations.get(late)?.screening, 'approved');
    } finally {
      screening.stop();
    }
  });
});
