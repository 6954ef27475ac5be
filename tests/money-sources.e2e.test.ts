import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FAKE_SE_JWT, FakeAstro, astroTip } from '../main/sources/streamelements/testing/fake-astro.js';
import { FAKE_BROADCASTER, FAKE_TWITCH_TOKEN, FakeEventSub, charityDonation, charityProgress } from '../main/sources/twitch-eventsub/testing/fake-eventsub.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-money-sources-e2e-');
let astro: FakeAstro;
let eventsub: FakeEventSub;

before(async () => {
  astro = await new FakeAstro().start();
  eventsub = await new FakeEventSub().start();
  eventsub.keepaliveSeconds = 10;
});
after(async () => {
  await astro?.stop();
  await eventsub?.stop();
});

describe('StreamElements and Twitch Charity on the dashboard', () => {
  it('adds both sources through the forms, shows their tips in the feed and Twitch Charity’s total beside ours', async () => {
    const { server, browser } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`);

    // StreamElements: the JWT is a password field; the gateway address points at the fake.
    await byTest(page, 'platform-streamelements').click();
    assert.equal(await byTest(page, 'platform-jwt').getAttribute('type'), 'password');
    await byTest(page, 'platform-jwt').fill(FAKE_SE_JWT);
    await byTest(page, 'platform-base_url').fill(astro.url);
    await page.screenshot({ path: join(SHOTS, 'money-sources-streamelements-form.png') });
    await byTest(page, 'platform-submit').click();
    await byTest(page, 'platform-done').waitFor();
    await page.locator('[data-testid="source"][data-status="connected"]', { hasText: 'StreamElements' }).waitFor();
    astro.send(astroTip());
    astro.send(astroTip({ _id: 'tip-jpy', donation: { amount: 1500, currency: 'JPY', user: { username: 'kenji' } } }));
    await byTest(page, 'donation-donor').filter({ hasText: 'ava_donates' }).first().waitFor();
    await byTest(page, 'donation-donor').filter({ hasText: 'kenji' }).first().waitFor();

    // Twitch Charity: channel, the broadcaster's token, and the fake's three addresses.
    await byTest(page, 'platform-twitch-charity').click();
    assert.equal(await byTest(page, 'platform-oauth_token').getAttribute('type'), 'password');
    await byTest(page, 'platform-channel').fill(FAKE_BROADCASTER.login);
    await byTest(page, 'platform-oauth_token').fill(FAKE_TWITCH_TOKEN);
    await byTest(page, 'platform-server').fill(eventsub.wsUrl);
    await byTest(page, 'platform-api_url').fill(eventsub.url);
    await byTest(page, 'platform-auth_url').fill(eventsub.url);
    await page.screenshot({ path: join(SHOTS, 'money-sources-twitch-charity-form.png') });
    await byTest(page, 'platform-submit').click();
    await byTest(page, 'platform-done').waitFor();
    const charity = page.locator('[data-testid="source"]', { hasText: 'Twitch Charity' });
    await charity.and(page.locator('[data-status="connected"]')).waitFor();
    const messageId = eventsub.notify('channel.charity_campaign.donate', charityDonation());
    eventsub.notify('channel.charity_campaign.donate', charityDonation(), messageId);
    eventsub.notify('channel.charity_campaign.progress', charityProgress(487250));
    await byTest(page, 'donation-donor').filter({ hasText: 'TidepoolKate' }).first().waitFor();
    const line = byTest(charity, 'platform-total');
    // Our side of the line follows the source's counts, which may reach the page a moment after
    // the donation's own line in the feed.
    await line.filter({ hasText: 'we count 12.50 USD' }).waitFor();
    assert.equal((await line.textContent())?.replace(/\s+/g, ' ').split(' ·')[0], 'Twitch Charity says 4,872.50 USD — we count 12.50 USD');
    assert.equal(await line.getAttribute('data-differs'), 'true');
    assert.equal(await byTest(page, 'donation-donor').filter({ hasText: 'TidepoolKate' }).count(), 1, 'a redelivered notification shows once');

    // The source list with both, the feed with the three donations.
    await charity.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'money-sources-dashboard.png') });
    // States in words: a refused JWT on a second StreamElements source, a revoked subscription.
    await byTest(page, 'platform-streamelements').click();
    await byTest(page, 'platform-name').fill('StreamElements (old JWT)');
    await byTest(page, 'platform-jwt').fill('eyJhbGciOiJIUzI1NiJ9.eyJvbGQiOnRydWV9.b2xkLXNpZ25hdHVyZQ');
    await byTest(page, 'platform-base_url').fill(astro.url);
    await byTest(page, 'platform-submit').click();
    const refused = page.locator('[data-testid="source"][data-status="failing"]', { hasText: 'StreamElements (old JWT)' });
    await refused.waitFor();
    assert.match((await byTest(refused, 'source-error').textContent()) ?? '', /^StreamElements refused the JWT: invalid token \(err_unauthorized\)\. Copy a new one from StreamElements → your avatar → Channel settings → API → Show secrets → JWT Token and paste it with Replace credentials on this source\./);
    eventsub.revoke('channel.charity_campaign.progress');
    await byTest(charity, 'source-warning').filter({ hasText: "Twitch stopped sending the campaign's running total" }).waitFor();
    await charity.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'money-sources-states.png') });

    const totals = (await ownerApi(server.url, 'GET', '/api/totals')).body as { donations: number };
    assert.equal(totals.donations, 3);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
