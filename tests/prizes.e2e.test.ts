// A prize end to end, in a real app process and Debian's Chromium: the owner sets it up in the
// Prizes tab (bad input refused in words first), donations arrive and the eligible count moves
// live, the owner closes entries and draws after a confirmation, verifies and exports; the
// overlay widget shows the prize to win, then the winners (the anonymous one as "Anonymous").
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { WIDGET_INFO } from '../renderer/overlay/options.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi, postSignedWebhook } from './support/server-process.js';

const session = e2eSession('telethon-prizes-e2e-');
const HOSTILE_TITLE = 'Signed controller <img src=x onerror="window.__pwned=1">';
/** "2026-11-23T09:05" in UTC, as a datetime-local field takes it (the context runs in UTC). */
const utcLocal = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const OWN_SHOTS = '/tmp/shots-prizes';

async function must(method: string, path: string, body: unknown, status: number): Promise<any> {
  const answer = await ownerApi(session.server.url, method, path, body);
  assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function shoot(page: Page, name: string, options: { omitBackground?: boolean } = {}): Promise<void> {
  mkdirSync(OWN_SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name), ...options });
  await page.screenshot({ path: join(OWN_SHOTS, name), ...options });
}

describe('a prize, from the Prizes tab to the overlay', () => {
  it('is set up, fills with entries live, is drawn, verified and exported, and its winners reach the overlay', async () => {
    const url = session.server.url;
    await must('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, starts_at: new Date(Date.now() - 3_600_000).toISOString() }, 200);
    const source = await must('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' }, 201);

    const { page, errors } = await openDashboard(session.browser, `${url}/#token=${OWNER_TOKEN}`, { width: 1440, height: 900 }, { timezoneId: 'UTC', acceptDownloads: true });
    await byTest(page, 'tab-prizes').click();
    await byTest(page, 'prizes-empty').waitFor();

    // Bad input is refused in words, before anything is stored.
    const now = Date.now();
    await byTest(page, 'prize-new-title').fill(HOSTILE_TITLE);
    await byTest(page, 'prize-new-rules').fill('One winner per place among donations of €10 or more during the speedrun.\nShipped worldwide.');
    await byTest(page, 'prize-new-minimum').fill('0');
    await byTest(page, 'prize-new-submit').click();
    await byTest(page, 'prize-new-error').filter({ hasText: 'more than zero' }).waitFor();
    await byTest(page, 'prize-new-minimum').fill('10');
    await byTest(page, 'prize-new-opens').fill(utcLocal(now + 3_600_000));
    await byTest(page, 'prize-new-closes').fill(utcLocal(now - 60_000));
    await byTest(page, 'prize-new-submit').click();
    await byTest(page, 'prize-new-error').filter({ hasText: 'The window must end after it starts' }).waitFor();
    await byTest(page, 'prize-new-opens').fill(utcLocal(now - 5 * 60_000));
    await byTest(page, 'prize-new-closes').fill(utcLocal(now + 30 * 60_000));
    await byTest(page, 'prize-new-winners').fill('0');
    await byTest(page, 'prize-new-submit').click();
    await byTest(page, 'prize-new-error').filter({ hasText: 'whole number from 1 to 100' }).waitFor();
    await shoot(page, 'prizes-panel-form-error.png');
    await byTest(page, 'prize-new-winners').fill('3');
    await byTest(page, 'prize-new-submit').click();
    const card = byTest(page, 'prize-card');
    await card.waitFor();
    assert.equal(await byTest(card, 'prize-card-title').textContent(), HOSTILE_TITLE);
    assert.equal(await byTest(card, 'prize-eligible').textContent(), '0');
    assert.equal((await must('GET', '/api/prizes', undefined, 200)).prizes.length, 1);

    // The overlay widget: the prize to win, with its minimum and time left.
    const info = await must('GET', '/api/overlay', undefined, 200);
    const widgetUrl = (info.widgets as { name: string; url: string }[]).find((w) => w.name === 'prize')!.url;
    const overlay = await session.browser.newPage({ viewport: { width: WIDGET_INFO.prize.width, height: WIDGET_INFO.prize.height } });
    const overlayErrors: string[] = [];
    overlay.on('pageerror', (error) => overlayErrors.push(error.message));
    await overlay.goto(widgetUrl);
    await overlay.locator('#root[data-state="ready"]').waitFor();
    await overlay.locator('[data-testid="prize"][data-phase="open"]').waitFor();
    assert.equal(await byTest(overlay, 'prize-title').textContent(), HOSTILE_TITLE);
    assert.equal(await byTest(overlay, 'prize-minimum').textContent(), 'Donate €10.00 or more to enter');
    assert.match((await byTest(overlay, 'prize-time').textContent()) ?? '', /^Entries close in 0:(29|30|2\d):\d\d$/);

    // Donations arrive: two enter (one anonymous, from the webhook with a contact), one is too small.
    const hook = `${url}${source.hook_path}`;
    assert.equal(await postSignedWebhook(hook, source.secret, { id: 'w-1', type: 'donation', amount: { value: '25.00', currency: 'EUR' }, donor: { name: 'Anouk Hidden', anonymous: true, email: 'anouk@example.org' }, message: 'good luck' }), 201);
    await must('POST', '/api/donations', { id: 'p-1', amount: { value: '12.00', currency: 'EUR' }, donor: { name: 'Ada Lovelace' }, message: 'for the camp', reviewed: true }, 201);
    await must('POST', '/api/donations', { id: 'p-2', amount: { value: '9.99', currency: 'EUR' }, donor: { name: 'Just Short' }, reviewed: true }, 201);
    await card.locator('[data-testid="prize-eligible"]', { hasText: /^2$/ }).waitFor();
    await byTest(overlay, 'prize-entries').filter({ hasText: '2 entries' }).waitFor();
    await shoot(page, 'prizes-panel-open.png');
    await shoot(overlay, 'prize-widget-open.png', { omitBackground: true });

    // Close entries now, then draw after the confirmation (3 places, 2 entries: both win, and it says so).
    await byTest(card, 'prize-close-now').click();
    await page.locator('[data-testid="prize-card"][data-phase="closed"]').waitFor();
    await byTest(card, 'prize-draw-button').click();
    await byTest(card, 'prize-confirm').filter({ hasText: 'Only 2 entries for 3 places: every entry will win.' }).waitFor();
    await shoot(page, 'prizes-panel-confirm.png');
    await byTest(card, 'prize-draw-confirm').click();
    await byTest(card, 'prize-note').filter({ hasText: 'Only 2 entries for 3 places' }).waitFor();
    await byTest(card, 'prize-winner-row').nth(1).waitFor();
    const donors = (await byTest(card, 'prize-winner-donor').allTextContents()).sort();
    assert.deepEqual(donors, ['Ada Lovelace', 'Anouk Hidden']);

    // Verify: the server re-runs the draw from its seed and entries.
    await byTest(card, 'prize-verify').click();
    await byTest(card, 'prize-verification').filter({ hasText: 'Verified' }).waitFor();

    // Export for the charity: the winners with the contact the webhook gave.
    const download = page.waitForEvent('download');
    await byTest(card, 'prize-export').click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    assert.match(csv, /anouk@example\.org/);
    assert.match(csv, /Ada Lovelace/);
    await shoot(page, 'prizes-panel-drawn.png');

    // The overlay: the winners, the anonymous one never named.
    await overlay.locator('[data-testid="prize"][data-phase="drawn"]').waitFor();
    await byTest(overlay, 'prize-winner').nth(1).waitFor();
    assert.deepEqual((await byTest(overlay, 'prize-winner-name').allTextContents()).sort(), ['Ada Lovelace', 'Anonymous']);
    assert.doesNotMatch(await overlay.locator('body').innerText(), /Anouk|anouk@/);
    assert.equal(await overlay.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await shoot(overlay, 'prize-widget-drawn.png', { omitBackground: true });
    await overlay.evaluate(() => document.documentElement.style.setProperty('background', 'linear-gradient(135deg, #0b1020, #2a1e3f)', 'important'));
    await shoot(overlay, 'prize-widget-drawn-dark.png');
    assert.deepEqual(overlayErrors, []);
    await overlay.close();

    // The Overlay tab lists the widget.
    await byTest(page, 'tab-overlay').click();
    await byTest(page, 'overlay-pick-prize').click();
    await page.frameLocator('iframe').locator('[data-testid="prize"]').waitFor();
    await shoot(page, 'prizes-overlay-tab.png');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
