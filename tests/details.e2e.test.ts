// Details a streamer saw in front of the dashboard and the overlay for hours (issue 18), each in
// a real browser against `npm run serve`: refunds that say what they refund, the Audit tab's
// amounts and header, the Live tab at 1366×768 in one scroll, a pledge typed in approved at once,
// the goal bar's long title, and the sources turning grey when the dashboard loses the app.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signGeneric } from '../main/sources/webhook/signature.js';
import { WIDGET_INFO } from '../renderer/overlay/options.js';
import { byTest, openDashboard as openBrowserDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { runningCampaign } from './support/overlay-seed.js';
import { ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-details-e2e-');
const LONG_TITLE = 'Water for the Rohingya camps in Cox’s Bazar: 48 hours of music, games and friends';
const LONG_SOURCE = 'Donation form on the community website (EU)';

async function must(method: string, path: string, body: unknown, status: number): Promise<any> {
  const answer = await ownerApi(session.server.url, method, path, body);
  assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

interface Hook {
  send(body: Record<string, unknown>): Promise<number>;
}

async function webhook(name: string): Promise<Hook> {
  const { id, secret } = (await must('POST', '/api/sources', { kind: 'webhook', name }, 201)) as { id: string; secret: string };
  return {
    async send(body) {
      const raw = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000);
      const response = await fetch(`${session.server.url}/hooks/${encodeURIComponent(id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telethon-timestamp': String(ts), 'x-telethon-signature': signGeneric(secret, ts, raw) },
        body: raw,
      });
      const answer = (await response.json()) as { id?: number };
      assert.equal(response.status, 201, JSON.stringify(answer));
      return answer.id ?? -1;
    },
  };
}

const openDashboard = (url: string, viewport?: { width: number; height: number }) => openBrowserDashboard(session.browser, url, viewport);

/** The pledge form's currency, found by typing its name, chosen with the keyboard. */
async function searchCurrency(page: Page): Promise<void> {
  const field = byTest(page, 'pledge-currency');
  const options = page.locator('[data-testid="pledge-currency-options"] [role="option"]');
  await field.click();
  await field.pressSequentially('bov');
  assert.equal(await options.count(), 0, 'no fund codes offered');
  await field.fill('yen');
  assert.equal(await options.first().getAttribute('data-code'), 'JPY');
  await field.fill('euro');
  assert.equal(await options.first().getAttribute('data-code'), 'EUR');
  await field.fill('dollar');
  assert.ok((await options.count()) > 5, 'every dollar');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('[role="option"][aria-selected="true"]').getAttribute('data-code'), await options.nth(1).getAttribute('data-code'));
  await page.screenshot({ path: join(SHOTS, 'details-currency-search.png') });
  await field.fill('eur');
  assert.equal(await options.first().getAttribute('data-code'), 'EUR');
  await page.keyboard.press('Enter');
  assert.equal(await field.getAttribute('data-value'), 'EUR');
  assert.equal(await options.count(), 0, 'the list closes once one is chosen');
  // Escape keeps what was chosen before.
  await field.fill('yen');
  await page.keyboard.press('Escape');
  assert.equal(await field.inputValue(), 'EUR');
}

const ownerUrl = () => `${session.server.url}/#token=e2e-owner-token-0123456789abcdef`;
const links = new Map<'moderator' | 'viewer', string>();
const ids = new Map<string, number>();
let hook: Hook;

describe('details a streamer saw', () => {
  it('seeds a running campaign with a long title, a long source name, donations and refunds', async () => {
    await must('PUT', '/api/campaign', { ...runningCampaign(), title: LONG_TITLE }, 200);
    hook = await webhook(LONG_SOURCE);
    const donors: [string, string, string, string][] = [
      ['gift-1', '50.00', 'Amira Haddad', 'For the wells in camp 4'],
      ['gift-2', '120.00', 'Jonas Becker', 'From Hamburg with love'],
      ['gift-3', '30.00', 'Pending Petra', 'Still waiting for a moderator'],
    ];
    for (const [id, value, name, message] of donors) ids.set(id, await hook.send({ id, type: 'donation', amount: { value, currency: 'EUR' }, donor: { name }, message }));
    await must('POST', `/api/donations/${ids.get('gift-1')}/screen`, { decision: 'approve' }, 200);
    await must('POST', `/api/donations/${ids.get('gift-2')}/screen`, { decision: 'approve' }, 200);
    for (let i = 0; i < 24; i += 1) {
      const id = await hook.send({ id: `crowd-${i}`, type: 'donation', amount: { value: `${5 + i}.00`, currency: 'EUR' }, donor: { name: `Viewer ${i}` } });
      await must('POST', `/api/donations/${id}/screen`, { decision: 'approve' }, 200);
    }
    // The whole of Amira's donation comes back; part of Jonas's; and all of the pending one.
    ids.set('refund-1', await hook.send({ id: 'refund-1', type: 'refund', refunds: 'gift-1', amount: { value: '50.00', currency: 'EUR' } }));
    ids.set('refund-2', await hook.send({ id: 'refund-2', type: 'refund', refunds: 'gift-2', amount: { value: '20.00', currency: 'EUR' } }));
    ids.set('refund-3', await hook.send({ id: 'refund-3', type: 'refund', refunds: 'gift-3', amount: { value: '30.00', currency: 'EUR' } }));
    // The goal moves, so the audit has amounts to show.
    await must('PATCH', '/api/campaign', { goal: { value: '12500.00', currency: 'EUR' } }, 200);
    for (const role of ['moderator', 'viewer'] as const) {
      links.set(role, (await must('POST', '/api/invites', { role, name: `A ${role}` }, 201)).url);
    }
  });


  it('fits the goal bar\'s long title whole at the size the Overlay tab recommends', async () => {
    const { width, height } = WIDGET_INFO.goal;
    const page = await session.browser.newPage({ viewport: { width, height } });
    const info = (await must('GET', '/api/overlay', undefined, 200)) as { widgets: { name: string; url: string }[] };
    await page.goto(info.widgets.find((w) => w.name === 'goal')!.url);
    await page.locator('#root[data-state="ready"]').waitFor();
    await page.locator('[data-testid="goal-title"][data-fit]').waitFor();
    const title = await byTest(page, 'goal-title').evaluate((element) => {
      const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
      return { text: element.textContent, lines: element.clientHeight / lineHeight, clipped: element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1 };
    });
    assert.equal(title.text, LONG_TITLE);
    assert.equal(title.clipped, false, 'the whole title shows, nothing cut');
    assert.ok(title.lines <= 2.05, `the title takes ${title.lines} lines`);
    const box = await byTest(page, 'goal-widget').boundingBox();
    assert.ok(box && box.y + box.height <= height && box.x + box.width <= width, `the widget fits the ${width}×${height} browser source: ${JSON.stringify(box)}`);
    await page.screenshot({ path: join(SHOTS, 'details-goal-long-title.png'), omitBackground: true });
    await page.close();
  });

  it('names the donation a refund takes back, and marks the donation, for the owner and a moderator', async () => {
    for (const [who, url] of [['owner', ownerUrl()], ['moderator', links.get('moderator')!]] as const) {
      const { page, errors } = await openDashboard(url);
      const row = (key: string) => page.locator(`[data-testid="donation"][data-donation-id="${ids.get(key)}"]`);
      await row('refund-1').waitFor();
      assert.match((await byTest(row('refund-1'), 'refund-of').textContent()) ?? '', /^Refunds €50\.00 from Amira Haddad, \d/);
      assert.match((await byTest(row('refund-2'), 'refund-of').textContent()) ?? '', /^Refunds €120\.00 from Jonas Becker, /);
      // Staff see pending donations anyway: the refund of one names it too.
      assert.match((await byTest(row('refund-3'), 'refund-of').textContent()) ?? '', /from Pending Petra/);
      assert.equal(await byTest(row('gift-1'), 'donation-refunded').textContent(), 'refunded');
      assert.equal(await byTest(row('gift-1'), 'donation-refunded').getAttribute('data-full'), 'true');
      assert.equal(await byTest(row('gift-2'), 'donation-refunded').textContent(), '€20.00 refunded');
      assert.equal(await byTest(row('crowd-3'), 'donation-refunded').count(), 0, 'a donation nobody refunded has no mark');
      await page.screenshot({ path: join(SHOTS, `details-refunds-${who}.png`) });
      await row('gift-2').scrollIntoViewIfNeeded();
      await byTest(page, 'donation-feed').screenshot({ path: join(SHOTS, `details-refunded-originals-${who}.png`) });
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });

  it('shows a viewer neither refund rows nor the unscreened donation a refund names', async () => {
    const { page, errors } = await openDashboard(links.get('viewer')!);
    await byTest(page, 'donation').nth(20).waitFor();
    const text = (await page.locator('body').innerText()).toLowerCase();
    for (const hidden of ['pending petra', 'still waiting', 'refunds €', 'refund']) assert.equal(text.includes(hidden), false, `the viewer sees "${hidden}"`);
    assert.equal(await byTest(page, 'refund-of').count(), 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('shows the audit\'s amounts as the dashboard does, under a header rows never show through', async () => {
    const { page, errors } = await openDashboard(ownerUrl());
    await byTest(page, 'tab-audit').click();
    await byTest(page, 'audit-row').nth(20).waitFor();
    const table = (await byTest(page, 'audit-table').innerText()) ?? '';
    assert.ok(table.includes('€10,000.00 → €12,500.00'), 'the goal change in euros');
    assert.ok(table.includes('changed the goal'));
    assert.doesNotMatch(table, /\d+\.\d{2} EUR/, 'no bare "10000.00 EUR"');
    await page.locator('.audit-view').evaluate((element) => { element.scrollTop = 400; });
    const header = await page.locator('.audit-table th').first().evaluate((th) => {
      const box = th.getBoundingClientRect();
      const scroller = th.closest('.audit-view')!.getBoundingClientRect();
      const atHeader = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
      const abovePanel = document.elementFromPoint(box.left + 4, scroller.top + 1);
      return { stuck: Math.abs(box.top - scroller.top) < 1.5, onTop: atHeader === th, above: abovePanel?.tagName, background: getComputedStyle(th).backgroundColor };
    });
    assert.equal(header.stuck, true, 'the header stays at the top of the list');
    assert.equal(header.onTop, true, 'no row is drawn over the header');
    assert.equal(header.above, 'TH', 'no row shows above the header either');
    assert.match(header.background, /^rgb\(/, `an opaque background: ${header.background}`);
    await page.screenshot({ path: join(SHOTS, 'details-audit-scrolled.png') });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('scrolls the Live tab once at 1366×768 and at 1920×1080, times on one line, source names whole', async () => {
    for (const viewport of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      const { page, errors } = await openDashboard(ownerUrl(), viewport);
      await byTest(page, 'donation').nth(25).waitFor();
      const layout = await page.evaluate(() => {
        // (No named function in here: the test runner's compiler would wrap it in a helper the page lacks.)
        const scrollers = Array.from(document.querySelectorAll('body *')).filter((element) => element.scrollHeight > element.clientHeight + 1 && ['auto', 'scroll'].includes(getComputedStyle(element).overflowY));
        const nested = scrollers.filter((element) => scrollers.some((other) => other !== element && other.contains(element)));
        const page = document.scrollingElement!;
        const times = Array.from(document.querySelectorAll('.donation-meta time')).map((t) => t.getClientRects().length === 1 && t.getBoundingClientRect().height < 22);
        const sources = Array.from(document.querySelectorAll('.source-of')).map((s) => s.getAttribute('title'));
        const breakdown = Array.from(document.querySelectorAll('.breakdown th')).map((th) => th.scrollWidth <= th.clientWidth + 1);
        const sourceNames = Array.from(document.querySelectorAll('.source-name')).map((s) => s.scrollWidth <= s.clientWidth + 1);
        return { scrollers: scrollers.map((e) => e.className), nested: nested.map((e) => e.className), pageScrolls: page.scrollHeight > page.clientHeight, times, sources, breakdown, sourceNames };
      });
      assert.deepEqual(layout.nested, [], `a scroll inside a scroll at ${viewport.width}: ${JSON.stringify(layout.scrollers)}`);
      assert.equal(layout.pageScrolls, false, `the page scrolls as well as ${JSON.stringify(layout.scrollers)}`);
      assert.ok(layout.times.length > 20 && layout.times.every(Boolean), 'every time on one line');
      assert.ok(layout.sources.every((title) => title === LONG_SOURCE), 'the source name in full on hover');
      assert.ok(layout.breakdown.every(Boolean) && layout.sourceNames.every(Boolean), 'source names shown whole');
      await page.screenshot({ path: join(SHOTS, `details-live-${viewport.width}.png`) });
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });

  it('approves at once a pledge the owner or a moderator types in, saying so in the audit', async () => {
    for (const [who, url, name] of [['owner', ownerUrl(), 'Grandma Ruth'], ['moderator', links.get('moderator')!, 'Office raffle']] as const) {
      const { page, errors } = await openDashboard(url);
      if (who === 'owner') await searchCurrency(page);
      await byTest(page, 'pledge-amount').fill('75.00');
      await byTest(page, 'pledge-donor').fill(name);
      await byTest(page, 'pledge-message').fill('Phoned in during the quiz');
      await byTest(page, 'pledge-submit').click();
      await byTest(page, 'pledge-done').waitFor();
      const row = byTest(page, 'donation').filter({ hasText: name });
      await row.locator('.badge.screening.approved').waitFor();
      await byTest(page, 'tab-audit').click();
      const entry = byTest(page, 'audit-row').filter({ hasText: name });
      await entry.waitFor();
      const text = await entry.innerText();
      assert.match(text, /approved by the rules/);
      assert.match(text, who === 'owner' ? /entered by hand by the owner/ : /entered by hand by moderator A moderator/);
      assert.match(text, /€75\.00 from /);
      await page.screenshot({ path: join(SHOTS, `details-pledge-audit-${who}.png`) });
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });

  it('shows the donors leaderboard on the overlay: screened names, "Anonymous", refunds taken off, live', async () => {
    const info = (await must('GET', '/api/overlay', undefined, 200)) as { widgets: { name: string; url: string }[] };
    const url = info.widgets.find((w) => w.name === 'leaderboard')!.url;
    const { width, height } = WIDGET_INFO.leaderboard;
    const page = await session.browser.newPage({ viewport: { width, height } });
    await page.goto(`${url}&count=6&title=${encodeURIComponent('Heroes of the night')}`);
    await page.locator('#root[data-state="ready"]').waitFor();
    await byTest(page, 'leader').nth(5).waitFor();
    const names = await byTest(page, 'leader-name').allTextContents();
    // Jonas gave 120 and got 20 back; Amira's 50 all came back; Petra was never screened.
    assert.deepEqual(names, ['Jonas Becker', 'Grandma Ruth', 'Office raffle', 'Viewer 23', 'Viewer 22', 'Viewer 21']);
    const jonas = byTest(page, 'leader').filter({ hasText: 'Jonas Becker' });
    assert.equal(await byTest(jonas, 'leader-total').getAttribute('data-value'), '100.00');
    assert.equal(await byTest(page, 'leaderboard-title').textContent(), 'Heroes of the night');
    assert.equal(await byTest(page, 'leader').count(), 6, 'the count option');
    // Live: an anonymous donation of 500, approved, takes the first place without a name.
    const id = await hook.send({ id: 'big-anon', type: 'donation', amount: { value: '500.00', currency: 'EUR' }, donor: { name: 'HIDDEN-RICH-DONOR', anonymous: true }, message: 'HIDDEN-RICH-MESSAGE' });
    await must('POST', `/api/donations/${id}/screen`, { decision: 'approve' }, 200);
    await page.locator('[data-testid="leader"][data-rank="1"]', { hasText: 'Anonymous' }).waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /HIDDEN-RICH|Pending Petra/);
    assert.deepEqual(await page.evaluate(() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor]), ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    await page.screenshot({ path: join(SHOTS, 'details-leaderboard.png'), omitBackground: true });
    // What OBS puts behind it: a dark scene and a bright one (drawn here, behind the transparent page).
    for (const [backdrop, css] of [['dark', 'linear-gradient(135deg, #0b1020, #2a1e3f)'], ['bright', 'linear-gradient(135deg, #fdfcf7, #cfe8ff)']] as const) {
      await page.evaluate((image) => { document.documentElement.style.setProperty('background', image, 'important'); }, css);
      await page.screenshot({ path: join(SHOTS, `details-leaderboard-${backdrop}.png`) });
    }
    await page.close();

    // The Overlay tab lists it with its options.
    const { page: tab, errors } = await openDashboard(ownerUrl());
    await byTest(tab, 'tab-overlay').click();
    await byTest(tab, 'overlay-pick-leaderboard').click();
    await byTest(tab, 'opt-title').waitFor();
    await byTest(tab, 'opt-count').waitFor();
    await tab.frameLocator('iframe').locator('[data-testid="leader"]').first().waitFor();
    await tab.screenshot({ path: join(SHOTS, 'details-leaderboard-tab.png') });
    assert.deepEqual(errors, []);
    await tab.context().close();
  });

  // Last: it stops the app.
  it('greys the sources out while the dashboard is cut off from the app', async () => {
    const { page } = await openDashboard(ownerUrl());
    const source = page.locator('[data-testid="source"]').filter({ hasText: LONG_SOURCE });
    await page.locator('[data-testid="connection"][data-connection="live"]').waitFor();
    assert.equal(await source.getAttribute('data-status'), 'listening');
    await session.server.stop();
    await page.locator('[data-testid="connection"][data-connection="reconnecting"]').waitFor();
    await source.locator('xpath=self::*[@data-status="unknown"]').waitFor();
    assert.equal(await page.locator('[data-testid="source"]:not([data-status="unknown"])').count(), 0, 'no source keeps a live status');
    assert.equal(await byTest(source, 'source-status').innerText(), 'last known: listening');
    await byTest(page, 'sources-stale').waitFor();
    const dot = await source.locator('.source-status .dot').evaluate((d) => getComputedStyle(d).backgroundColor);
    assert.equal(dot, 'rgb(152, 162, 181)', 'grey, not green');
    await page.locator('.sources').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'details-sources-stale.png') });
    await page.context().close();
  });
});
