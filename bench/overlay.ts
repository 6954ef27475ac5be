import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser.js';
import { runningCampaign, webhookSender, type WebhookSender } from '../tests/support/overlay-seed.js';
import { ownerApi, startServer } from '../tests/support/server-process.js';

const now = () => performance.timeOrigin + performance.now();

/** Records, in the page, when each ticker row first appears (by donation id) and each total text. */
function watchDom(page: Page): Promise<void> {
  return page.evaluate(() => {
    const rows = new Map<number, number>();
    const totals: [number, string][] = [];
    const w = window as unknown as { __rows: Map<number, number>; __totals: [number, string][] };
    w.__rows = rows;
    w.__totals = totals;
    // No named functions in here: the bundler's helpers (keepNames) do not exist in the page.
    const ticker = document.querySelector('[data-testid="ticker"]');
    const total = document.querySelector('[data-testid="overlay-total"]');
    if (!ticker || !total) throw new Error('the combined overlay has no ticker or total');
    new MutationObserver((records) => {
      const at = performance.timeOrigin + performance.now();
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) {
          const id = Number((node as Element).getAttribute?.('data-id'));
          if (id > 0 && !rows.has(id)) rows.set(id, at);
        }
      }
    }).observe(ticker, { childList: true });
    new MutationObserver(() => totals.push([performance.timeOrigin + performance.now(), total.textContent ?? ''])).observe(total, { subtree: true, childList: true, characterData: true });
  });
}

async function postAt(hook: WebhookSender, prefix: string, count: number, rate: number): Promise<{ sentAt: number[]; ackAt: number[]; ids: number[] }> {
  const sentAt: number[] = [];
  const ackAt: number[] = [];
  const ids: number[] = [];
  const requests: Promise<void>[] = [];
  const started = now();
  for (let i = 0; i < count; i += 1) {
    const wait = started + (i * 1_000) / rate - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sentAt[i] = now();
    requests.push(
      hook.donate(`${prefix}-${i}`, '1.00', { name: `Bench ${i}` }, `Message ${i}`).then(({ status, id }) => {
        if (status !== 201) throw new Error(`webhook answered ${status}`);
        ackAt[i] = now();
        ids[i] = id;
      }),
    );
  }
  await Promise.all(requests);
  return { sentAt, ackAt, ids };
}

