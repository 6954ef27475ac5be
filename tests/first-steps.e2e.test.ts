// A newcomer's first steps in a real browser against a real server (npm run serve) on
// 127.0.0.1: the checklist appears after the campaign is created, each step ticks live as it is
// done from the place its link leads to, the list leaves once all are done; built-in rates say
// they are estimates until the owner confirms them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { EXAMPLE_CAMPAIGN, tempDir } from '../main/testing/harness.js';
import { byTest } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi, postSignedWebhook, startServer } from './support/server-process.js';

const session = e2eSession('telethon-e2e-steps-');

const step = (page: Page, id: string, done: boolean) => page.locator(`[data-testid="checklist-${id}"][data-done="${done}"]`);

/** The element is on screen (scrolled to), not below the fold. */
async function inView(page: Page, testId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const box = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
    return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
  }, testId);
}

describe("a newcomer's first steps", () => {
  it('ticks each step live as it is done, leaves once all are done, and marks built-in rates as estimates until confirmed', async () => {
    const { server, browser } = session;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/#token=${OWNER_TOKEN}`);
    await page.locator('#root[data-state="setup"]').waitFor();
    await byTest(page, 'campaign-title').fill('Water for the camps');
    // The currency field is searchable: EUR is already there; typing its name picks it again.
    await byTest(page, 'campaign-currency').fill('euro');
    await page.keyboard.press('Enter');
    assert.equal(await byTest(page, 'campaign-currency').getAttribute('data-value'), 'EUR');
    await byTest(page, 'campaign-goal').fill('10000');
    await byTest(page, 'campaign-submit').click();
    await page.locator('#root[data-state="ready"]').waitFor();

    await page.locator('[data-testid="checklist"][data-done="0"]').waitFor();
    for (const id of ['donation_source', 'overlay', 'moderator', 'target']) await step(page, id, false).waitFor();
    await page.screenshot({ path: join(SHOTS, 'first-steps-new.png') });

    // 1. A donation source, from the form the step's link scrolls to.
    await byTest(page, 'checklist-go-donation_source').click();
    await inView(page, 'webhook-name');
    await byTest(page, 'webhook-name').fill('Donation form');
    await byTest(page, 'webhook-submit').click();
    await step(page, 'donation_source', true).waitFor();
    const hookUrl = (await byTest(page, 'webhook-url').textContent())?.trim() ?? '';
    const secret = (await byTest(page, 'webhook-secret').textContent())?.trim() ?? '';
    await byTest(page, 'webhook-done').click();

    // 2. The overlay, by its URL, loaded in a second page as OBS would.
    await byTest(page, 'checklist-go-overlay').click();
    await inView(page, 'overlay-url');
    const overlayUrl = (await byTest(page, 'overlay-url').textContent())?.trim() ?? '';
    const overlay = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await overlay.goto(overlayUrl);
    await overlay.locator('#root[data-state="ready"]').waitFor();
    await step(page, 'overlay', true).waitFor();
    await overlay.close();

    // 3. A moderator, from the People tab's invite form.
    await byTest(page, 'checklist-go-moderator').click();
    await page.locator('[data-view="people"]').waitFor();
    await byTest(page, 'invite-name').fill('Mo the moderator');
    await byTest(page, 'invite-create').click();
    await byTest(page, 'invite-created').waitFor();
    await step(page, 'moderator', true).waitFor();
    await page.locator('[data-testid="checklist"][data-done="3"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'first-steps-three-done.png') });

    // 4. A target: the last step, and the list goes away by itself.
    await byTest(page, 'checklist-go-target').click();
    await page.locator('[data-view="targets"]').waitFor();
    await byTest(page, 'target-add').click();
    await byTest(page, 'target-new-name').fill('YouTube');
    await byTest(page, 'target-new-hashtags').fill('#YoutubeHelpRohingya');
    await byTest(page, 'target-new-submit').click();
    await byTest(page, 'checklist').waitFor({ state: 'detached' });
    const checklist = await ownerApi(server.url, 'GET', '/api/checklist');
    assert.deepEqual([checklist.body.open, checklist.body.steps.every((s: { done: boolean }) => s.done)], [false, true]);

    // Rates: a donation in yen shows its rate, marked as the built-in estimate.
    await byTest(page, 'tab-live').click();
    assert.equal(await postSignedWebhook(hookUrl, secret, { id: 'yen-1', type: 'donation', amount: { value: '3000', currency: 'JPY' }, donor: { name: 'Hiroshi' } }), 201);
    const jpyRow = page.locator('[data-testid="rate-row"][data-currency="JPY"]');
    await jpyRow.locator('[data-testid="rate-estimate"]').waitFor();
    const note = byTest(page, 'rates-estimates');
    assert.match((await note.textContent()) ?? '', /built-in estimates from Nov 15, 2026, not today's rates/);
    await byTest(page, 'rates-editor').scrollIntoViewIfNeeded();
    await byTest(page, 'rates-editor').screenshot({ path: join(SHOTS, 'rates-estimates.png') });

    await byTest(page, 'rates-confirm').click();
    await byTest(page, 'rates-message').filter({ hasText: 'The JPY rate is confirmed' }).waitFor();
    await jpyRow.locator('[data-testid="rate-estimate"]').waitFor({ state: 'detached' });
    await byTest(page, 'rates-editor').screenshot({ path: join(SHOTS, 'rates-confirmed.png') });
    // The other built-in rates are still estimates, and the note says how many.
    const left = Number(await note.getAttribute('data-count'));
    const rates = (await ownerApi(server.url, 'GET', '/api/rates')).body.rates as { currency: string; estimate_of: string | null }[];
    assert.equal(left, rates.filter((r) => r.estimate_of !== null).length);
    assert.equal(rates.find((r) => r.currency === 'JPY')?.estimate_of, null);

    // Kept by the server and audited: a reload shows the same, the Audit tab names it.
    await page.reload();
    await page.locator('#root[data-state="ready"]').waitFor();
    await jpyRow.waitFor();
    assert.equal(await jpyRow.locator('[data-testid="rate-estimate"]').count(), 0);
    assert.equal(await byTest(page, 'checklist').count(), 0, 'the finished checklist stays gone');
    await byTest(page, 'tab-audit').click();
    await page.getByText('confirmed the built-in estimate').first().waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('can be hidden for good before it is done', async () => {
    const { browser } = session;
    const fresh = tempDir('telethon-e2e-steps-hide-');
    const own = await startServer(fresh.path);
    try {
      assert.equal((await ownerApi(own.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const other = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      for (const p of [page, other]) {
        await p.goto(`${own.url}/#token=${OWNER_TOKEN}`);
        await byTest(p, 'checklist').waitFor();
      }
      await byTest(page, 'checklist-dismiss').click();
      // Gone on every dashboard of the owner, and after a reload.
      await byTest(other, 'checklist').waitFor({ state: 'detached' });
      await page.reload();
      await page.locator('#root[data-state="ready"]').waitFor();
      assert.equal(await byTest(page, 'checklist').count(), 0);
      await page.close();
      await other.close();
    } finally {
      await own.stop();
      fresh.remove();
    }
  });
});
