import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CurrencyCode } from '../../shared/currencies.js';
import type { CampaignInput, PledgePart } from '../../shared/views.js';
import type { PledgeUnit } from '../ingest/ingest.js';
import { EXAMPLE_CAMPAIGN, type TestCore, startTestCore } from '../testing/harness.js';

const opened: TestCore[] = [];
after(async () => {
  for (const t of opened) await t.close();
});

async function start(): Promise<TestCore> {
  const t = await startTestCore();
  opened.push(t);
  t.core.services.sources.ensure('twitch-test', 'twitch', '#test');
  return t;
}

let next = 0;
/** Subs and bits through the one ingest door, as the Twitch connector sends them. */
function pledge(t: TestCore, unit: PledgeUnit, count: number, part?: PledgePart): void {
  next += 1;
  t.core.services.ingest.chat({
    sourceId: 'twitch-test',
    externalId: `p-${next}`,
    kind: unit === 'bits' ? 'chat' : 'twitch.sub',
    userKey: `twitch:${next}`,
    displayName: 'viewer',
    text: unit === 'bits' ? `Cheer${count}` : 'subscribed',
    occurredAt: Date.now(),
    pledge: { unit, count, ...(part ? { part } : {}) },
  });
  t.core.services.ingest.flushChat();
}

/** A Hype Chat: a chat message with what the viewer paid. */
function paidMessage(t: TestCore, minor: number, currency: string): void {
  next += 1;
  t.core.services.ingest.chat({
    sourceId: 'twitch-test', externalId: `p-${next}`, userKey: `twitch:${next}`, displayName: 'viewer', text: 'pinned',
    occurredAt: Date.now(), paid: { minor, currency: currency as CurrencyCode },
  });
  t.core.services.ingest.flushChat();
}

const campaign = (extra: Partial<CampaignInput> & Record<string, unknown>) => ({ ...EXAMPLE_CAMPAIGN, ...extra });

