// npm run bench load: the marathon's peak hour, driven from this process against the headless
// server (`dist/main/serve.cjs`) on loopback: many signed-webhook senders at once, the owner's
// dashboard asking for totals on fresh connections meanwhile, and hundreds of overlay sockets.
import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { OVERLAY_NAMESPACE, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../shared/contract.js';
import type { EventLoopWindow } from '../shared/views.js';
import { signGeneric } from '../main/sources/webhook/signature.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { readFileSync } from 'node:fs';
import { OWNER_TOKEN, corePid, ownerApi, startServer } from '../tests/support/server-process.js';

const nowMs = () => performance.timeOrigin + performance.now();

interface Reply {
  status: number;
  body: string;
}

function send(agent: Agent | false, url: URL, method: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface FloodRun {
  senders: number;
  seconds: number;
  acknowledged: number;
  /** Donations the server holds at the end (GET /api/totals): must equal `acknowledged`. */
  stored: number;
  refused: number;
  failed: number;
  ack: number[];
  /** The owner's GET /api/totals, each on a new connection, during the flood. */
  totals: number[];
  /** Event-loop windows of the server that ended during the flood. */
  loop: EventLoopWindow[];
  /** CPU time the server's core process (all its threads) spent during the flood. */
  serverCpuSeconds: number;
  /** When the slowest acknowledged donation was sent, in seconds from the flood's start. */
  slowestAt: number;
}

/** User + system CPU seconds of a process so far (Linux /proc; clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * `senders` concurrent webhook senders (keep-alive connections, as a donation platform's
 * delivery workers) post signed donations for `seconds`, each waiting for its answer before the
 * next; meanwhile the owner asks for totals on a fresh connection every 100 ms.
 */
async function flood(url: string, hookUrl: string, secret: string, senders: number, seconds: number, prefix: string, pid: number): Promise<FloodRun> {
  const hook = new URL(hookUrl);
  const agent = new Agent({ keepAlive: process.env.BENCH_LOAD_NEW_CONNECTIONS !== "1", maxSockets: senders });
  const ack: number[] = [];
  let acknowledged = 0;
  let refused = 0;
  let failed = 0;
  let slowest = { ms: 0, at: 0 };
  const started = nowMs();
  const cpuBefore = cpuSeconds(pid);
  const deadline = started + seconds * 1_000;
  let next = 0;
  const sender = async () => {
    while (nowMs() < deadline) {
      const id = `${prefix}-${next++}`;
      const raw = JSON.stringify({ id, type: 'donation', amount: { value: '1.00', currency: 'EUR' }, donor: { name: 'Load' }, message: 'peak hour' });
      const ts = Math.floor(Date.now() / 1000);
      const sentAt = nowMs();
      try {
        const reply = await send(agent, hook, 'POST', {
          'content-type': 'application/json',
          [WEBHOOK_TIMESTAMP_HEADER]: String(ts),
          [WEBHOOK_SIGNATURE_HEADER]: signGeneric(secret, ts, raw),
        }, raw);
        if (reply.status === 201) {
          acknowledged += 1;
          const took = nowMs() - sentAt;
          ack.push(took);
          if (took > slowest.ms) slowest = { ms: took, at: (sentAt - started) / 1_000 };
        } else refused += 1;
      } catch {
        failed += 1;
      }
    }
  };
  const [, totals] = await Promise.all([Promise.all(Array.from({ length: senders }, sender)), ownerReads(url, deadline)]);
  const ended = nowMs();
  const serverCpuSeconds = cpuSeconds(pid) - cpuBefore;
  agent.destroy();
  // The last 5-second window that covers the flood's end closes within 5 s.
  await new Promise((resolve) => setTimeout(resolve, 5_500));
  const health = (await ownerApi(url, 'GET', '/api/health')).body as { event_loop?: EventLoopWindow[] };
  // (A version from before issue 13, run with TELETHON_SERVER_ROOT, does not measure it.)
  const loop = (health.event_loop ?? []).filter((w) => Date.parse(w.ends_at) > started && Date.parse(w.ends_at) <= ended + 5_000);
  const totalsNow = (await ownerApi(url, 'GET', '/api/totals')).body as { donations: number };
  return {
    senders,
    seconds: (ended - started) / 1_000,
    acknowledged,
    stored: totalsNow.donations,
    refused,
    failed,
    ack: ack.sort((a, b) => a - b),
    totals: totals.sort((a, b) => a - b),
    loop,
    serverCpuSeconds,
    slowestAt: slowest.at,
  };
}

/**
 * The owner's dashboard asking for totals every 100 ms, each on a new connection, timed on a
 * thread of its own: in this thread, 200 senders keep the event loop busy, and a reply would
 * wait for them before its time is read.
 */
function ownerReads(url: string, deadline: number): Promise<number[]> {
  const code = `
    const { request } = require('node:http');
    const { parentPort, workerData } = require('node:worker_threads');
    const { url, token, deadline } = workerData;
    const now = () => performance.timeOrigin + performance.now();
    const get = () => new Promise((resolve, reject) => {
      const req = request(new URL('/api/totals', url), { headers: { authorization: 'Bearer ' + token, connection: 'close' }, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end();
    });
    (async () => {
      // Once before timing: this thread's first request loads and compiles node:http.
      await get();
      const times = [];
      while (now() < deadline) {
        const start = now();
        const status = await get();
        if (status !== 200) throw new Error('GET /api/totals answered ' + status);
        times.push(now() - start);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      parentPort.postMessage(times);
    })();
  `;
  const worker = new Worker(code, { eval: true, workerData: { url, token: OWNER_TOKEN, deadline } });
  return new Promise((resolve, reject) => {
    worker.once('message', (times: number[]) => resolve(times));
    worker.once('error', reject);
  });
}

async function overlaySockets(url: string, key: string, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 1) {
    const socket = io(`${url}${OVERLAY_NAMESPACE}`, { auth: { key }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }
  return sockets;
}

export interface LoadBench {
  big: FloodRun;
  alone: FloodRun;
  watched: FloodRun;
  overlays: number;
  /** Overlay sockets still connected after the watched flood (none dropped for reading). */
  overlaysConnected: number;
}

/** Each flood on a fresh server, so one's backlog cannot slow the next. */
async function onFreshServer<T>(dir: string, run: (url: string, hookUrl: string, secret: string, key: string, pid: number) => Promise<T>): Promise<T> {
  const server = await startServer(dir);
  try {
    const pid = corePid(dir);
    if (pid === null) throw new Error('no core process holds the data folder');
    await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN);
    const source = (await ownerApi(server.url, 'POST', '/api/sources', { kind: 'webhook', name: 'load' })).body as { id: string; secret: string };
    const key = ((await ownerApi(server.url, 'GET', '/api/overlay')).body as { key: string }).key;
    return await run(server.url, `${server.url}/hooks/${source.id}`, source.secret, key, pid);
  } finally {
    await server.stop();
  }
}

export async function loadFigures(dir: string, options: { senders: number; seconds: number; overlays: number; watchedSenders: number }): Promise<LoadBench> {
  const big = await onFreshServer(`${dir}/big`, (url, hook, secret, _key, pid) => flood(url, hook, secret, options.senders, options.seconds, 'big', pid));
  const alone = await onFreshServer(`${dir}/alone`, (url, hook, secret, _key, pid) => flood(url, hook, secret, options.watchedSenders, options.seconds, 'alone', pid));
  const watched = await onFreshServer(`${dir}/watched`, async (url, hook, secret, key, pid) => {
    const sockets = await overlaySockets(url, key, options.overlays);
    let received = 0;
    for (const socket of sockets) {
      socket.on('changes', (batch: { changes: unknown[] }) => (received += batch.changes.length));
      socket.on('change', () => (received += 1)); // a version from before issue 13
    }
    try {
      const run = await flood(url, hook, secret, options.watchedSenders, options.seconds, 'watched', pid);
      return { run, connected: sockets.filter((s) => s.connected).length, received };
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
  return { big, alone, watched: watched.run, overlays: options.overlays, overlaysConnected: watched.connected };
}
