// Issue 17, "close the marathon", in Chromium against the real server process: the owner types
// the title in the Campaign tab and closes; the header says the total is final, the archive's
// folder and files are shown and verify; a donation arriving afterwards is answered 202 and
// listed apart while the total stays; the owner reopens with a reason. Screenshots in test-results/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { verifyArchive } from '../main/archive/archive.js';
import { tempDir } from '../main/testing/harness.js';
import { byTest, launchBrowser } from './support/browser.js';
import { runningCampaign, type WebhookSender, webhookSender } from './support/overlay-seed.js';
import { OWNER_TOKEN, ROOT, type ServerProcess, ownerApi, startServer } from './support/server-process.js';

const SHOTS = join(ROOT, 'test-results');
const temp = tempDir('telethon-close-e2e-');
let server: ServerProcess;
let browser: Browser;
let hook: WebhookSender;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer(temp.path);
  browser = await launchBrowser();
  assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', runningCampaign())).status, 200);
  hook = await webhookSender(server.url);
  assert.equal((await hook.donate('d-1', '120.00', { name: 'Grace' }, 'For the pumps')).status, 201);
  assert.equal((await hook.donate('d-2', '30.50', { name: 'Lin', anonymous: true })).status, 201);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  temp.remove();
});

describe('closing the marathon from the Campaign tab', () => {
  it('closes once the title is typed, shows the archive, keeps late money apart, and reopens with a reason', async () => {
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
    assert.ok(dir.startsWith(join(temp.path, 'archives')), dir);
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
