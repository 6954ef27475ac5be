// The OBS overlay in Chromium against the real server process: every widget loads and shows its
// data, updates after an ingest, never shows unscreened or denied content, survives a flood of
// 500 donations in a second, and comes back by itself after the server is killed and restarted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { OVERLAY_WIDGETS } from '../shared/contract.js';
import { WIDGET_INFO } from '../renderer/overlay/options.js';
import { byTest, openPageInto } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { runningCampaign, seedTargets, type WebhookSender, webhookSender } from './support/overlay-seed.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-overlay-e2e-', { afterStart: seed });
let hook: WebhookSender;
let urls: Map<string, string>;
const errors: string[] = [];

function openWidget(name: string, query = '', viewport?: { width: number; height: number }): Promise<Page> {
  const info = WIDGET_INFO[name as keyof typeof WIDGET_INFO];
  return openPageInto(errors, name, session.browser, `${urls.get(name)}${query}`, viewport ?? { width: info.width, height: info.height });
}

async function screen(id: number, decision: 'approve' | 'deny' | 'flag'): Promise<void> {
  const answer = await ownerApi(session.server.url, 'POST', `/api/donations/${id}/screen`, { decision });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
}

async function donate(id: string, value: string, name: string, message?: string, anonymous = false): Promise<number> {
  const answer = await hook.donate(id, value, anonymous ? { name, anonymous } : { name }, message);
  assert.equal(answer.status, 201);
  return answer.id;
}

async function apiTotal(): Promise<string> {
  return (await ownerApi(session.server.url, 'GET', '/api/totals')).body.raised.value as string;
}

