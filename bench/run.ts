// npm run bench: figures printed beside a baseline measured in the same run. Not a test:
// these machines are shared, so the figures vary; the ratios are what to compare.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, rawFsyncLatencies, webhookAckLatencies } from './ack.js';
import { dashboardQueries } from './dashboard.js';
import { chatRows, ingestRate, rawInsertRate } from './ingest.js';
import { overlayHeap, overlayLatencies } from './overlay.js';
import { endToEnd, parseOnlyRate } from './twitch.js';
import { describeLatencies, moderationLatencies } from './moderation.js';
import { readRoutes } from './reads.js';
import { loadFigures } from './load.js';
import { backupDelay } from './backup.js';
import { renderBudget } from './render.js';
import { momentsCost } from './moments.js';
import { teamBench } from './team.js';
import { bestMinuteBench } from './best-minute.js';
import { reportBench } from './report.js';
import { incentivesCost } from './incentives.js';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
const dir = mkdtempSync(join(tmpdir(), 'telethon-bench-'));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

try {
  if (wanted('ingest')) {
    const rows = chatRows(300_000);
    rawInsertRate(dir, rows.slice(0, 20_000)); // warm-up
    const raw = Math.max(rawInsertRate(dir, rows), rawInsertRate(dir, rows));
    const ingest = Math.max(ingestRate(dir, rows), ingestRate(dir, rows));
    console.log('\n## Ingest: 300,000 chat-sized events, batches of 5,000 (best of 2)');
    line('raw batched inserts, one plain table (baseline)', `${fmt(raw)} events/s`);
    line('Ingest: event log + chat row + per-minute rollups', `${fmt(ingest)} events/s`);
    line('ratio to raw (aim ≥ 0.5)', fmt(ingest / raw, 2));
    line('target ≥ 50,000 events/s', ingest >= 50_000 ? 'met' : 'NOT MET');
  }
  if (wanted('ack')) {
    const count = 400;
    const raw = rawFsyncLatencies(dir, count);
    const { ack, http } = await webhookAckLatencies(join(dir, 'ack'), count);
    const p = (list: number[]) => `${fmt(percentile(list, 50), 3)} / ${fmt(percentile(list, 99), 3)} ms`;
    console.log(`\n## Donation acknowledgement: ${count} signed webhooks one at a time, durable (synchronous=FULL)`);
    line('raw write + fdatasync on the same disk (baseline) p50 / p99', p(raw));
    line('HTTP round trip of a read, same server (baseline) p50 / p99', p(http));
    line('webhook in → 2xx out p50 / p99', p(ack));
    line('p99 ratio to raw fdatasync (aim ≤ 3)', fmt(percentile(ack, 99) / percentile(raw, 99), 2));
    line('p99 ratio to raw fdatasync + HTTP round trip', fmt(percentile(ack, 99) / (percentile(raw, 99) + percentile(http, 99)), 2));
  }
  if (wanted('overlay')) {
    const rate = 200;
    const run = await overlayLatencies(join(dir, 'overlay'), rate, 10);
    const p = (list: number[]) => `${fmt(percentile(list, 50), 1)} / ${fmt(percentile(list, 99), 1)} ms`;
    console.log(`\n## Event → overlay: ${run.sent} signed webhooks at ${rate}/s, the combined overlay's DOM in Chromium`);
    line('webhook sent → 2xx acknowledged (baseline) p50 / p99', p(run.ack));
    line('webhook sent → its ticker row in the DOM p50 / p99', p(run.ticker));
    line('webhook sent → total text includes it p50 / p99', p(run.total));
    line('ticker p99 minus acknowledgement p99 (what the overlay adds)', `${fmt(percentile(run.ticker, 99) - percentile(run.ack, 99), 1)} ms`);
    line('aim p99 ≤ 100 ms after the acknowledgement', percentile(run.ticker, 99) - percentile(run.ack, 99) <= 100 ? 'met' : 'NOT MET');
    if (run.missed > 0) line('donations never drawn as a ticker row (several in one frame)', String(run.missed));
    const first = 1_000;
    const all = 10_000;
    const heap = await overlayHeap(join(dir, 'overlay-heap'), first, all);
    const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 2)} MB`;
    console.log(`\n## Overlay page over ${fmt(all)} donations (combined layout, every widget; forced GC before each figure)`);
    line(`JS heap after ${fmt(first)} (baseline) / after ${fmt(all)}`, `${mb(heap.heap[0])} / ${mb(heap.heap[1])}`);
    line('heap ratio (aim ≤ 1.10: flat)', fmt(heap.heap[1] / heap.heap[0], 3));
    line('DOM nodes / JS event listeners, same two moments', `${heap.nodes[0]} → ${heap.nodes[1]} / ${heap.listeners[0]} → ${heap.listeners[1]}`);
    line('total on the overlay at the end (exact)', `${heap.total} EUR in ${fmt(heap.seconds, 1)} s`);
  }
  if (wanted('twitch')) {
    const count = Number(process.env.BENCH_TWITCH_MESSAGES ?? 1_000_000);
    parseOnlyRate(20_000); // warm-up
    const parse = Math.max(parseOnlyRate(200_000), parseOnlyRate(200_000));
    const run = await endToEnd(join(dir, 'twitch'), count);
    const rate = run.messages / run.seconds;
    const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
    console.log(`\n## Twitch chat: ${fmt(count)} messages from a local IRC server through tmi.js into the headless server`);
    line('tmi.js parser alone, same lines (baseline, best of 2)', `${fmt(parse)} messages/s`);
    line('end to end: server → tmi.js → SQLite with rollups', `${fmt(rate)} messages/s (${fmt(run.seconds, 1)} s)`);
    line('ratio to parse-only (aim ≥ 0.5)', fmt(rate / parse, 2));
    line('target ≥ 20,000 messages/s', rate >= 20_000 ? 'met' : 'NOT MET');
    line('rollups: messages / distinct chatters', `${fmt(run.rollupMessages)} / ${fmt(run.chatters)}`);
    line('headless server RSS: idle before / after all messages', `${mb(run.idleRss)} / ${mb(run.rss)}`);
    line('headless server peak RSS', mb(run.peakRss));
    line(`aim ≤ 250 MB RSS after ${fmt(count)} messages`, run.rss <= 250 * 1024 * 1024 ? 'met' : 'NOT MET');
  }
  if (wanted('moments')) {
    const cost = momentsCost(join(dir, 'moments'), Number(process.env.BENCH_MOMENTS_LINES ?? 100_000));
    console.log(`\n## Twitch events feed: ${fmt(cost.lines)} paid lines (cheers and resubs) through the real Ingest into SQLite`);
    cost.rounds.forEach((r, i) => {
      line(`round ${i + 1}: stored without their moments (baseline) / with them`, `${fmt(r.without)} ms / ${fmt(r.with)} ms`);
      line(`round ${i + 1}: what the feed adds per paid line`, `${fmt(((r.with - r.without) * 1000) / cost.lines, 1)} µs`);
    });
    line(`feed over ${fmt(cost.lines)} moments: newest page of 50 / waiting page`, `${fmt(cost.pageMs, 2)} ms / ${fmt(cost.waitingMs, 2)} ms`);
    line('a kind with no entry (the whole table walked)', `${fmt(cost.rareKindMs, 1)} ms`);
  }
  if (wanted('best-minute')) {
    const run = await bestMinuteBench(dir, (text) => console.log(text));
    const ms = (n: number) => `${fmt(n, 1)} ms`;
    console.log('\n## Best minute to call on the seeded marathon (10,000,000 chat messages, 4 channels): first / warm p50 / max');
    for (const c of [run.baseline, ...run.cases]) {
      line(c.name, `${ms(c.first)} / ${ms(c.p50)} / ${ms(c.max)}`);
      if (c !== run.baseline) line('  suggested (UTC, predicted distinct chatters)', c.suggestions);
    }
    line('aim: every case under 100 ms warm, 500 ms first', run.cases.every((c) => c.p50 <= 100 && c.first <= 500) ? 'met' : 'NOT MET');
  }
  if (wanted('incentives')) {
    const cost = incentivesCost(join(dir, 'incentives'), Number(process.env.BENCH_INCENTIVE_ASSIGNMENTS ?? 20_000));
    const ms = (list: number[]) => list.map((v) => fmt(v, 2)).join(' / ');
    console.log(`\n## Incentive list over ${fmt(cost.assignments)} assignments (10 incentives and bid wars, 1 in 10 reassigned), 5 reads each`);
    line('full recompute from every assignment (baseline), ms', ms(cost.recomputeMs));
    line('running totals kept at each assignment, ms', ms(cost.runningMs));
    line('one moderator assignment with its running totals, mean ms', fmt(cost.assignMs, 3));
    line('both give the same list', cost.equal ? 'yes' : 'NO');
  }
  if (wanted('team')) {
    const run = await teamBench(join(dir, 'team'), {
      desks: Number(process.env.BENCH_TEAM_DESKS ?? 100),
      peakSeconds: Number(process.env.BENCH_TEAM_SECONDS ?? 20),
      chatFacts: process.env.BENCH_TEAM_CHAT === 'batch' ? 'batch' : 'second',
    });
    const p = (q: number) => percentile(run.lagMs, q);
    console.log(`\n## Team events: ${run.desks} desks at peak (${run.chatPerSecond} chat/s and ${run.donationsPerSecond} donations/s each) through one local nats-server, ${run.peakSeconds} s`);
    line(`facts published (chat counts ${run.chatFacts === 'second' ? 'once a second' : 'every 50 ms'}, donations, backlog)`, fmt(run.factsPublished));
    line('donation commit → applied on the reader p50 / p99', `${fmt(p(50))} / ${fmt(p(99))} ms`);
    line('aim p99 ≤ 1 s', p(99) <= 1_000 ? 'met' : 'NOT MET');
    line('reader team total equals the desks\' sum at the end of the peak', run.exactAtPeakEnd ? 'yes' : 'NO');
    line(`desk cut off 30 simulated minutes (${fmt(run.backlogFacts)} facts): exact after`, `${fmt(run.convergeSeconds, 1)} s`);
    line('aim ≤ 10 s', run.convergeSeconds <= 10 ? 'met' : 'NOT MET');
    line('heap every 2 s, reader and all simulated desks, garbage included (MB)', run.heapMb.map((m) => fmt(m)).join(' '));
    if (run.retainedMb.length > 0) line('kept after a full collection: peak start, peak end, catch-up end (MB)', run.retainedMb.map((m) => fmt(m)).join(' '));
    line('machine load average (1 min) at the end; the figures stretch with it', fmt(loadavg()[0] ?? 0, 1));
  }
  if (wanted('moderation')) {
    const count = Number(process.env.BENCH_MODERATION_DONATIONS ?? 50_000);
    const run = await moderationLatencies(join(dir, 'moderation'), count);
    console.log(`\n## Moderators' room: ${fmt(run.donations)} donations (${fmt(run.pending)} waiting), each query 200 times over HTTP`);
    line('seeding through the real ingest (durable, rules after each)', `${fmt(run.seedSeconds, 1)} s`);
    for (const [name, list] of Object.entries(run.queries)) {
      const d = describeLatencies(list);
      line(`${name} p50 / p95 / max`, `${fmt(d.p50, 2)} / ${fmt(d.p95, 2)} / ${fmt(d.max, 1)} ms`);
    }
    const worst = Math.max(...Object.entries(run.queries).filter(([n]) => !n.includes('baseline')).map(([, l]) => describeLatencies(l).p95));
    line('slowest p95 (aim ≤ 20 ms)', `${fmt(worst, 2)} ms: ${worst <= 20 ? 'met' : 'NOT MET'}`);
  }
  if (wanted('report')) {
    const run = await reportBench(dir, (text) => console.log(text));
    const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 2)} MB`;
    console.log(`\n## The marathon report of the seeded 48 h marathon: ${fmt(run.messages)} chat messages, ${fmt(run.chatters)} people in chat`);
    line('figures + HTML, fresh core (aim < 60 s)', `${fmt(run.htmlSeconds, 2)} s: ${run.htmlSeconds < 60 ? 'met' : 'NOT MET'}`);
    line('the same again (caches warm)', `${fmt(run.againSeconds, 2)} s`);
    line('HTML size (aim < 5 MB)', `${mb(run.htmlBytes)}: ${run.htmlBytes < 5 * 1024 * 1024 ? 'met' : 'NOT MET'}`);
    line('figures + HTML + PDF printed by Chromium', run.withPdfSeconds === null ? run.pdfNote ?? 'no PDF' : `${fmt(run.withPdfSeconds, 2)} s, PDF ${mb(run.pdfBytes ?? 0)}`);
  }
  if (wanted('dashboard')) {
    const run = await dashboardQueries(dir, (text) => console.log(text));
    const ms = (n: number) => `${fmt(n, 2)} ms`;
    console.log('\n## Dashboard queries over a seeded 48 h marathon: 10,000,000 chat messages, 6,000 chatters, 18,000 donations');
    const seed = run.seed;
    line(seed.seededNow ? 'seeding (this run), wall / CPU' : 'seeding (cached file; when it was made), wall / CPU',
      seed.seconds === null ? 'unknown' : `${fmt(seed.seconds, 1)} s / ${fmt(seed.cpuSeconds ?? Number.NaN, 1)} s for ${fmt(seed.events ?? 0)} events`);
    line('copying the seeded file for this run', `${fmt(run.copySeconds, 1)} s`);
    console.log(`${'query (first call on a fresh core; then 40 runs)'.padEnd(58)} ${'first'.padStart(10)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'max'.padStart(10)}  p95/baseline`);
    for (const q of [run.baseline, ...run.queries]) {
      console.log(`${q.name.padEnd(58)} ${ms(q.first).padStart(10)} ${ms(q.p50).padStart(10)} ${ms(q.p95).padStart(10)} ${ms(q.max).padStart(10)}  ${fmt(q.p95 / run.baseline.p95, 2)}`);
    }
    const over = run.queries.filter((q) => q.p95 > 20);
    line('aim p95 ≤ 20 ms', over.length === 0 ? 'met by every query' : `NOT MET: ${over.map((q) => q.name).join('; ')}`);
  }
  if (wanted('reads')) {
    const run = await readRoutes(dir, (text) => console.log(text));
    const ms = (n: number) => `${fmt(n, 1)} ms`;
    console.log('\n## Every viewer and moderator read over HTTP, widest parameters allowed, seeded 48 h marathon (10,000,000 chat messages)');
    console.log(`${'route (first call; then 15 runs, exports 5)'.padEnd(64)} ${'status'.padStart(6)} ${'KB'.padStart(8)} ${'first'.padStart(9)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)} ${'blocked'.padStart(9)}  p50/baseline`);
    for (const r of [run.baseline, ...run.routes]) {
      console.log(`${r.name.padEnd(64)} ${String(r.status).padStart(6)} ${fmt(r.bytes / 1024).padStart(8)} ${ms(r.first).padStart(9)} ${ms(r.p50).padStart(9)} ${ms(r.p95).padStart(9)} ${ms(r.max).padStart(9)} ${ms(r.blocked).padStart(9)}  ${fmt(r.p50 / run.baseline.p50, 1)}`);
    }
    console.log('blocked: the longest the event loop was held during that route\'s runs (every other request waits that long)');
    const slow = run.routes.filter((r) => r.blocked > 200);
    line('aim: no read blocks the server more than 200 ms', slow.length === 0 ? 'met by every route' : `NOT MET: ${slow.map((r) => r.name).join('; ')}`);
    const failed = run.routes.filter((r) => r.status !== 200);
    if (failed.length > 0) line('routes that did not answer 200', failed.map((r) => `${r.name} (${r.status})`).join('; '));
  }
  if (wanted('load')) {
    const senders = Number(process.env.BENCH_LOAD_SENDERS ?? 200);
    const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
    const overlays = Number(process.env.BENCH_LOAD_OVERLAYS ?? 500);
    const raw = rawFsyncLatencies(dir, 400);
    const run = await loadFigures(join(dir, 'load'), { senders, seconds, overlays, watchedSenders: 50 });
    const ms = (n: number) => `${fmt(n, 1)} ms`;
    const rate = (r: typeof run.big) => r.acknowledged / r.seconds;
    const loopP99 = (r: typeof run.big) => Math.max(0, ...r.loop.map((w) => w.p99_ms));
    const loopMax = (r: typeof run.big) => Math.max(0, ...r.loop.map((w) => w.max_ms));
    console.log(`\n## Peak hour: ${senders} concurrent signed-webhook senders for ${seconds} s against the headless server, the owner reading totals on fresh connections`);
    line('raw write + fdatasync on the same disk (baseline) p50 / p99', `${ms(percentile(raw, 50))} / ${ms(percentile(raw, 99))}`);
    const flood = (label: string, r: typeof run.big) => {
      line(`${label}: acknowledged / stored / refused / failed`, `${fmt(r.acknowledged)} / ${fmt(r.stored)} / ${r.refused} / ${r.failed} ${r.acknowledged === r.stored ? '(exact)' : '(NOT EXACT)'}`);
      line(`${label}: throughput; server CPU per donation`, `${fmt(rate(r))} donations/s; ${fmt((r.serverCpuSeconds * 1e6) / r.acknowledged)} µs`);
      line(`${label}: acknowledgement p50 / p99 / max`, `${ms(percentile(r.ack, 50))} / ${ms(percentile(r.ack, 99))} / ${ms(r.ack[r.ack.length - 1] ?? Number.NaN)} (sent at +${fmt(r.slowestAt, 1)} s)`);
      line(`${label}: owner GET /api/totals, new connection p50 / p99 / max`, `${ms(percentile(r.totals, 50))} / ${ms(percentile(r.totals, 99))} / ${ms(r.totals[r.totals.length - 1] ?? Number.NaN)} (${r.totals.length} reads)`);
      line(`${label}: server event-loop delay p99 / max (5-s windows)`, `${ms(loopP99(r))} / ${ms(loopMax(r))}`);
    };
    flood(`${senders} senders`, run.big);
    line('ack p99 ratio to raw fdatasync p99 (aim ≤ 10)', fmt(percentile(run.big.ack, 99) / percentile(raw, 99), 2));
    line('aim: totals p99 ≤ 50 ms, max ≤ 250 ms', percentile(run.big.totals, 99) <= 50 && (run.big.totals.at(-1) ?? 0) <= 250 ? 'met' : 'NOT MET');
    line('aim: event-loop delay p99 ≤ 20 ms', loopP99(run.big) <= 20 ? 'met' : 'NOT MET');
    flood('50 senders, no overlay (baseline)', run.alone);
    flood(`50 senders, ${run.overlays} overlay sockets`, run.watched);
    line('overlay sockets still connected after the flood', `${run.overlaysConnected} of ${run.overlays}`);
    line(`throughput ratio with ${run.overlays} overlays to none (aim ≥ 0.8)`, fmt(rate(run.watched) / rate(run.alone), 2));
    const cpuPer = (r: typeof run.big) => r.serverCpuSeconds / r.acknowledged;
    line('server CPU per donation, ratio of none to with overlays (1 = they cost nothing)', fmt(cpuPer(run.alone) / cpuPer(run.watched), 2));
    console.log('(the overlay sockets are clients in this process: on a 2-core machine their reading takes CPU from the senders too)');
  }
  if (wanted('backup')) {
    const run = await backupDelay(dir, (text) => console.log(text));
    const gb = (bytes: number | null) => (bytes === null ? '' : `${fmt(bytes / 1024 ** 3, 2)} GB`);
    console.log(`\n## Online backup of the seeded marathon (${gb(run.databaseBytes)}, 10,000,000 chat messages) while 2,000 chat/s and 20 donations/s are written`);
    console.log(`${'event-loop delay of the server (sampled every 1 ms)'.padEnd(58)} ${'seconds'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}  donation write p99, copy`);
    for (const p of run.phases) {
      const ms = (n: number) => `${fmt(n, 1)} ms`.padStart(8);
      console.log(`${p.name.padEnd(58)} ${fmt(p.seconds, 1).padStart(8)} ${ms(p.p50)} ${ms(p.p99)} ${ms(p.max)}  ${fmt(p.donationP99, 1)} ms ${gb(p.backupBytes)}`);
    }
    const during = run.phases[1];
    if (during) line('aim p99 ≤ 20 ms during the backup', during.p99 <= 20 ? 'met' : 'NOT MET');
  }
  if (wanted('render')) {
    const seconds = Number(process.env.BENCH_RENDER_SECONDS ?? 40);
    const scenarios = await renderBudget(dir, (text) => console.log(text), seconds);
    const ms = (n: number) => `${fmt(n)} ms`;
    const spread = (list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return `${ms(percentile(sorted, 50))} / ${ms(sorted[sorted.length - 1] ?? Number.NaN)}`;
    };
    let met = true;
    for (const s of scenarios) {
      console.log(`\n## Render budget in Chromium at 1366x768: ${s.name}; ${s.flowSeconds / 2} s of live data per tab`);
      for (const tab of ['charts', 'live'] as const) {
        const tasks = [...s.tasks[tab]].sort((a, b) => a - b);
        const longest = tasks[tasks.length - 1] ?? 0;
        const slowestOpen = Math.max(s.firstOpen[tab], ...s.opens[tab]);
        line(`${tab} tab: first open; then 5 more opens p50 / max`, `${ms(s.firstOpen[tab])}; ${spread(s.opens[tab])}`);
        line(`${tab} tab open: long tasks > 50 ms / longest / p95`, tasks.length === 0 ? 'none' : `${tasks.length} / ${ms(longest)} / ${ms(percentile(tasks, 95))}`);
        line(`${tab} tab open: renderer CPU while data flows (share of a core)`, `${fmt(s.rendererCpu[tab] * 100)} %`);
        const busy = s.mainThread[tab];
        line(`${tab} tab open: main thread in script / style / layout`, `${fmt(busy.script * 100)} % / ${fmt(busy.style * 100)} % / ${fmt(busy.layout * 100)} %`);
        const ok = slowestOpen < 1_000 && longest <= 50;
        met &&= ok;
        line(`${tab} tab: aim open < 1 s and no task > 50 ms`, ok ? 'met' : 'NOT MET');
      }
      line('donations posted by the bench and accepted', String(s.donationsSent));
      line('machine load average (1 min) at the end; the figures stretch with it', fmt(s.loadAverage, 1));
      line('connection marker: samples not "Live" (every 250 ms) / at the end', `${s.connectionLost} / ${s.connectedAtEnd ? 'Live' : 'NOT LIVE'}`);
    }
    line('render budget, every scenario', met ? 'met' : 'NOT MET');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
