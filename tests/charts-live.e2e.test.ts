// The Charts tab left open on the demo for a minute while it plays: the dashboard stays live (the
// header never leaves "Live"), a new donation shows up, and no main-thread task lasts a second
// (issue 18 saw 8 s to open and a page busy for minutes). The bound is loose on purpose: shared
// test machines stretch every task; `npm run bench render` holds the real budget (50 ms).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ChartsView } from '../shared/charts.js';
import type { CampaignView } from '../shared/views.js';
import { byTest } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { webhookSender } from './support/overlay-seed.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-charts-live-e2e-', { args: ['--demo'] });
const WATCH_MS = 60_000;
const LIVE_WATCH_MS = 20_000;

/** In the page before any script: every long task, and every moment the marker left "Live". */
const WATCH_PAGE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  window.__notLive = [];
  let wasLive = false;
  setInterval(() => {
    const state = document.querySelector('[data-testid="connection"]')?.getAttribute('data-connection');
    if (state === 'live') wasLive = true;
    else if (wasLive && state) window.__notLive.push(state);
  }, 250);
`;

describe('the Charts tab over the demo, left open for a minute, then the Live tab', () => {
  it('stays live, shows a new donation, marks the unfinished minute, starts at the campaign, and never blocks a second', async () => {
    const { server, browser } = session;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(WATCH_PAGE);
    await page.goto(`${server.url}/#token=${OWNER_TOKEN}`);
    await page.locator('#root[data-state="ready"]').waitFor();
    await byTest(page, 'tab-charts').click();
    const view = page.locator('[data-testid="charts-view"][data-state="ready"][data-window="6h"]');
    await view.waitFor({ timeout: 30_000 });
    await byTest(page, 'chart-money').locator('svg.recharts-surface').waitFor();

    // The demo started three hours ago: the 6 h window opens at its start, not three empty hours before.
    const { campaign } = (await ownerApi(server.url, 'GET', '/api/campaign')).body as { campaign: CampaignView };
    const charts = (await ownerApi(server.url, 'GET', '/api/charts?window=6h')).body as ChartsView;
    assert.equal(charts.window.live, true);
    assert.equal(Date.parse(charts.window.from), Math.floor(Date.parse(campaign.starts_at) / 60_000) * 60_000);

    const figure = async (id: string) => Number(await byTest(page, `figure-${id}`).getAttribute('data-value'));
    const messagesAtStart = await figure('messages');
    const raisedAtStart = await figure('raised');
    await page.evaluate('window.__longTasks.splice(0)');

    // A donation larger than any demo donor's whole giving: it tops the donors and the window's money.
    const hook = await webhookSender(server.url);
    const sent = await hook.donate('charts-live-1', '777.77', { name: 'Charts Watcher' }, 'Watching the charts');
    assert.equal(sent.status, 201);
    await page.locator('[data-testid="top-donor"]').first().locator('.donor-name', { hasText: 'Charts Watcher' }).waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid="figure-raised"]')?.getAttribute('data-value')) >= before + 777.77,
      raisedAtStart,
      { timeout: 20_000 },
    );

    // The minute going on is drawn apart: a dashed segment after the solid line, and the money
    // bar of the 5 minutes going on paler (drawn once it holds money: the demo gives every few seconds).
    const messages = byTest(page, 'chart-messages');
    assert.equal(await messages.locator('.recharts-area').count(), 2, 'a solid area and the dashed unfinished minute');
    assert.equal(await messages.locator('.recharts-area-curve[stroke-dasharray="4 3"]').count(), 1);
    await page.waitForFunction(
      () => {
        const bars = Array.from(document.querySelectorAll('[data-testid="chart-money"] .recharts-bar-rectangle path'));
        const pale = bars.filter((bar) => bar.getAttribute('fill-opacity') === '0.45');
        return pale.length === 1 && pale[0] === bars[bars.length - 1];
      },
      undefined,
      { timeout: 20_000 },
    );
    // No money bucket is negative in the demo: the money axis starts at 0.
    assert.equal(await byTest(page, 'chart-money').locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').first().textContent(), '0');
    await page.screenshot({ path: join(SHOTS, 'charts-demo-live-1366.png') });

    // The rest of the minute: the demo plays (chat every 200 ms, a donation every few seconds).
    const until = Date.now() + WATCH_MS;
    while (Date.now() < until) {
      assert.equal(await byTest(page, 'connection').getAttribute('data-connection'), 'live');
      await page.waitForTimeout(5_000);
    }
    assert.ok((await figure('messages')) > messagesAtStart, 'the charts were read again while chat flowed');
    assert.deepEqual(await page.evaluate<string[]>('window.__notLive'), [], 'the header never left "Live"');
    const tasks = await page.evaluate<number[]>('window.__longTasks');
    const longest = Math.max(0, ...tasks);
    console.log(`a minute on the Charts tab over the demo: ${tasks.length} tasks over 50 ms, the longest ${Math.round(longest)} ms`);
    assert.ok(longest < 1_000, `a task held the page ${Math.round(longest)} ms`);
    await page.screenshot({ path: join(SHOTS, 'charts-demo-after-a-minute-1366.png') });

    // The Live tab's pace chart draws its minute going on the same way.
    await byTest(page, 'tab-live').click();
    const pace = byTest(page, 'pace-chart');
    await pace.locator('.recharts-area-curve[stroke-dasharray="4 3"]').waitFor({ timeout: 20_000 });
    assert.equal(await pace.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').first().textContent(), '0');
    await page.screenshot({ path: join(SHOTS, 'live-demo-pace-1366.png') });

    // The Live tab left open while the demo plays: chat lines keep coming, the header stays
    // "Live", and no task holds the page a second (the bench holds the 50 ms budget).
    await page.evaluate('window.__longTasks.splice(0)');
    const firstLine = async () => byTest(page, 'chat-line').first().getAttribute('data-message-id');
    const lineAtStart = await firstLine();
    const liveUntil = Date.now() + LIVE_WATCH_MS;
    while (Date.now() < liveUntil) {
      assert.equal(await byTest(page, 'connection').getAttribute('data-connection'), 'live');
      await page.waitForTimeout(5_000);
    }
    assert.notEqual(await firstLine(), lineAtStart, 'new chat showed on the Live tab');
    assert.deepEqual(await page.evaluate<string[]>('window.__notLive'), [], 'the header never left "Live"');
    const liveTasks = await page.evaluate<number[]>('window.__longTasks');
    const liveLongest = Math.max(0, ...liveTasks);
    console.log(`${LIVE_WATCH_MS / 1000} s on the Live tab over the demo: ${liveTasks.length} tasks over 50 ms, the longest ${Math.round(liveLongest)} ms`);
    assert.ok(liveLongest < 1_000, `a task held the Live tab ${Math.round(liveLongest)} ms`);
    await page.screenshot({ path: join(SHOTS, 'live-demo-after-20s-1366.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
