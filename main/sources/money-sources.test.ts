import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { donationBody, startTestCore } from '../testing/harness.js';
import { until } from '../testing/until.js';
import { streamElementsConnector } from './streamelements/connector.js';
import { FAKE_SE_JWT, FakeAstro, astroTip } from './streamelements/testing/fake-astro.js';
import { twitchCharityConnector } from './twitch-eventsub/connector.js';
import { FAKE_BROADCASTER, FAKE_TWITCH_TOKEN, FakeEventSub, charityDonation } from './twitch-eventsub/testing/fake-eventsub.js';

describe('money from several platforms', () => {
  it('lands in one exact total: Twitch Charity, StreamElements and a signed webhook, each counted once', async () => {
    const astro = await new FakeAstro().start();
    const eventsub = await new FakeEventSub().start();
    const t = await startTestCore({ connectors: [streamElementsConnector({ backoffMs: 50, log: () => {} }), twitchCharityConnector({ backoffMs: 50, log: () => {} })] });
    after(async () => {
      await t.close();
      await astro.stop();
      await eventsub.stop();
    });
    assert.equal((await t.api('PUT', '/api/rates', { rates: [{ currency: 'USD', rate: '0.92' }, { currency: 'JPY', rate: '0.0061' }] })).status, 200);
    const se = (await t.api('POST', '/api/sources', { kind: 'streamelements', name: 'StreamElements', jwt: FAKE_SE_JWT, base_url: astro.url })).body;
    const charity = (await t.api('POST', '/api/sources', {
      kind: 'twitch-charity', name: 'Twitch Charity', channel: FAKE_BROADCASTER.login, oauth_token: FAKE_TWITCH_TOKEN, server: eventsub.wsUrl, api_url: eventsub.url, auth_url: eventsub.url,
    })).body;
    const hook = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' })).body;
    const sources = async () => (await t.api('GET', '/api/sources')).body.sources as { id: string; status: string }[];
    await until('both connected', sources, (list) => [se.id, charity.id].every((id) => list.find((s) => s.id === id)?.status === 'connected'));

    astro.send(astroTip()); // 12.50 USD = 11.50 EUR
    astro.send(astroTip({ _id: 'tip-jpy', donation: { amount: 1500, currency: 'JPY' } })); // 1500 JPY = 9.15 EUR
    const redelivered = eventsub.notify('channel.charity_campaign.donate', charityDonation()); // 12.50 USD = 11.50 EUR
    eventsub.notify('channel.charity_campaign.donate', charityDonation(), redelivered);
    astro.send(astroTip());
    for (let i = 0; i < 2; i += 1) assert.ok((await t.hook(hook.id, hook.secret, donationBody('form-1', '10.00'))).status < 300);

    const totals = await until('four donations', async () => (await t.api('GET', '/api/totals')).body, (v) => v.donations === 4);
    assert.deepEqual(totals.raised, { value: '42.15', currency: 'EUR' });
    const bySource = Object.fromEntries(totals.by_source.map((s: { source_id: string; raised: { value: string } }) => [s.source_id, s.raised.value]));
    assert.deepEqual(bySource, { [se.id]: '20.65', [charity.id]: '11.50', [hook.id]: '10.00' });
    assert.deepEqual(
      totals.by_currency.map((c: { currency: string; amount: { value: string } }) => `${c.amount.value} ${c.currency}`).sort(),
      ['10.00 EUR', '1500 JPY', '25.00 USD'],
    );
  });
});
