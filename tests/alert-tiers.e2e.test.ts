// Alerts a streamer can shape (issue 18), in Chromium against the real server process: the
// owner sets three tiers in the Overlay tab and sends a test alert; each tier's look over a
// dark backdrop; the test alert counts nothing; and a €10,000 donation approved 5 s after it
// arrived gets its own alert before the milestones it reached.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { WIDGET_INFO } from '../renderer/overlay/options.js';
import { byTest, openPageInto } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { runningCampaign, type WebhookSender, webhookSender } from './support/overlay-seed.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-alert-tiers-e2e-', { afterStart: seed });
/** Stand-in for dark game footage: the overlay is transparent, so the screenshot shows it over this. */
const DARK_BACKDROP = 'html, body { background: radial-gradient(circle at 30% 40%, #3a4a3a, transparent 60%), linear-gradient(135deg, #1c2430, #0b0f14 60%, #2a1c12) !important; }';
let hook: WebhookSender;
let alertsUrl: string;
const errors: string[] = [];

async function openAlerts(): Promise<Page> {
  const info = WIDGET_INFO.alerts;
  const page = await session.browser.newPage({ viewport: { width: info.width, height: info.height } });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(alertsUrl);
  await page.locator('#root[data-state="ready"]').waitFor();
  await page.addStyleTag({ content: DARK_BACKDROP });
  // Every alert that reached the screen, in order: its kind and its text.
  await page.evaluate(() => {
    const shown: string[] = [];
    (window as unknown as { __shown: string[] }).__shown = shown;
    new MutationObserver(() => {
      const alert = document.querySelector('[data-testid="alert"]:not(.leaving)');
      const entry = alert ? `${alert.getAttribute('data-kind')}: ${alert.textContent ?? ''}` : '';
      if (entry && shown[shown.length - 1] !== entry) shown.push(entry);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return page;
}

const shownOn = (page: Page) => page.evaluate(() => (window as unknown as { __shown: string[] }).__shown);

/** The alert's entrance has played (an epic alert's glow may still be on: it is part of the look). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || !(a as CSSAnimation).animationName?.startsWith('alert-in')),
    undefined,
    { timeout: 5_000 },
  );
}

/** A running campaign, a webhook source, and the alerts widget's URL. */
async function seed(): Promise<void> {
  const { server } = session;
  assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', runningCampaign())).status, 200);
  hook = await webhookSender(server.url);
  const info = (await ownerApi(server.url, 'GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] };
  alertsUrl = info.widgets.find((w) => w.name === 'alerts')?.url ?? '';
}

describe('alerts a streamer can shape', () => {
  it('the owner sets three tiers in the Overlay tab and a test alert shows in the preview', async () => {
    const { server, browser } = session;
    const page = await openPageInto(errors, 'dashboard', browser, `${server.url}/#token=${OWNER_TOKEN}`);
    await byTest(page, 'tab-overlay').click();
    await byTest(page, 'overlay-pick-alerts').click();
    await byTest(page, 'alert-tiers-none').waitFor();
    await byTest(page, 'alert-tiers-suggest').click();
    assert.equal(await byTest(page, 'tier-1-from').inputValue(), '20.00');
    assert.equal(await byTest(page, 'tier-2-look').inputValue(), 'epic');
    // Short alerts for the test that follows; the looks and sounds stay as suggested.
    for (const index of [0, 1, 2]) await byTest(page, `tier-${index}-seconds`).fill('2');
    await byTest(page, 'tier-2-from').fill('100');
    await byTest(page, 'alert-tiers-save').click();
    await page.locator('[data-testid="alert-tiers-message"]', { hasText: 'Saved' }).waitFor();
    // Written canonically by the server.
    assert.equal(await byTest(page, 'tier-2-from').inputValue(), '100.00');
    const preview = page.frameLocator('[data-testid="overlay-preview"]');
    await preview.locator('#root[data-state="ready"]').waitFor();
    await byTest(page, 'tier-2-test').click();
    const card = preview.locator('[data-testid="alert"][data-kind="test"]');
    await card.waitFor();
    assert.match((await card.textContent()) ?? '', /Test alert.*Sam Sample.*€100\.00/);
    assert.equal(await preview.locator('[data-testid="alerts"]').getAttribute('data-look'), 'epic');
    await byTest(page, 'overlay-preview').scrollIntoViewIfNeeded();
    await page.waitForTimeout(900); // the entrance (0.8 s) has played: the screenshot shows the card whole
    await page.screenshot({ path: join(SHOTS, 'alert-tiers-preview.png') });
    await byTest(page, 'alert-tiers').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'alert-tiers-overlay-tab.png') });
    const saved = (await ownerApi(server.url, 'GET', '/api/overlay/alerts')).body as { tiers: { from: string; look: string; sound: string }[] };
    assert.deepEqual(saved.tiers.map((t) => [t.from, t.look, t.sound]), [['0.00', 'standard', 'chime'], ['20.00', 'big', 'coins'], ['100.00', 'epic', 'fanfare']]);
    await page.close();
  });

  it('shows each tier in its look over a dark backdrop; the test alert counts nothing', async () => {
    const { server } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/screening/settings', { mode: 'none', words: [], overlay_min: null })).status, 200);
    const page = await openAlerts();
    for (const [id, value, name, look, sound] of [
      ['tier-0', '5.00', 'Small Sam', 'standard', 'chime'],
      ['tier-1', '25.00', 'Medium Mo', 'big', 'coins'],
      ['tier-2', '250.00', 'Generous Gia', 'epic', 'fanfare'],
    ] as const) {
      assert.equal((await hook.donate(id, value, { name }, `Thanks from ${name}`)).status, 201);
      await page.locator('[data-testid="alert"][data-kind="donation"]', { hasText: name }).waitFor();
      const alerts = byTest(page, 'alerts');
      assert.equal(await alerts.getAttribute('data-look'), look);
      assert.equal(await alerts.getAttribute('data-sound'), sound);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, `alert-tier-${look}.png`) });
    }
    const totalBefore = (await ownerApi(server.url, 'GET', '/api/totals')).body.raised;
    assert.equal((await ownerApi(server.url, 'POST', '/api/overlay/test-alert', { tier: 1 })).status, 200);
    const test = page.locator('[data-testid="alert"][data-kind="test"]');
    await test.waitFor();
    assert.match((await test.textContent()) ?? '', /Test alert.*Sam Sample donated.*€20\.00.*nothing was counted/);
    assert.equal(await byTest(page, 'alerts').getAttribute('data-look'), 'big');
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'alert-test-big.png') });
    assert.deepEqual((await ownerApi(server.url, 'GET', '/api/totals')).body.raised, totalBefore);
    const donations = (await ownerApi(server.url, 'GET', '/api/donations')).body.donations as { donor_name: string | null }[];
    assert.ok(!donations.some((d) => d.donor_name === 'Sam Sample'));
    await page.close();
  });

  it('a €10,000 donation approved 5 s after it arrived alerts before the milestones it reached', async () => {
    const { server } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/screening/settings', { mode: 'one_pass', words: [], overlay_min: null })).status, 200);
    const page = await openAlerts();
    const { status, id } = await hook.donate('big-one', '10000.00', { name: 'Grace Hopper' }, 'For every well');
    assert.equal(status, 201);
    // The total crosses "A pump", "A well" and the goal at once; the donation waits in screening.
    // Five seconds is the scenario (a moderator takes that long), not a wait for the page.
    await page.waitForTimeout(5_000);
    assert.deepEqual(await shownOn(page), [], 'no milestone before the donation that reached it');
    assert.equal((await ownerApi(server.url, 'POST', `/api/donations/${id}/screen`, { decision: 'approve' })).status, 200);
    await page.locator('[data-testid="alert"][data-kind="donation"]', { hasText: 'Grace Hopper' }).waitFor();
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'alert-milestone-order-donation.png') });
    await page.locator('[data-testid="alert"][data-kind="milestone"]', { hasText: 'Goal reached' }).waitFor({ timeout: 15_000 });
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'alert-milestone-order-goal.png') });
    const kinds = (await shownOn(page)).map((entry) => entry.replace(/: .*?(Grace Hopper|A pump|A well|Goal reached).*$/, ': $1'));
    assert.deepEqual(kinds, ['donation: Grace Hopper', 'milestone: A pump', 'milestone: A well', 'milestone: Goal reached']);
    await page.close();
  });

  it('with early alerts on, a waiting donation alerts at once with name and amount, never its message', async () => {
    const { server, browser } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/overlay/alerts', { ...(await ownerApi(server.url, 'GET', '/api/overlay/alerts')).body, early: true })).status, 200);
    const page = await openAlerts();
    const ticker = await browser.newPage({ viewport: { width: WIDGET_INFO.ticker.width, height: WIDGET_INFO.ticker.height } });
    await ticker.goto(alertsUrl.replace('/overlay/alerts', '/overlay/ticker'));
    await ticker.locator('#root[data-state="ready"]').waitFor();
    const { id } = await hook.donate('early-one', '30.00', { name: 'Early Eve' }, 'UNSCREENED <b>message</b>');
    const card = page.locator('[data-testid="alert"][data-kind="donation"]', { hasText: 'Early Eve' });
    await card.waitFor();
    assert.equal(await card.locator('[data-testid="alert-amount"]').textContent(), '€30.00');
    assert.equal(await card.locator('[data-testid="alert-message"]').count(), 0);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'alert-early-name-amount.png') });
    assert.doesNotMatch(await page.locator('body').innerText(), /UNSCREENED/);
    assert.doesNotMatch(await ticker.locator('body').innerText(), /Early Eve/, 'the ticker waits for the approval');
    // Approved afterwards: in the ticker with its message, and no second alert.
    assert.equal((await ownerApi(server.url, 'POST', `/api/donations/${id}/screen`, { decision: 'approve' })).status, 200);
    await ticker.locator('[data-testid="ticker-row"]', { hasText: 'Early Eve' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="alert"]'), undefined, { timeout: 10_000 });
    assert.equal((await shownOn(page)).filter((entry) => entry.includes('Early Eve')).length, 1);
    await ticker.close();
    await page.close();
    assert.deepEqual(errors, []);
  });

  it('plays the owner\'s own sound file: uploaded in the Overlay tab, chosen for a tier, fetched with the overlay key', async () => {
    const { server, browser } = session;
    const dashboard = await openPageInto(errors, 'dashboard', browser, `${server.url}/#token=${OWNER_TOKEN}`);
    await byTest(dashboard, 'tab-overlay').click();
    await byTest(dashboard, 'overlay-pick-alerts').click();
    await byTest(dashboard, 'sound-files').waitFor();
    // A web page renamed to .mp3 is refused for what it is, not for its name.
    const fake = join(session.dataDir, 'airhorn.mp3');
    writeFileSync(fake, '<html><script>alert(1)</script></html>');
    await byTest(dashboard, 'sound-file-input').setInputFiles(fake);
    await dashboard.locator('[data-testid="sound-files-message"]', { hasText: 'not a sound file' }).waitFor();
    const wav = join(session.dataDir, 'Bell ding.wav');
    writeFileSync(wav, sineWav(0.4));
    await byTest(dashboard, 'sound-file-input').setInputFiles(wav);
    await dashboard.locator('[data-testid="sound-file"]', { hasText: 'Bell ding.wav' }).waitFor();
    const id = await byTest(dashboard, 'sound-file').first().getAttribute('data-sound-id');
    await byTest(dashboard, 'tier-0-sound').selectOption(`file:${id}`);
    await byTest(dashboard, 'alert-tiers-save').click();
    await dashboard.locator('[data-testid="alert-tiers-message"]', { hasText: 'Saved' }).waitFor();
    await dashboard.locator('[data-testid="sound-file"]', { hasText: 'tier 1' }).waitFor();
    await byTest(dashboard, 'sound-files').scrollIntoViewIfNeeded();
    await dashboard.screenshot({ path: join(SHOTS, 'alert-own-sound.png') });
    // In use: it cannot be removed, and the owner is told why.
    await byTest(dashboard, 'sound-file-remove').first().click();
    await dashboard.locator('[data-testid="sound-files-message"]', { hasText: 'tier 1 plays this sound' }).waitFor();

    // The overlay fetches it with its key, decodes it and plays it when a tier-1 alert shows.
    const overlay = await browser.newPage({ viewport: { width: WIDGET_INFO.alerts.width, height: WIDGET_INFO.alerts.height } });
    await overlay.addInitScript(() => {
      const played: number[] = [];
      (window as unknown as { __played: number[] }).__played = played;
      const start = AudioBufferSourceNode.prototype.start;
      AudioBufferSourceNode.prototype.start = function (...args: Parameters<AudioBufferSourceNode['start']>) {
        played.push(this.buffer?.duration ?? -1);
        return start.apply(this, args);
      };
    });
    const fetched: number[] = [];
    overlay.on('response', (response) => {
      if (response.url().includes(`/overlay-sound/${id}`)) fetched.push(response.status());
    });
    await overlay.goto(alertsUrl);
    await overlay.locator('#root[data-state="ready"]').waitFor();
    assert.equal((await ownerApi(server.url, 'POST', '/api/overlay/test-alert', { tier: 0 })).status, 200);
    await overlay.locator('[data-testid="alert"][data-kind="test"]').waitFor();
    await overlay.waitForFunction(() => (window as unknown as { __played: number[] }).__played.length > 0, undefined, { timeout: 5_000 });
    const played = await overlay.evaluate(() => (window as unknown as { __played: number[] }).__played);
    assert.ok(Math.abs((played[0] ?? 0) - 0.4) < 0.01, `the decoded file is 0.4 s long: ${played.join(', ')}`);
    assert.ok(fetched.includes(200), `fetched ${fetched.join(', ')}`);
    // Without the overlay key there is nothing to fetch.
    assert.equal((await fetch(`${server.url}/overlay-sound/${id}`)).status, 403);
    await overlay.close();
    await dashboard.close();
    assert.deepEqual(errors, []);
  });
});

/** A mono 16-bit WAV of a 660 Hz tone, `seconds` long, at 8 kHz. */
function sineWav(seconds: number): Buffer {
  const rate = 8_000;
  const samples = Math.round(rate * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(8_000 * Math.sin((2 * Math.PI * 660 * i) / rate)), 44 + i * 2);
  return wav;
}
