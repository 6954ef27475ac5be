// The owner links Tiltify's polls, targets and rewards in the Incentives tab, in Chromium
// against the real server process and a local fake Tiltify; hostile names stay text.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FAKE_CAMPAIGN_ID, FAKE_CLIENT, FakeTiltify, tiltifyDonation, tiltifyPoll, tiltifyReward, tiltifyTarget } from '../main/sources/tiltify/testing/fake-tiltify.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { until } from '../main/testing/until.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">Zelda';
const POLL = '11111111-1111-4111-8111-111111111111';
const OPT_A = '11111111-1111-4111-8111-1111111111a1';
const OPT_B = '11111111-1111-4111-8111-1111111111b1';
const KEY = 'tiltify-e2e-key';
const session = e2eSession('telethon-tiltify-e2e-', { fakes: tiltifyWithLinks });

/** A fake Tiltify with a poll (one option's name hostile), a target and a reward. */
async function tiltifyWithLinks(): Promise<{ tiltify: FakeTiltify }> {
  const tiltify = await new FakeTiltify().start();
  tiltify.polls.push(tiltifyPoll(POLL, 'Which game next?', [{ id: OPT_A, name: 'Hades', raised: '12.34' }, { id: OPT_B, name: HOSTILE, raised: '5.00' }], '17.34'));
  tiltify.targets.push(tiltifyTarget('22222222-2222-4222-8222-222222222222', 'Blindfold run', '250.00', '100.10'));
  tiltify.rewards.push(tiltifyReward('33333333-3333-4333-8333-333333333333', 'Signed poster', '25.00'));
  return { tiltify };
}

async function api(method: string, path: string, body?: unknown) {
  const answer = await ownerApi(session.server.url, method, path, body);
  assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe('Tiltify links in the Incentives tab', () => {
  it('links a Tiltify poll to a bid war, shows Tiltify’s figures beside ours, hostile names as text', async () => {
    const { server, browser, fakes: { tiltify } } = session;
    await api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, currency: 'USD', goal: { value: '10000.00', currency: 'USD' }, milestones: [], starts_at: new Date(Date.now() - 3_600_000).toISOString() });
    await api('PUT', '/api/screening/settings', { mode: 'none' });
    const source = await api('POST', '/api/sources', { kind: 'tiltify', name: 'Tiltify', campaign_id: FAKE_CAMPAIGN_ID, base_url: tiltify.url, ...FAKE_CLIENT, webhook_signing_key: KEY });
    await until('Tiltify read', () => api('GET', `/api/tiltify/${source.id}`), (b) => b.items.length === 5, 20_000);
    const war = (await api('POST', '/api/incentives', { kind: 'bid_war', name: 'Next game', options: ['Hades', 'Zelda'] })).incentive;

    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`, { width: 1366, height: 1000 }, { timezoneId: 'UTC' });
    await byTest(page, 'tab-incentives').click();
    await byTest(page, 'tiltify-links').waitFor();
    assert.deepEqual((await byTest(page, 'tiltify-option-name').allTextContents()).sort(), [HOSTILE, 'Hades'].sort());
    // Link the poll to our bid war: Hades matched by name, the hostile option chosen by hand.
    await byTest(page, 'tiltify-item').filter({ hasText: 'Which game next?' }).locator('[data-testid="tiltify-link"]').selectOption(String(war.id));
    await byTest(page, 'tiltify-option-link').first().waitFor();
    const zelda = war.options.find((o: { name: string }) => o.name === 'Zelda').id;
    await byTest(page, 'tiltify-option').filter({ has: page.locator('[data-testid="tiltify-option-name"]', { hasText: 'onerror' }) }).locator('[data-testid="tiltify-option-link"]').selectOption(String(zelda));
    await until('both options linked', () => api('GET', `/api/tiltify/${source.id}`), (b) => b.items.filter((i: { option_id: number | null }) => i.option_id !== null).length === 2);

    const hook = `${server.url}/hooks/${source.id}`;
    const sent = await tiltify.sendWebhook(hook, KEY, 'donation_updated', tiltifyDonation({ id: 'x-1', completed_at: new Date().toISOString(), amount: { currency: 'USD', value: '12.34' }, poll_option_id: OPT_A, poll_id: POLL }));
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const card = byTest(page, 'incentive-card').filter({ hasText: 'Next game' });
    await card.locator('[data-testid="option-tiltify"]').first().waitFor();
    await until('our total shows', () => card.locator('[data-testid="option-row"]').first().textContent(), (text) => (text ?? '').includes('12.34'), 15_000);
    assert.match((await card.textContent()) ?? '', /Tiltify says/);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no HTML from Tiltify ran');
    assert.equal(await page.locator('[data-testid="tiltify-links"] img').count(), 0);
    await page.screenshot({ path: join(SHOTS, 'tiltify-links.png'), fullPage: true });
    await byTest(page, 'tiltify-links').screenshot({ path: join(SHOTS, 'tiltify-links-panel.png') });
    assert.deepEqual(errors, []);
  });
});
