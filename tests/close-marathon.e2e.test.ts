// Issue 17, "close the marathon", in Chromium against the real server process: the owner types
// the title in the Campaign tab and closes; the header says the total is final, the archive's
// folder and files are shown and verify; a donation arriving afterwards is answered 202 and
// listed apart while the total stays; the owner reopens with a reason. Screenshots in test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { verifyArchive } from '../main/archive/archive.js';
import { byTest } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { runningCampaign, type WebhookSender, webhookSender } from './support/overlay-seed.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-close-e2e-', { afterStart: seed });
let hook: WebhookSender;

/** A running campaign, a webhook source and two donations through it. */
async function seed(): Promise<void> {
  const { server } = session;
  assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', runningCampaign())).status, 200);
  hook = await webhookSender(server.url);
  assert.equal((await hook.donate('d-1', '120.00', { name: 'Grace' }, 'For the pumps')).status, 201);
  assert.equal((await hook.donate('d-2', '30.50', { name: 'Lin', anonymous: true })).status, 201);
}

describe('closing the marathon from the Campaign tab', () => {
  it('closes once the title is typed, shows the archive, keeps late money apart, and reopens with a reason', async () => {
    const { server, browser } = session;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/#token=${OWNER_TOKEN}`);
    await page.locator('#root[data-state="ready"]').waitFor();
    await byTest(page, 'tab-campaign').click();
    const panel = byTest(page, 'close-panel');
    await panel.waitFor();
    const { campaign } = (await ownerApi(server.url, 'GET', '/api/campaign')).body;
    assert.equal(await byTest(page, 'close-submit').isDisabled(), true, 'not before the title is typed');
    await byTest(page, 'close-title').fill(campaign.title);
    await byTest(page, 'close-reason').fill('The 48 hours are over');
    await byTest(page, 'close-submit').click();
    await page.locator('[data-testid="close-panel"][data-state="closed"]').waitFor();
    await byTest(page, 'closed-badge').waitFor();
    // The clock stops at the close instead of counting down to the planned end.
    assert.equal(await byTest(page, 'marathon-clock').getAttribute('data-phase'), 'closed');
    const dir = (await byTest(page, 'close-archive-dir').textContent()) ?? '';
    assert.ok(dir.startsWith(join(session.dataDir, 'archives')), dir);
    assert.deepEqual(verifyArchive(dir), []);
    await byTest(page, 'late-none').waitFor();

    // After the close: answered 202, stored, listed apart; the total does not move.
    const before = (await ownerApi(server.url, 'GET', '/api/totals')).body.raised;
    assert.equal((await hook.donate('late-1', '15.00', { name: 'Late Larry' }, 'sorry I am late')).status, 202);
    await byTest(page, 'late-item').filter({ hasText: 'Late Larry' }).waitFor({ timeout: 20_000 });
    assert.deepEqual((await ownerApi(server.url, 'GET', '/api/totals')).body.raised, before);
    await byTest(page, 'tab-live').click();
    assert.equal(await byTest(page, 'total').getAttribute('data-value'), '150.50');
    await byTest(page, 'tab-campaign').click();
    await byTest(panel, 'late-money').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'close-marathon-closed.png') });

    await byTest(page, 'reopen-reason').fill('The bank sent the last transfers');
    await byTest(page, 'reopen-submit').click();
    await page.locator('[data-testid="close-panel"][data-state="running"]').waitFor();
    assert.equal(await byTest(page, 'closed-badge').count(), 0);
    assert.equal(await byTest(page, 'marathon-clock').getAttribute('data-phase'), 'live');
    assert.equal((await hook.donate('after-reopen', '1.00', { name: 'Ann' })).status, 201);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