/** Sends `count` donations, `concurrency` at a time, as fast as the server acknowledges them. */
async function postMany(hook: WebhookSender, prefix: string, from: number, to: number, concurrency = 24): Promise<number> {
  let next = from;
  let newest = 0;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const { status, id } = await hook.donate(`${prefix}-${i}`, `${1 + (i % 50)}.${String(i % 100).padStart(2, '0')}`, { name: `Donor ${i}` }, `Thanks from donor number ${i}`);
      if (status !== 201) throw new Error(`webhook answered ${status}`);
      newest = Math.max(newest, id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return newest;
}

async function prepare(dir: string): Promise<{ server: Awaited<ReturnType<typeof startServer>>; hook: WebhookSender; combinedUrl: string }> {
  const server = await startServer(dir);
  await ownerApi(server.url, 'PUT', '/api/campaign', runningCampaign());
  // Mode none: every donation reaches the overlay at once (the path a screened one takes when approved).
  await ownerApi(server.url, 'PUT', '/api/screening/settings', { mode: 'none', words: [], overlay_min: null });
  const hook = await webhookSender(server.url, 'bench');
  const info = (await ownerApi(server.url, 'GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] };
  const combinedUrl = info.widgets.find((w) => w.name === 'combined')?.url;
  if (!combinedUrl) throw new Error('no combined overlay');
  return { server, hook, combinedUrl };
}

export interface OverlayLatency {
  sent: number;
  /** Webhook sent → 2xx (the baseline: what the overlay's path adds comes after this). */
  ack: number[];
  /** Webhook sent → the donation's ticker row is in the overlay's DOM. */
  ticker: number[];
  /** Webhook sent → the total text includes it (its rank in commit order). */
  total: number[];
  /** Donations never seen as a ticker row (several in one frame push the oldest below the fold). */
  missed: number;
}

/**
 * Event → overlay DOM at `rate` webhooks/s into the real server process, on the combined page in
 * Chromium. Reduced motion: the count-up (≤ 0.9 s by design) does not hide when the page knew.
 */
export async function overlayLatencies(dir: string, rate: number, seconds: number): Promise<OverlayLatency> {
  const { server, hook, combinedUrl } = await prepare(dir);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${combinedUrl}&count=10`);
    await page.locator('#root[data-state="ready"]').waitFor();
    await watchDom(page);
    const count = rate * seconds;
    const { sentAt, ackAt, ids } = await postAt(hook, 'lat', count, rate);
    await page.waitForFunction((text) => document.querySelector('[data-testid="overlay-total"]')?.textContent?.replace(/,/g, '').includes(text), `${count}.00`, { timeout: 15_000 });
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __rows: Map<number, number>; __totals: [number, string][] };
      return { rows: [...w.__rows], totals: w.__totals };
    });
    const rows = new Map(seen.rows);
    const ticker: number[] = [];
    let missed = 0;
    ids.forEach((id, i) => {
      const at = rows.get(id);
      if (at === undefined) missed += 1;
      else ticker.push(at - sentAt[i]!);
    });
    // Rank in commit order: donation i is in the total once it shows ≥ rank(i) euros.
    const rank = new Map(ids.map((id, i) => ({ id, i })).sort((a, b) => a.id - b.id).map(({ i }, position) => [i, position + 1]));
    const shown = seen.totals.map(([at, text]) => ({ at, euros: Number(/([\d,]+)\.\d\d/.exec(text)?.[1]?.replace(/,/g, '') ?? -1) }));
    const total: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const first = shown.find((s) => s.euros >= rank.get(i)! && s.at >= sentAt[i]!);
      if (first) total.push(first.at - sentAt[i]!);
    }
    const ack = ackAt.map((at, i) => at - sentAt[i]!);
    await context.close();
    const sorted = (list: number[]) => list.sort((a, b) => a - b);
    return { sent: count, ack: sorted(ack), ticker: sorted(ticker), total: sorted(total), missed };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export interface OverlayHeap {
  /** After the first `first` donations, then after all of them, each after a forced GC. */
  heap: [number, number];
  nodes: [number, number];
  listeners: [number, number];
  seconds: number;
  total: string;
}

async function settledMetrics(page: Page): Promise<{ heap: number; nodes: number; listeners: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  // Twice: the first pass may leave objects with finalizers for the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? -1;
  await cdp.detach();
  return { heap: usedSize, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

/**
 * The combined page's JS heap after `first` donations and after `total` (each after a forced
 * GC): every widget receives every donation, so a leak per donation shows as growth.
 */
export async function overlayHeap(dir: string, first: number, total: number): Promise<OverlayHeap> {
  const { server, hook, combinedUrl } = await prepare(dir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${combinedUrl}&duration=2`);
    await page.locator('#root[data-state="ready"]').waitFor();
    const started = now();
    const settle = async (newest: number) => {
      const expected = (await ownerApi(server.url, 'GET', '/api/totals')).body.raised.value as string;
      await page.locator(`[data-testid="overlay-total"][data-value="${expected}"]`).waitFor({ timeout: 30_000 });
      await page.locator(`[data-testid="ticker-row"][data-id="${newest}"]`).waitFor({ timeout: 30_000 });
      return expected;
    };
    await settle(await postMany(hook, 'heap', 0, first));
    const early = await settledMetrics(page);
    const raised = await settle(await postMany(hook, 'heap', first, total));
    const late = await settledMetrics(page);
    return {
      heap: [early.heap, late.heap],
      nodes: [early.nodes, late.nodes],
      listeners: [early.listeners, late.listeners],
      seconds: (now() - started) / 1000,
      total: raised,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
