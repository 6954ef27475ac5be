// npm run bench render: the dashboard's render budget in Chromium. How long the Charts tab and the
// Live tab take to open (click to content drawn), and every main-thread long task while live data
// flows, over the demo and over the seeded 48 h marathon with 10,000,000 chat messages.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { MARATHON_10M, cachedMarathon, copySeedInto } from '../main/testing/marathon-seed.js';
import { launchBrowser } from '../tests/support/browser.js';
import { webhookSender } from '../tests/support/overlay-seed.js';
import { OWNER_TOKEN, startServer } from '../tests/support/server-process.js';

/** What a tab shows once it has opened: its content, drawn. */
const OPENED = {
  charts: '[data-view="charts"] [data-testid="charts-view"][data-state="ready"] [data-testid="chart-money"] svg.recharts-surface',
  live: '[data-view="live"] [data-testid="total"]',
} as const;
type TabName = keyof typeof OPENED;

export interface RenderScenario {
  name: string;
  /** Click to content drawn, the first time each tab opens. */
  firstOpen: Record<TabName, number>;
  /** Later opens (switching back and forth), in ms. */
  opens: Record<TabName, number[]>;
  /** Long tasks (ms) while live data flowed with that tab open. */
  tasks: Record<TabName, number[]>;
  /**
   * CPU the page's renderer processes used while live data flowed, as a share of one core: less
   * sensitive than the long tasks to other work on a shared machine (those stretch in wall time).
   */
  rendererCpu: Record<TabName, number>;
  /**
   * Where the page's main thread spent the flow (Chromium's own counters, as shares of the flow's
   * time): running script, recalculating style, and layout.
   */
  mainThread: Record<TabName, { script: number; style: number; layout: number }>;
  /** The machine's 1-minute load average when the scenario ended. */
  loadAverage: number;
  flowSeconds: number;
  /** Donations posted by the bench during the flow (the demo adds its own, and its chat). */
  donationsSent: number;
  /** Samples (every 250 ms) when the connection marker did not say "Live" after it first had. */
  connectionLost: number;
  connectedAtEnd: boolean;
}