describe('what subs and bits are worth', () => {
  it('stores the values exactly, counts pledges apart from money, and shows "with pledges"', async () => {
    const t = await start();
    const put = await t.api('PUT', '/api/campaign', campaign({
      pledge_values: { sub_tier1: '2.50', sub_tier3: { value: '12.49', currency: 'EUR' }, sub_prime: '2.5', bits_100: '1.00' },
    }));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.campaign.pledge_values, {
      sub_tier1: { value: '2.50', currency: 'EUR' },
      sub_tier2: null,
      sub_tier3: { value: '12.49', currency: 'EUR' },
      sub_prime: { value: '2.50', currency: 'EUR' },
      bits_100: { value: '1.00', currency: 'EUR' },
      yt_membership: null,
    });
    assert.deepEqual((await t.api('GET', '/api/campaign')).body.campaign.pledge_values, put.body.campaign.pledge_values);

    assert.equal((await t.api('POST', '/api/donations', { amount: { value: '10.00', currency: 'EUR' } })).status, 201);
    for (let i = 0; i < 2; i += 1) pledge(t, 'sub_tier1', 1, 'sub');
    pledge(t, 'sub_tier1', 1, 'gift_upgrade');
    pledge(t, 'sub_tier2', 1);
    pledge(t, 'sub_tier3', 6, 'gift');
    pledge(t, 'sub_tier3', 1, 'gift');
    pledge(t, 'bits', 250, 'cheer');
    pledge(t, 'bits', 1, 'cheer');

    const totals = (await t.api('GET', '/api/totals')).body;
    assert.equal(totals.raised.value, '10.00', 'pledges never count as money raised');
    assert.deepEqual(totals.pledges.units, [
      { unit: 'sub_tier1', count: 3, each: { value: '2.50', currency: 'EUR' }, value: { value: '7.50', currency: 'EUR' },
        parts: [{ part: 'sub', lines: 2, count: 2 }, { part: 'gift_upgrade', lines: 1, count: 1 }] },
      { unit: 'sub_tier2', count: 1, each: null, value: null, parts: [{ part: 'earlier', lines: 1, count: 1 }] },
      { unit: 'sub_tier3', count: 7, each: { value: '12.49', currency: 'EUR' }, value: { value: '87.43', currency: 'EUR' },
        parts: [{ part: 'gift', lines: 2, count: 7 }] },
      // 251 bits at 1.00 per 100 = 2.51
      { unit: 'bits', count: 251, each: { value: '1.00', currency: 'EUR' }, value: { value: '2.51', currency: 'EUR' },
        parts: [{ part: 'cheer', lines: 2, count: 251 }] },
    ]);
    assert.deepEqual(totals.pledges.paid_messages, []);
    assert.deepEqual(totals.pledges.value, { value: '97.44', currency: 'EUR' });
    assert.deepEqual(totals.pledges.with_pledges, { value: '107.44', currency: 'EUR' });
    // The staff hub's snapshot carries the same figures.
    assert.deepEqual(t.core.services.hub.staffSnapshot('owner').totals.pledges, totals.pledges);

    // Hype Chat: exact per currency, at the campaign's rates (USD seeded at 0.86; ISK has none yet).
    paidMessage(t, 500, 'EUR');
    paidMessage(t, 1999, 'USD');
    paidMessage(t, 1, 'USD');
    paidMessage(t, 300, 'ISK');
    let paid = (await t.api('GET', '/api/totals')).body;
    assert.equal(paid.raised.value, '10.00', 'a Hype Chat is not money raised');
    assert.deepEqual(paid.pledges.paid_messages, [
      { currency: 'USD', messages: 2, amount: { value: '20.00', currency: 'USD' }, value: { value: '17.20', currency: 'EUR' } },
      { currency: 'EUR', messages: 1, amount: { value: '5.00', currency: 'EUR' }, value: { value: '5.00', currency: 'EUR' } },
      { currency: 'ISK', messages: 1, amount: { value: '300', currency: 'ISK' }, value: null },
    ]);
    assert.deepEqual(paid.pledges.value, { value: '119.64', currency: 'EUR' });
    assert.equal((await t.api('PUT', '/api/rates', { rates: [{ currency: 'USD', rate: '0.92' }, { currency: 'ISK', rate: '0.0061' }] })).status, 200);
    paid = (await t.api('GET', '/api/totals')).body;
    // 20.00 USD × 0.92 = 18.40; 300 ISK × 0.0061 = 1.83
    assert.deepEqual(paid.pledges.paid_messages.map((p: { value: { value: string } }) => p.value.value), ['18.40', '5.00', '1.83']);
    assert.deepEqual(paid.pledges.value, { value: '122.67', currency: 'EUR' });
    assert.deepEqual(paid.pledges.with_pledges, { value: '132.67', currency: 'EUR' });
    // The chat counts them as messages too.
    assert.equal(t.core.db.prepare("SELECT count(*) AS n FROM events WHERE source_id = 'twitch-test' AND kind = 'chat' AND body = 'pinned'").pluck().get(), 4);

    // Leaving pledge_values out keeps them; null stops counting one unit.
    await t.api('PUT', '/api/campaign', campaign({ title: 'Renamed' }));
    assert.deepEqual((await t.api('GET', '/api/campaign')).body.campaign.pledge_values.sub_tier1, { value: '2.50', currency: 'EUR' });
    await t.api('PUT', '/api/campaign', campaign({ pledge_values: { sub_tier3: null } }));
    const after = (await t.api('GET', '/api/totals')).body.pledges;
    assert.deepEqual(after.value, { value: '35.24', currency: 'EUR' }); // 7.50 + 2.51 + Hype Chat 25.23
    assert.equal(after.units.find((u: { unit: string }) => u.unit === 'sub_tier3').value, null);
  });

  it('is exact in currencies without decimals (JPY) and with three (KWD), rounding bits down', async () => {
    const t = await start();
    const jpy = await t.api('PUT', '/api/campaign', campaign({
      currency: 'JPY', goal: { value: '1000000', currency: 'JPY' }, milestones: [],
      pledge_values: { sub_tier1: '700', bits_100: '140' },
    }));
    assert.equal(jpy.status, 200, JSON.stringify(jpy.body));
    pledge(t, 'bits', 250);
    pledge(t, 'sub_tier1', 2);
    let pledges = (await t.api('GET', '/api/totals')).body.pledges;
    assert.deepEqual(pledges.value, { value: '1750', currency: 'JPY' }); // 350 + 1400
    const bad = await t.api('PUT', '/api/campaign', campaign({
      currency: 'JPY', goal: { value: '1000000', currency: 'JPY' }, milestones: [], pledge_values: { sub_tier1: '700.5' },
    }));
    assert.equal(bad.status, 422);
    assert.match(bad.body.error.message, /tier 1 sub/);

    // No money counted yet, so the currency may change; JPY values mean nothing in KWD.
    const kwd = await t.api('PUT', '/api/campaign', campaign({ currency: 'KWD', goal: { value: '5000.000', currency: 'KWD' }, milestones: [] }));
    assert.equal(kwd.status, 200, JSON.stringify(kwd.body));
    assert.deepEqual(kwd.body.campaign.pledge_values.sub_tier1, null, 'values in the old currency are dropped');
    await t.api('PUT', '/api/campaign', campaign({
      currency: 'KWD', goal: { value: '5000.000', currency: 'KWD' }, milestones: [],
      pledge_values: { sub_tier1: '1.250', bits_100: '0.333' },
    }));
    pledges = (await t.api('GET', '/api/totals')).body.pledges;
    // 2 × 1.250 = 2.500; 250 bits × 0.333 / 100 = 0.8325 → 0.832 (never more than promised)
    assert.deepEqual(pledges.units.map((u: { value: { value: string } }) => u.value.value), ['2.500', '0.832']);
    assert.deepEqual(pledges.value, { value: '3.332', currency: 'KWD' });
    const tooFine = await t.api('PUT', '/api/campaign', campaign({
      currency: 'KWD', goal: { value: '5000.000', currency: 'KWD' }, milestones: [], pledge_values: { bits_100: '0.3335' },
    }));
    assert.equal(tooFine.status, 422);
    assert.match(tooFine.body.error.message, /100 bits/);
  });

  it('refuses bad values with a plain reason and changes nothing', async () => {
    const t = await start();
    await t.api('PUT', '/api/campaign', campaign({ pledge_values: { sub_tier1: '2.50' } }));
    const refusals: [unknown, RegExp][] = [
      [{ sub_tier1: '-1' }, /tier 1 sub/],
      [{ sub_tier1: '0' }, /more than zero/],
      [{ sub_prime: 2.5 }, /decimal string/],
      [{ sub_tier2: 'two euros' }, /tier 2 sub/],
      [{ sub_tier1: '1e3' }, /tier 1 sub/],
      [{ bits_100: { value: '1.00', currency: 'USD' } }, /campaign currency EUR/],
      [{ sub_tier4: '9.99' }, /sub_tier4 is not a field/],
      [{ sub_tier1: '99999999999' }, /at most/],
      [['2.50'], /pledge_values must be a JSON object/],
      ['2.50', /pledge_values must be a JSON object/],
    ];
    for (const [values, reason] of refusals) {
      const answer = await t.api('PUT', '/api/campaign', campaign({ pledge_values: values as CampaignInput['pledge_values'] }));
      assert.equal(answer.status, 422, `${JSON.stringify(values)} → ${answer.status}`);
      // The shape is the route's schema's (invalid_input), the values the campaign's own rules.
      assert.ok(['invalid_campaign', 'invalid_input'].includes(answer.body.error.code), answer.body.error.code);
      assert.match(answer.body.error.message, reason);
    }
    assert.deepEqual((await t.api('GET', '/api/campaign')).body.campaign.pledge_values.sub_tier1, { value: '2.50', currency: 'EUR' });
  });
});
