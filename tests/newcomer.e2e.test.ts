import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { tempDir } from '../main/testing/harness.js';
import { byTest, launchBrowser } from './support/browser.js';
import { OWNER_TOKEN, ROOT, type ServerProcess, postSignedWebhook, startServer } from './support/server-process.js';

const SHOTS = join(ROOT, 'test-results');
const HOSTILE_NAME = 'Ada <img src=x onerror="window.__pwned=1">';

let server: ServerProcess;
let browser: Browser;
const temp = tempDir('telethon-e2e-');

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer(temp.path);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  temp.remove();
});



describe("a newcomer's first five minutes", () => {
  it('creates a campaign, enters a pledge, posts a signed webhook, and sees both on the dashboard and the overlay', async () => {
    const dashboard = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    dashboard.on('pageerror', (error) => errors.push(error.message));
    await dashboard.goto(`${server.url}/#token=${OWNER_TOKEN}`);
    await dashboard.locator('#root[data-state="setup"]').waitFor();
    assert.ok(!dashboard.url().includes(OWNER_TOKEN), 'the token must leave the address bar');

    await byTest(dashboard, 'campaign-title').fill('Water for the camps');
    await byTest(dashboard, 'campaign-cause').fill("Clean water in Cox's Bazar");
    await byTest(dashboard, 'campaign-currency').fill('euro');
    await dashboard.keyboard.press('Enter');
    assert.equal(await byTest(dashboard, 'campaign-currency').getAttribute('data-value'), 'EUR');
    await byTest(dashboard, 'campaign-goal').fill('10000');
    await byTest(dashboard, 'milestone-add').click();
    await byTest(dashboard, 'milestone-amount').fill('1000');
    await byTest(dashboard, 'milestone-label').fill('A water pump');
    await byTest(dashboard, 'campaign-submit').click();
    await dashboard.locator('#root[data-state="ready"]').waitFor();
    assert.equal(await byTest(dashboard, 'campaign-title-view').textContent(), 'Water for the camps');

    // A pledge by hand, with a donor name that is HTML.
    await byTest(dashboard, 'pledge-amount').fill('25.50');
    await byTest(dashboard, 'pledge-donor').fill(HOSTILE_NAME);
    await byTest(dashboard, 'pledge-message').fill('<script>window.__pwned=2</script> on air please');
    await byTest(dashboard, 'pledge-submit').click();
    await byTest(dashboard, 'pledge-done').waitFor();
    await dashboard.locator('[data-testid="total"][data-value="25.50"]').waitFor();
    await byTest(dashboard, 'donation-donor').filter({ hasText: HOSTILE_NAME }).waitFor();

    // A signed webhook source, made in the dashboard, fed from outside.
    await byTest(dashboard, 'webhook-name').fill('Donation form');
    await byTest(dashboard, 'webhook-submit').click();
    const hookUrl = (await byTest(dashboard, 'webhook-url').textContent())?.trim() ?? '';
    const secret = (await byTest(dashboard, 'webhook-secret').textContent())?.trim() ?? '';
    assert.match(hookUrl, /^http:\/\/127\.0\.0\.1:\d+\/hooks\/webhook-/);
    assert.ok(secret.length >= 32);
    const webhook = { id: 'form-1', type: 'donation', amount: { value: '3000', currency: 'JPY' }, donor: { name: 'Hiroshi' }, message: 'from Osaka' };
    assert.equal(await postSignedWebhook(hookUrl, secret, webhook), 201);
    assert.equal(await postSignedWebhook(hookUrl, secret, webhook), 200, 'a redelivery is acknowledged');
    await byTest(dashboard, 'donation-donor').filter({ hasText: 'Hiroshi' }).waitFor();
    const total = await dashboard.locator('[data-testid="total"]').getAttribute('data-value');
    // 25.50 EUR + 3000 JPY at the default rate (0.0055483871) = 25.50 + 16.65
    assert.equal(total, '42.15');
    await byTest(dashboard, 'webhook-done').click();
    await dashboard.locator('[data-testid="source"][data-status="listening"]').waitFor();
    await dashboard.screenshot({ path: join(SHOTS, 'newcomer-dashboard.png') });

    // The overlay, by the URL the dashboard gives for OBS.
    const overlayUrl = (await byTest(dashboard, 'overlay-url').first().textContent())?.trim() ?? '';
    assert.match(overlayUrl, /\/overlay\/total\?key=/);
    const overlay = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    overlay.on('pageerror', (error) => errors.push(error.message));
    await overlay.goto(overlayUrl);
    await overlay.locator('#root[data-state="ready"]').waitFor();
    await overlay.locator('[data-testid="overlay-total"][data-value="42.15"]').waitFor();
    const background = await overlay.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.match(background, /rgba\(0, 0, 0, 0\)|transparent/);

    // Live: one more webhook moves the overlay, and its text settles on the exact total.
    assert.equal(await postSignedWebhook(hookUrl, secret, { ...webhook, id: 'form-2', amount: { value: '7.85', currency: 'EUR' } }), 201);
    await overlay.locator('[data-testid="overlay-total"][data-value="50.00"]').waitFor();
    await overlay.waitForFunction(() => document.querySelector('[data-testid="overlay-total"]')?.textContent?.includes('50.00'));
    await overlay.screenshot({ path: join(SHOTS, 'newcomer-overlay.png'), omitBackground: true });
    const overlayText = await overlay.locator('body').innerText();
    assert.doesNotMatch(overlayText, /Ada|Hiroshi|on air/, 'the overlay shows no unscreened donor content');

    // Nothing the donors wrote became markup, and no script ran.
    assert.equal(await dashboard.evaluate(() => (window as { __pwned?: number }).__pwned ?? 0), 0);
    assert.equal(await dashboard.locator('#root img[src="x"]').count(), 0);
    assert.deepEqual(errors, []);
    await dashboard.close();
    await overlay.close();
  });

  it('shows a locked database on the dashboard in plain words, and clears it when writes work again', async () => {
    const dashboard = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await dashboard.goto(`${server.url}/#token=${OWNER_TOKEN}`);
    await dashboard.locator('#root[data-state="ready"]').waitFor();
    // The first source's secret was shown once; this test makes its own source.
    const created = await (
      await fetch(`${server.url}/api/sources`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OWNER_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'webhook', name: 'Bank bridge' }),
      })
    ).json();
    const locker = new Database(join(temp.path, 'telethon.sqlite'));
    locker.exec('BEGIN EXCLUSIVE');
    try {
      const status = await postSignedWebhook(`${server.url}${created.hook_path}`, created.secret, { id: 'bank-1', type: 'donation', amount: { value: '100', currency: 'EUR' } });
      assert.equal(status, 503);
      await byTest(dashboard, 'health-banner').filter({ hasText: 'locked by another program' }).waitFor();
      await dashboard.screenshot({ path: join(SHOTS, 'newcomer-locked.png') });
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    assert.equal(await postSignedWebhook(`${server.url}${created.hook_path}`, created.secret, { id: 'bank-1', type: 'donation', amount: { value: '100', currency: 'EUR' } }), 201);
    await byTest(dashboard, 'health-banner').waitFor({ state: 'detached' });
    await dashboard.close();
  });

  it('plays the demo in its own database from "Try the demo"', async () => {
    const fresh = tempDir('telethon-e2e-demo-');
    const own = await startServer(fresh.path);
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(`${own.url}/#token=${OWNER_TOKEN}`);
      await page.locator('#root[data-state="setup"]').waitFor();
      await byTest(page, 'demo-button').click();
      await page.locator('#root[data-state="ready"]').waitFor();
      await byTest(page, 'demo-badge').waitFor();
      assert.notEqual(new URL(page.url()).port, new URL(own.url).port, 'the demo runs on its own server');
      // It moves by itself: more donations arrive while we watch.
      const first = Number((await byTest(page, 'donation-count').textContent())?.replace(/[^0-9]/g, ''));
      await page.waitForFunction(
        (before) => Number(document.querySelector('[data-testid="donation-count"]')?.textContent?.replace(/[^0-9]/g, '')) > before,
        first,
        { timeout: 20_000 },
      );
      await page.screenshot({ path: join(SHOTS, 'demo-dashboard.png') });
      await page.close();
      // The real database stayed empty: no campaign, no donations.
      const real = await fetch(`${own.url}/api/totals`, { headers: { authorization: `Bearer ${OWNER_TOKEN}` } });
      assert.equal((await real.json()).donations, 0);
    } finally {
      await own.stop();
      fresh.remove();
    }
  });
});