/** A running campaign, targets with a call moment now, and donations in every screening state. */
async function seed(): Promise<void> {
  const { server } = session;
  assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', runningCampaign())).status, 200);
  hook = await webhookSender(server.url);
  const { waiting } = await seedTargets(server.url);
  // A call moment now: the moment card shows it for its minute.
  assert.equal((await ownerApi(server.url, 'POST', `/api/targets/${waiting}/moments`, { at: new Date().toISOString() })).status, 201);
  const info = (await ownerApi(server.url, 'GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] };
  urls = new Map(info.widgets.map((w) => [w.name, w.url]));
  // Screened by a moderator (the default mode): two approved, one of them with a hostile name.
  await screen(await donate('seed-1', '1250.00', 'Ada Lovelace', 'For the pumps! Keep going everyone'), 'approve');
  await screen(await donate('seed-2', '25.00', '<img src=x onerror="window.__pwned=1">', '<b>not bold</b><script>window.__pwned=2</script>'), 'approve');
  await screen(await donate('seed-3', '40.00', 'Secret Sara', 'From a donor who wants no name', true), 'approve');
  await screen(await donate('seed-4', '66.00', 'DENIED-DONOR', 'DENIED-MESSAGE'), 'deny');
  await donate('seed-5', '77.00', 'PENDING-DONOR', 'PENDING-MESSAGE');
}

describe('the OBS overlay widgets', () => {
  it('loads each widget on a transparent page with its data, readable, screenshot taken', async () => {
    const total = await apiTotal();
    for (const name of OVERLAY_WIDGETS) {
      // The moment card shows for `seconds` from the moment's minute: ten minutes here, so a slow
      // machine reaching these widgets late in the minute still finds it on.
      const page = await openWidget(name, name === 'moment' || name === 'combined' ? '&seconds=600' : '');
      const background = await page.evaluate(() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor]);
      assert.deepEqual(background, ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)'], name);
      if (name === 'total' || name === 'combined') await page.locator(`[data-testid="overlay-total"][data-value="${total}"]`).waitFor();
      if (name === 'goal') assert.equal(await byTest(page, 'overlay-goal').getAttribute('data-next'), 'A well');
      if (name === 'ticker' || name === 'combined') {
        await byTest(page, 'ticker-row').nth(2).waitFor();
        assert.equal(await byTest(page, 'ticker-row').count(), 3);
        assert.deepEqual(await byTest(page, 'ticker-donor').allTextContents(), ['Anonymous', '<img src=x onerror="window.__pwned=1">', 'Ada Lovelace']);
        assert.equal(await page.locator('#root img, #root script, #root b').count(), 0, 'names and messages are text');
      }
      if (name === 'targets' || name === 'combined') {
        await page.locator('[data-testid="target-row"][data-status="responded"]').waitFor();
        const badges = await byTest(page, 'target-badge').allTextContents();
        assert.ok(badges.includes('Answered after 3 h 12 min'), badges.join(' | '));
        assert.ok(badges.some((b) => /^Waiting 2 h \d+ min$/.test(b)), badges.join(' | '));
        assert.deepEqual(await byTest(page, 'target-kind').allTextContents(), ['Commitment']);
      }
      if (name === 'clock' || name === 'combined') {
        assert.equal(await byTest(page, 'clock').getAttribute('data-phase'), 'live');
        // 3 h 12 min when the test began; the combined page comes after every widget, minutes later on a busy machine.
        assert.match((await byTest(page, 'clock-elapsed').textContent()) ?? '', /^3:1[1-6]:\d\d$/);
      }
      if (name === 'moment' || name === 'combined') {
        await page.locator('[data-testid="moment"][data-active="true"]').waitFor();
        assert.equal(await byTest(page, 'moment-tag').textContent(), '#ErdoganHelpRohingya', 'as the campaign writes it');
        assert.equal(await byTest(page, 'moment-ask').textContent(), 'Open a corridor for water trucks');
      }
      if (name === 'call-signups') {
        // The moment of now has the default sign-up command: its window is open.
        await page.locator('[data-testid="call-signups"][data-active="true"][data-state="open"]').waitFor();
        assert.match((await byTest(page, 'call-signups-line').textContent()) ?? '', /^0 people signed up: post #\S+ now$/);
        assert.match((await byTest(page, 'call-signups-join').textContent()) ?? '', /^type !call [a-z0-9_]+ to join$/);
      }
      if (name === 'leaderboard') {
        await byTest(page, 'leader').nth(2).waitFor();
        assert.deepEqual(await byTest(page, 'leader-name').allTextContents(), ['Ada Lovelace', 'Anonymous', '<img src=x onerror="window.__pwned=1">']);
        assert.equal(await byTest(page, 'leaderboard-title').textContent(), 'Top donors');
        assert.equal(await page.locator('#root img').count(), 0, 'names are text');
      }
      const text = await page.locator('body').innerText();
      assert.doesNotMatch(text, /PENDING|DENIED|Secret Sara/, `${name} shows only screened content`);
      await page.screenshot({ path: join(SHOTS, `overlay-${name}.png`), omitBackground: true });
      await page.close();
    }
    assert.deepEqual(errors, []);
  });

  it('refuses hostile option values: the page keeps its defaults and no CSS is injected', async () => {
    const hostile = `&color=${encodeURIComponent('red;}body{display:none')}&accent=${encodeURIComponent('#fff;background:url(https://evil.example/x)')}&font=${encodeURIComponent("x'}*{display:none")}&scale=1.5`;
    const page = await openWidget('ticker', hostile);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.rejectedOptions), 'color accent font');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).display), 'block');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--text').trim()), '#ffffff');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '24px', 'scale 1.5 of 16 px');
    await byTest(page, 'ticker-row').first().waitFor();
    assert.ok(await byTest(page, 'ticker-row').first().isVisible());
    await page.close();
  });

  it('updates after an ingest and shows only what was approved; a later denial takes it off', async () => {
    const page = await openWidget('combined', '&duration=2');
    const alerts = await openWidget('alerts', '&min=5.00&duration=3');
    await alerts.evaluate(() => {
      const shown: string[] = [];
      (window as unknown as { __shown: string[] }).__shown = shown;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="alert"]')?.textContent ?? '';
        if (text && shown[shown.length - 1] !== text) shown.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // Pending: the total moves (money is money), but neither the ticker nor an alert shows it.
    const pendingId = await donate('live-1', '10.00', 'LIVE-PENDING', 'LIVE-PENDING-MESSAGE');
    await page.locator(`[data-testid="overlay-total"][data-value="${await apiTotal()}"]`).waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /LIVE-PENDING/);
    // Approved: ticker on top, and an alert.
    await screen(pendingId, 'approve');
    await page.locator('[data-testid="ticker-row"]').first().filter({ hasText: 'LIVE-PENDING' }).waitFor();
    await page.locator('[data-testid="alert"][data-kind="donation"]', { hasText: 'LIVE-PENDING' }).waitFor();
    await alerts.locator('[data-testid="alert"][data-kind="donation"]', { hasText: 'LIVE-PENDING' }).waitFor();
    assert.equal(await alerts.locator('[data-testid="alert-amount"]').textContent(), '€10.00');
    await alerts.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 2_000 });
    await alerts.screenshot({ path: join(SHOTS, 'overlay-alerts-live.png'), omitBackground: true });
    // Denied while its alert is on: the alert leaves at once (well before its 3 s), the ticker drops it.
    const deniedAt = Date.now();
    await screen(pendingId, 'deny');
    await alerts.locator('[data-testid="alert"]', { hasText: 'LIVE-PENDING' }).waitFor({ state: 'detached', timeout: 2_000 });
    assert.ok(Date.now() - deniedAt < 2_000);
    await page.locator('[data-testid="ticker-row"]', { hasText: 'LIVE-PENDING' }).waitFor({ state: 'detached' });
    // Below the threshold (5.00): no alert of its own; the ticker still shows it. The next one
    // above it is the next alert (alerts keep their order, so none was skipped over).
    const small = await donate('live-small', '4.99', 'LIVE-SMALL', 'small but welcome');
    await screen(small, 'approve');
    const big = await donate('live-big', '5.00', 'LIVE-BIG', 'just enough');
    await screen(big, 'approve');
    await page.locator('[data-testid="ticker-row"]', { hasText: 'LIVE-SMALL' }).waitFor();
    await alerts.locator('[data-testid="alert"]', { hasText: 'LIVE-BIG' }).waitFor();
    const shown = await alerts.evaluate(() => (window as unknown as { __shown: string[] }).__shown);
    assert.deepEqual(shown.map((text) => /LIVE-\w+/.exec(text)?.[0]), ['LIVE-PENDING', 'LIVE-BIG']);
    const denied = await donate('live-2', '12.00', 'LIVE-DENIED', 'LIVE-DENIED-MESSAGE');
    await screen(denied, 'deny');
    await page.locator(`[data-testid="overlay-total"][data-value="${await apiTotal()}"]`).waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /LIVE-DENIED|LIVE-PENDING/);
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? 0), 0);
    await alerts.close();
    await page.close();
  });

  it('queues the alerts of 500 donations in one second without growing the page; the ticker stays readable and the total exact', async () => {
    const { server } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/screening/settings', { mode: 'none', words: [], overlay_min: null })).status, 200);
    const page = await openWidget('combined', '&duration=2');
    await page.evaluate(() => {
      // Every alert that reached the screen: donations by id, each "and N more" by its count.
      const watch = { maxAlerts: 0, maxQueued: 0, maxElements: 0, ids: [] as number[], merged: [] as number[] };
      (window as unknown as { __watch: typeof watch }).__watch = watch;
      const seen = new WeakSet<Element>();
      new MutationObserver(() => {
        const onScreen = document.querySelectorAll('[data-testid="alert"]');
        watch.maxAlerts = Math.max(watch.maxAlerts, onScreen.length);
        for (const alert of Array.from(onScreen)) {
          if (seen.has(alert)) continue;
          seen.add(alert);
          if (alert.getAttribute('data-kind') === 'donation') watch.ids.push(Number(alert.getAttribute('data-id')));
          if (alert.getAttribute('data-kind') === 'more') watch.merged.push(Number(alert.getAttribute('data-count')));
        }
        watch.maxQueued = Math.max(watch.maxQueued, Number(document.querySelector('[data-testid="alerts"]')?.getAttribute('data-queued') ?? 0));
        watch.maxElements = Math.max(watch.maxElements, document.getElementsByTagName('*').length);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const elementsBefore = await page.evaluate(() => document.getElementsByTagName('*').length);

    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 2)); // spread over one second
        return hook.donate(`flood-${i}`, `${1 + (i % 9)}.${String(i % 100).padStart(2, '0')}`, { name: `Flood ${i}` }, `Message ${i}`);
      }),
    );
    assert.ok(results.every((r) => r.status === 201));
    console.log(`500 donations acknowledged in ${Date.now() - started} ms`);

    const total = await apiTotal();
    await page.locator(`[data-testid="overlay-total"][data-value="${total}"]`).waitFor({ timeout: 10_000 });
    await page.waitForFunction((value) => document.querySelector('[data-testid="overlay-total"]')?.textContent === `€${value.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`, total);
    // The ticker: the five newest, each on its own lines.
    const newest = Math.max(...results.map((r) => r.id));
    await page.locator(`[data-testid="ticker-row"][data-id="${newest}"]`).waitFor();
    assert.equal(await byTest(page, 'ticker-row').count(), 5);
    const rows = await byTest(page, 'ticker-row').evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect()).map((r) => [r.top, r.bottom]));
    for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i]![0]! >= rows[i - 1]![1]!, 'ticker rows do not overlap');
    await page.screenshot({ path: join(SHOTS, 'overlay-flood.png'), omitBackground: true });
    // Alerts: one on screen at a time; the rest wait in a bounded queue, merged into "and N more".
    // Every donation is on screen once, alone or inside a summary. How many get an alert of
    // their own depends on how fast the 500 arrive (a loaded machine spreads them out).
    await page.locator('[data-testid="alert"][data-kind="more"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'overlay-flood-more.png'), omitBackground: true });
    type Watch = { maxAlerts: number; maxQueued: number; maxElements: number; ids: number[]; merged: number[] };
    const accounted = (w: Watch) => new Set(w.ids).size + w.merged.reduce((sum, n) => sum + n, 0);
    await page.waitForFunction(() => {
      const w = (window as unknown as { __watch: { ids: number[]; merged: number[] } }).__watch;
      return new Set(w.ids).size + w.merged.reduce((sum, n) => sum + n, 0) >= 500;
    }, undefined, { timeout: 60_000 });
    const watch = await page.evaluate(() => (window as unknown as { __watch: Watch }).__watch);
    assert.equal(accounted(watch), 500, `alone ${new Set(watch.ids).size}, merged ${watch.merged.join('+')}`);
    assert.equal(new Set(watch.ids).size, watch.ids.length, 'a donation had two alerts');
    assert.ok(Math.max(...watch.merged) >= 100, `a flood is merged into one alert (merged ${watch.merged.join('+')})`);
    assert.equal(watch.maxAlerts, 1);
    assert.ok(watch.maxQueued <= 8, `queued ${watch.maxQueued}`);
    assert.ok(watch.maxElements <= elementsBefore + 40, `elements ${elementsBefore} → ${watch.maxElements}`);
    await page.close();
  });

  it('keeps the last state on screen when the server dies, and shows the right state within seconds of its restart', async () => {
    const { server } = session;
    const page = await openWidget('combined');
    const before = await apiTotal();
    await page.locator(`[data-testid="overlay-total"][data-value="${before}"]`).waitFor();
    const port = new URL(server.url).port;
    server.killAll();
    await server.stop();
    await page.locator('#root[data-connection="reconnecting"]').waitFor();
    assert.equal(await byTest(page, 'overlay-total').getAttribute('data-value'), before, 'the last total stays');
    assert.equal(await byTest(page, 'ticker-row').count(), 5, 'the ticker stays');

    await session.restart(['--port', port]);
    const restarted = Date.now();
    const id = await donate('after-restart', '3.33', 'Back Again', 'after the restart');
    const after = await apiTotal();
    await page.locator(`[data-testid="overlay-total"][data-value="${after}"]`).waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid="ticker-row"][data-id="${id}"]`).waitFor();
    await page.locator('#root[data-connection="live"]').waitFor();
    console.log(`overlay in step ${Date.now() - restarted} ms after the restart`);
    assert.ok(Date.now() - restarted < 15_000);
    await page.close();
    assert.deepEqual(errors, []);
  });
});

describe('the Overlay tab of the dashboard', () => {
  it('previews each widget live, edits its options into the URL, and rotates the key after a warning', async () => {
    const { server, browser } = session;
    const page = await openPageInto(errors, 'dashboard', browser, `${server.url}/#token=${OWNER_TOKEN}`);
    await byTest(page, 'tab-overlay').click();
    await byTest(page, 'overlay-tab').waitFor();

    // The preview is the real page: it shows the live total.
    const preview = page.frameLocator('[data-testid="overlay-preview"]');
    await preview.locator(`[data-testid="overlay-total"][data-value="${await apiTotal()}"]`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'overlay-tab-total-1366.png') });

    // Options go into the URL (only what differs from the defaults) and reach the preview.
    await byTest(page, 'overlay-pick-ticker').click();
    await byTest(page, 'opt-count').fill('3');
    await byTest(page, 'opt-accent').fill('ff0000');
    await byTest(page, 'opt-accent').blur();
    await page.locator('[data-testid="overlay-url"]', { hasText: 'accent=%23ff0000' }).waitFor();
    const url = (await byTest(page, 'overlay-url').textContent()) ?? '';
    assert.match(url, /\/overlay\/ticker\?key=[^&]+&accent=%23ff0000&count=3$/);
    await preview.locator('[data-testid="ticker"][data-count="3"]').waitFor();
    // A colour that is not one is put back, never sent.
    await byTest(page, 'opt-color').fill('red;}body{display:none');
    await byTest(page, 'opt-color').blur();
    assert.doesNotMatch((await byTest(page, 'overlay-url').textContent()) ?? '', /display/);
    // One click copies the URL.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await byTest(page, 'overlay-copy').click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

    await byTest(page, 'overlay-pick-combined').click();
    await preview.locator('[data-testid="combined"]').waitFor();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'overlay-tab-combined-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // Rotation: a warning first; afterwards the old URLs stop working and OBS pages are refused.
    const obs = await openWidget('total');
    const oldKey = new URL(urls.get('total')!).searchParams.get('key');
    await byTest(page, 'overlay-rotate').click();
    await page.locator('.ov-key [role="alert"]', { hasText: 'stops updating' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'overlay-tab-rotate-1366.png') });
    await byTest(page, 'overlay-rotate-confirm').click();
    await page.locator('[data-testid="overlay-url"]').filter({ hasNotText: oldKey ?? '' }).waitFor();
    await obs.locator('#root[data-connection="refused"]').waitFor();
    assert.equal((await fetch(urls.get('total')!)).status, 403);
    await preview.locator('[data-testid="combined"]').waitFor();
    await obs.close();
    await page.close();
    assert.deepEqual(errors, []);
  });
});