/** In the page before any script: every long task the main thread runs, with its duration. */
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ at: entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Long animation frames over 50 ms, with what ran in them (BENCH_RENDER_FRAMES=1 prints them).
  window.__longFrames = [];
  new PerformanceObserver((list) => {
    for (const f of list.getEntries()) {
      if (f.duration <= 50) continue;
      const scripts = (f.scripts || []).map((s) => ({
        ms: Math.round(s.duration), what: (s.invoker || '') + ' ' + (s.sourceFunctionName || '') + ' ' + String(s.sourceURL || '').split('/').pop() + ':' + s.sourceCharPosition,
        layout: Math.round(s.forcedStyleAndLayoutDuration || 0),
      }));
      window.__longFrames.push({
        at: Math.round(f.startTime), ms: Math.round(f.duration), blocking: Math.round(f.blockingDuration),
        render: f.renderStart ? Math.round(f.startTime + f.duration - f.renderStart) : 0,
        styleLayout: f.styleAndLayoutStart ? Math.round(f.startTime + f.duration - f.styleAndLayoutStart) : 0,
        scripts,
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  // Every moment the header's connection marker said anything but "Live" once it had.
  window.__connectionLost = 0;
  let wasLive = false;
  setInterval(() => {
    const state = document.querySelector('[data-testid="connection"]')?.getAttribute('data-connection');
    if (state === 'live') wasLive = true;
    else if (wasLive && state) window.__connectionLost += 1;
  }, 250);
`;

/**
 * Clicks a tab in the page and waits, frame by frame, until its content is drawn: the time is
 * the page's own (no round trip to the bench counted), from the click to the first frame that
 * shows the content.
 */
function openTab(page: Page, tab: TabName): Promise<number> {
  // A string, not a function: the bundler's name helpers (keepNames) do not exist in the page.
  return page.evaluate(`new Promise((resolve, reject) => {
    const button = document.querySelector('[data-testid="tab-${tab}"]');
    if (!button) return reject(new Error('no ${tab} tab'));
    const started = performance.now();
    button.click();
    const check = () => {
      if (document.querySelector(${JSON.stringify(OPENED[tab])})) resolve(performance.now() - started);
      else if (performance.now() - started > 60000) reject(new Error('the ${tab} tab did not open in 60 s'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

/**
 * The long tasks that started since `since` (the page's clock; entries reach the observer a little
 * after their task, so one from before the flow can arrive during it and is left out).
 */
const takeTasks = (page: Page, since = 0) =>
  page.evaluate<number[]>(`window.__longTasks.splice(0).filter((t) => t.at >= ${since}).map((t) => t.ms)`);
const pageNow = (page: Page) => page.evaluate<number>('performance.now()');

async function measureScenario(name: string, url: string, flow: (seconds: number) => Promise<number>, seconds: number): Promise<RenderScenario> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.addInitScript(OBSERVE_LONG_TASKS);
    await page.goto(`${url}/#token=${OWNER_TOKEN}`);
    await page.locator('#root[data-state="ready"]').waitFor({ timeout: 60_000 });
    await page.locator(OPENED.live).waitFor({ timeout: 60_000 });
    const firstOpen = { charts: await openTab(page, 'charts'), live: await openTab(page, 'live') };
    const opens: Record<TabName, number[]> = { charts: [], live: [] };
    for (let i = 0; i < 5; i += 1) {
      opens.charts.push(await openTab(page, 'charts'));
      opens.live.push(await openTab(page, 'live'));
    }
    await takeTasks(page);
    await page.evaluate('window.__longFrames.splice(0)');
    const tasks: Record<TabName, number[]> = { charts: [], live: [] };
    const rendererCpu: Record<TabName, number> = { charts: 0, live: 0 };
    const mainThread: RenderScenario['mainThread'] = { charts: { script: 0, style: 0, layout: 0 }, live: { script: 0, style: 0, layout: 0 } };
    const pageCdp = await page.context().newCDPSession(page);
    await pageCdp.send('Performance.enable');
    const counters = async () => {
      const { metrics } = await pageCdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { script: get('ScriptDuration'), style: get('RecalcStyleDuration'), layout: get('LayoutDuration') };
    };
    const system = await browser.newBrowserCDPSession();
    const cpuSeconds = async () => {
      const { processInfo } = (await system.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
      return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
    };
    let donationsSent = 0;
    const profiles = process.env.BENCH_RENDER_PROFILE;
    for (const tab of ['charts', 'live'] as const) {
      await openTab(page, tab);
      // The tab's own opening (its other charts, drawn in later frames, and their first reads)
      // is the open measured above; the flow is measured once it has settled.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await takeTasks(page);
      await page.evaluate('window.__longFrames.splice(0)');
      const flowStart = await pageNow(page);
      const profiler = profiles ? await startProfile(page) : null;
      const cpuBefore = await cpuSeconds();
      const countersBefore = await counters();
      const started = performance.now();
      donationsSent += await flow(seconds / 2);
      const elapsed = (performance.now() - started) / 1000;
      rendererCpu[tab] = ((await cpuSeconds()) - cpuBefore) / elapsed;
      const countersAfter = await counters();
      mainThread[tab] = {
        script: (countersAfter.script - countersBefore.script) / elapsed,
        style: (countersAfter.style - countersBefore.style) / elapsed,
        layout: (countersAfter.layout - countersBefore.layout) / elapsed,
      };
      tasks[tab] = await takeTasks(page, flowStart);
      if (process.env.BENCH_RENDER_FRAMES) {
        const frames = await page.evaluate<unknown[]>(`window.__longFrames.splice(0).filter((f) => f.at >= ${flowStart})`);
        console.log(`${name} · ${tab}: long animation frames`, JSON.stringify(frames, null, 1));
      }
      if (profiler && profiles) await profiler.stop(join(profiles, `${name.split(' ')[0]}-${tab}.cpuprofile`));
    }
    const connectionLost = await page.evaluate<number>('window.__connectionLost');
    const connectedAtEnd = (await page.locator('[data-testid="connection"]').getAttribute('data-connection')) === 'live';
    return { name, firstOpen, opens, tasks, rendererCpu, mainThread, loadAverage: loadavg()[0] ?? Number.NaN, flowSeconds: seconds, donationsSent, connectionLost, connectedAtEnd };
  } finally {
    await browser.close();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/**
 * BENCH_RENDER_PROFILE=<folder>: a CPU profile of the page (Chromium's profiler through CDP) for
 * each tab's flow, saved for DevTools, and its ten costliest functions (self time) printed.
 */
async function startProfile(page: Page): Promise<{ stop(file: string): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      const self = new Map<number, number>();
      const deltas = profile.timeDeltas ?? [];
      (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000));
      const byFunction = new Map<string, number>();
      for (const node of profile.nodes as ProfileNode[]) {
        const { functionName, url, lineNumber } = node.callFrame;
        const key = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`;
        byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0));
      }
      console.log(`profile ${file}: costliest functions (self ms)`);
      for (const [key, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${key}`);
      await cdp.detach();
    },
  };
}

/** Signed webhook donations at `perSecond` for `seconds`; answers how many were accepted. */
async function donationFlow(url: string, prefix: string): Promise<(seconds: number) => Promise<number>> {
  const hook = await webhookSender(url, 'Bench donations');
  let sent = 0;
  return async (seconds) => {
    const perSecond = 2;
    const until = Date.now() + seconds * 1_000;
    let accepted = 0;
    while (Date.now() < until) {
      sent += 1;
      const { status } = await hook.donate(`${prefix}-${sent}`, `${(sent % 40) + 1}.50`, { name: `Bench donor ${sent % 13}` }, 'Keep going!');
      if (status === 201) accepted += 1;
      await new Promise((resolve) => setTimeout(resolve, 1_000 / perSecond));
    }
    return accepted;
  };
}

export async function renderBudget(dir: string, log: (line: string) => void, seconds: number): Promise<RenderScenario[]> {
  const scenarios: RenderScenario[] = [];
  // The demo: three hours of history, then its own chat every 200 ms and a donation every ~2.5 s.
  const demo = await startServer(join(dir, 'render-demo'), ['--demo'], 60_000);
  try {
    const flow = await donationFlow(demo.url, 'render-demo');
    scenarios.push(await measureScenario('demo (3 h of history, live chat and donations)', demo.url, flow, seconds));
  } finally {
    await demo.stop();
  }
  // BENCH_RENDER_DEMO_ONLY=1: the demo alone, for a quick profile (BENCH_RENDER_PROFILE).
  if (process.env.BENCH_RENDER_DEMO_ONLY) return scenarios;
  const seed = cachedMarathon(MARATHON_10M, log);
  const dataDir = join(dir, 'render-marathon');
  copySeedInto(seed.file, dataDir);
  const marathon = await startServer(dataDir, [], 120_000);
  try {
    const flow = await donationFlow(marathon.url, 'render-marathon');
    scenarios.push(await measureScenario('48 h marathon, 10,000,000 chat messages (donations flowing)', marathon.url, flow, seconds));
  } finally {
    await marathon.stop();
  }
  return scenarios;
}
