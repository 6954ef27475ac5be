import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../main/testing/harness.js';
import { byTest } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi, postSignedWebhook, startServer } from './support/server-process.js';

const HOSTILE_NAME = 'Ada <img src=x onerror="window.__pwned=1">';

const session = e2eSession('telethon-e2e-');

describe("a newcomer's first five minutes", () => {
  it('creates a campaign, enters a pledge, posts a signed webhook, and sees both on the dashboard and the overlay', async () => {
    const { server, browser } = session;
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
    const { server, browser } = session;
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
    const locker = new Database(join(session.dataDir, 'telethon.sqlite'));
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

  it('plays the demo in its own database, in a tab beside the real campaign, with a way back', async () => {
    const { browser } = session;
    const fresh = tempDir('telethon-e2e-demo-');
    const own = await startServer(fresh.path);
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const real = await context.newPage();
      await real.goto(`${own.url}/#token=${OWNER_TOKEN}`);
      await real.locator('#root[data-state="setup"]').waitFor();
      await byTest(real, 'campaign-title').fill('My real marathon');
      const opened = context.waitForEvent('page');
      await byTest(real, 'demo-button').click();
      const page = await opened;
      await page.locator('#root[data-state="ready"]').waitFor({ timeout: 30_000 });
      await byTest(page, 'demo-badge').waitFor();
      await byTest(page, 'demo-strip').filter({ hasText: 'DEMO' }).waitFor();
      assert.notEqual(new URL(page.url()).port, new URL(own.url).port, 'the demo runs on its own server');
      assert.doesNotMatch(page.url(), /token=|back=/, 'the demo link leaves the address bar');
      // The real campaign's tab is as it was: still the setup form, with what was typed.
      await byTest(real, 'demo-opened').waitFor();
      assert.equal(await byTest(real, 'campaign-title').inputValue(), 'My real marathon');
      // It moves by itself: more donations arrive while we watch.
      const first = Number((await byTest(page, 'donation-count').textContent())?.replace(/[^0-9]/g, ''));
      await page.waitForFunction(
        (before) => Number(document.querySelector('[data-testid="donation-count"]')?.textContent?.replace(/[^0-9]/g, '')) > before,
        first,
        { timeout: 20_000 },
      );
      await page.screenshot({ path: join(SHOTS, 'demo-dashboard.png') });

      // The way back: the demo's tab closes, the real campaign's is there, untouched.
      const closed = page.waitForEvent('close');
      await byTest(page, 'demo-back').click();
      await closed;
      assert.deepEqual(context.pages(), [real]);
      assert.equal(await byTest(real, 'campaign-title').inputValue(), 'My real marathon');

      // Opened in place (no tab to be had, as in the desktop window), the way back returns in the same tab.
      const demoUrl = (await ownerApi(own.url, 'POST', '/api/demo')).body.url as string;
      await real.goto(demoUrl);
      await real.locator('#root[data-state="ready"]').waitFor({ timeout: 30_000 });
      // The demo's dashboard is busy drawing its first hours on a loaded machine: no scrolling or
      // stability checks, only the click.
      await byTest(real, 'demo-back').dispatchEvent('click', undefined, { timeout: 60_000 });
      await real.waitForURL(`${own.url}/`);
      await real.locator('#root[data-state="setup"]').waitFor();
      await context.close();
      // The real database stayed empty: no campaign, no donations.
      const totals = await fetch(`${own.url}/api/totals`, { headers: { authorization: `Bearer ${OWNER_TOKEN}` } });
      assert.equal((await totals.json()).donations, 0);
      assert.equal((await ownerApi(own.url, 'GET', '/api/campaign')).body.campaign, null);
    } finally {
      await own.stop();
      fresh.remove();
    }
  });
});
