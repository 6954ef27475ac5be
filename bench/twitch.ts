// Twitch chat end to end: a local Twitch IRC server (WebSocket) → tmi.js in the headless server
// process (`dist/main/serve.cjs`, what `npm run serve` runs) → SQLite with the rollups. Beside
// it, in the same run: tmi.js's parser alone over the same lines, the ceiling of any client.
import { readFileSync } from 'node:fs';
import parser from 'tmi.js/lib/parser.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { FakeTwitchIrc, privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { ownerApi, startServer } from '../tests/support/server-process.js';

const CHANNEL = 'marathon';
const PER_FRAME = 100;
const CHATTERS = 2_000;
const TEXTS = [
  '#ErdoganHelpRohingya please answer us',
  "LET'S GOOO @marathon_host",
  'hello from Istanbul 👋 #YoutubeHelpRohingya',
  'how far to the next milestone?',
  'PogChamp PogChamp PogChamp',
  'مرحبا من القاهرة #ErdoganHelpRohingya',
  'সবাইকে ধন্যবাদ',
  '🔥'.repeat(120),
];
const START = Date.parse('2026-11-23T10:00:00Z');

/** Message i of a marathon chat: 137 messages/s of marathon time from 2,000 chatters. */
function line(i: number): string {
  const user = (i * 7_919) % CHATTERS;
  return privmsg(CHANNEL, {
    id: `bench-${i}`,
    userId: String(100_000 + user),
    login: `viewer_${user}`,
    text: TEXTS[i % TEXTS.length]!,
    ts: START + Math.floor((i * 1_000) / 137),
  });
}

const lines = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => line(from + k));

/** Frames of PER_FRAME lines, as Twitch batches them (and as FakeTwitchIrc.send sends them). */
function frames(from: number, to: number): string[] {
  const all = lines(from, to);
  const out: string[] = [];
  for (let i = 0; i < all.length; i += PER_FRAME) out.push(`${all.slice(i, i + PER_FRAME).join('\r\n')}\r\n`);
  return out;
}

/** Lines/s through tmi.js's parser alone: frames split into lines, each parsed. */
export function parseOnlyRate(count: number): number {
  const prepared = frames(0, count);
  let parsed = 0;
  const started = process.hrtime.bigint();
  for (const frame of prepared) {
    for (const raw of frame.split('\r\n')) {
      if (raw.length === 0) continue;
      if (parser.msg(raw)?.command === 'PRIVMSG') parsed += 1;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (parsed !== count) throw new Error(`parsed ${parsed} of ${count}`);
  return count / seconds;
}

const rssOf = (pid: number): { rss: number; peak: number } => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
};

export interface TwitchRun {
  messages: number;
  seconds: number;
  idleRss: number;
  rss: number;
  peakRss: number;
  rollupMessages: number;
  chatters: number;
}

/**
 * Sends `count` chat lines to one joined channel of the headless server, as fast as the
 * client reads them (the next frames go out when the socket's send buffer is under 4 MB), and
 * times until the server reports every one stored.
 */
export async function endToEnd(dataDir: string, count: number): Promise<TwitchRun> {
  const irc = await FakeTwitchIrc.start();
  const server = await startServer(dataDir);
  const pid = server.child.pid!;
  try {
    await new Promise((r) => setTimeout(r, 500));
    const idleRss = rssOf(pid).rss;
    const campaign = await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN);
    if (campaign.status !== 200) throw new Error(`campaign: ${JSON.stringify(campaign.body)}`);
    const created = await ownerApi(server.url, 'POST', '/api/sources', { kind: 'twitch', name: `#${CHANNEL}`, channel: CHANNEL, server: irc.url });
    if (created.status !== 201) throw new Error(`source: ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    const [connection] = await irc.waitForJoined(CHANNEL);
    const stored = async () => {
      const sources = await ownerApi(server.url, 'GET', '/api/sources');
      return (sources.body.sources as { id: string; events: number }[]).find((s) => s.id === id)?.events ?? 0;
    };

    // The lines are made before the clock starts, as for the parse-only baseline: what is
    // timed is the server's work (and the sending), not this process writing IRC lines.
    const prepared = frames(0, count);
    const started = process.hrtime.bigint();
    const socket = connection!.socket;
    for (const frame of prepared) {
      while (socket.bufferedAmount > 4 * 1024 * 1024) await new Promise((r) => setTimeout(r, 2));
      socket.send(frame);
    }
    const deadline = Date.now() + 600_000;
    let seen = 0;
    while ((seen = await stored()) < count) {
      if (Date.now() > deadline) throw new Error(`only ${seen} of ${count} stored after 10 minutes:\n${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await new Promise((r) => setTimeout(r, 2_000)); // chatter sets saved, timers settled
    const { rss, peak } = rssOf(pid);
    const stats = await ownerApi(server.url, 'GET', `/api/chat/stats?from=${new Date(START - 60_000).toISOString()}&to=${new Date(START + 86_400_000).toISOString()}`);
    if (stats.status !== 200) throw new Error(`stats: ${JSON.stringify(stats.body)}`);
    return {
      messages: seen,
      seconds,
      idleRss,
      rss,
      peakRss: peak,
      rollupMessages: stats.body.messages as number,
      chatters: stats.body.chatters as number,
    };
  } finally {
    await server.stop();
    await irc.close();
  }
}
