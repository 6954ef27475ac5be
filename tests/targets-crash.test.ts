import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { FakeTwitchIrc, privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { EXAMPLE_CAMPAIGN, tempDir } from '../main/testing/harness.js';
import { type ServerProcess, ownerApi, startServer } from './support/server-process.js';

const temp = tempDir('telethon-targets-crash-');
let irc: FakeTwitchIrc | null = null;
let server: ServerProcess | null = null;
after(async () => {
  await server?.stop('SIGKILL');
  await irc?.close();
  temp.remove();
});

const MIN = 60_000;
const CHANNEL = 'relay';
const MESSAGES = 16_000;
const PEOPLE = 700;
const PER_FRAME = 40;
const KILL_AT_MENTIONS = 1_500;

interface Sent {
  id: string;
  user: number;
  minute: number;
  calls: boolean;
}

/**
 * A chat burst over the last 20 minutes: 16,000 messages from 700 people; about half call on the
 * target (the hashtag in several spellings, or its @handle), the rest are noise and look-alikes.
 */
function burst(now: number): { lines: string[]; sent: Sent[] } {
  const lines: string[] = [];
  const sent: Sent[] = [];
  const start = Math.floor(now / MIN) * MIN - 20 * MIN;
  for (let i = 0; i < MESSAGES; i += 1) {
    const user = (i * 131) % PEOPLE;
    const at = start + Math.floor((i * 20 * MIN) / MESSAGES);
    const kind = i % 6;
    const text =
      kind === 0 ? `#UnicefHelpRohingya now ${i}` :
      kind === 1 ? `@UNICEF please ${i}` :
      kind === 2 ? `#unicefhelprohingya! #UNICEFHELPROHINGYA twice in one ${i}` :
      kind === 3 ? `#Unicef\u200BHelpRohingya look-alike ${i}` :
      kind === 4 ? `unicef is a word here ${i}` : `hello ${i}`;
    const id = `burst-${i}`;
    lines.push(privmsg(CHANNEL, { id, userId: String(20_000 + user), login: `fan${user}`, text, ts: at }));
    sent.push({ id, user, minute: Math.floor(at / MIN), calls: kind <= 2 });
  }
  return { lines, sent };
}

function expected(sent: Sent[]) {
  const calling = sent.filter((s) => s.calls);
  const perMinute = new Map<number, Set<number>>();
  for (const s of calling) perMinute.set(s.minute, (perMinute.get(s.minute) ?? new Set()).add(s.user));
  return {
    mentions: calling.length,
    callers: new Set(calling.map((s) => s.user)).size,
    perMinute: [...perMinute].sort((a, b) => a[0] - b[0]).map(([m, users]) => [new Date(m * MIN).toISOString(), users.size] as const),
  };
}

async function startWithFakeTwitch(): Promise<ServerProcess> {
  process.env.TELETHON_TWITCH_SERVER = irc!.url;
  try {
    return await startServer(temp.path);
  } finally {
    delete process.env.TELETHON_TWITCH_SERVER;
  }
}

async function targetFigures(url: string, id: string) {
  const answer = await ownerApi(url, 'GET', '/api/targets');
  const t = answer.body.targets.find((x: { id: string }) => x.id === id);
  return { mentions: t.mentions as number, callers: t.callers as number, counted: t.counted as number };
}

describe('kill -9 during a chat burst that calls on a target', () => {
  it('keeps the target\'s mentions and distinct callers exact: nothing committed lost, nothing counted twice', async () => {
    irc = await FakeTwitchIrc.start();
    server = await startWithFakeTwitch();
    assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    assert.equal((await ownerApi(server.url, 'POST', '/api/sources', { kind: 'twitch', name: '#relay', channel: CHANNEL })).status, 201);
    const created = await ownerApi(server.url, 'POST', '/api/targets', {
      name: 'UNICEF', handles: [{ platform: 'x', handle: '@UNICEF' }], hashtags: ['UnicefHelpRohingya'], ask: 'Send water', call_starts_at: new Date(Date.now() - 60 * MIN).toISOString(),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.target.id as string;
    await irc.waitForJoined(CHANNEL);

    const { lines, sent } = burst(Date.now());
    // Frames at a steady pace; the process is killed once the target has counted a part of them.
    let framesSent = 0;
    let killed = false;
    const sender = (async () => {
      for (let i = 0; i < lines.length && !killed; i += PER_FRAME) {
        irc!.broadcast(CHANNEL, lines.slice(i, i + PER_FRAME), PER_FRAME);
        framesSent += 1;
        await new Promise((r) => setTimeout(r, 4));
      }
    })();
    let seenBeforeKill = 0;
    for (let polls = 0; !killed; polls += 1) {
      assert.ok(polls < 2_000, 'the burst never reached the kill point');
      seenBeforeKill = (await targetFigures(server.url, id)).mentions;
      if (seenBeforeKill >= KILL_AT_MENTIONS) {
        killed = true;
        server.killAll();
      } else {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    await sender;
    assert.equal(await server.stop(), null, 'the server should have died by SIGKILL');

    // What the database holds is what was committed: the target must count exactly that.
    const db = new Database(join(temp.path, 'telethon.sqlite'), { readonly: true });
    const stored = new Set(db.prepare<[], { external_id: string }>("SELECT external_id FROM events WHERE kind = 'chat'").all().map((r) => r.external_id));
    // The callers of the last seconds were only in memory (sets are saved every few seconds):
    // after the restart they must come back from the log.
    const savedThrough = Number(db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'chatter_sets_through_seq'").get()?.value ?? 0);
    const lastSeq = db.prepare<[], { seq: number }>('SELECT MAX(seq) AS seq FROM events').get()?.seq ?? 0;
    db.close();
    assert.ok(savedThrough < lastSeq, `some callers were unsaved at the kill (saved through ${savedThrough} of ${lastSeq})`);
    const committed = sent.filter((s) => stored.has(s.id));
    console.log(`sent ${Math.min(framesSent * PER_FRAME, MESSAGES)} of ${MESSAGES} lines, ${committed.length} committed before kill -9; the target showed ${seenBeforeKill} mentions`);
    assert.ok(committed.length > 0 && committed.length < MESSAGES, `the kill came mid-burst (${committed.length} committed)`);
    const want = expected(committed);
    assert.ok(want.mentions >= seenBeforeKill, 'nothing the target showed before the kill is lost');

    server = await startWithFakeTwitch();
    const afterRestart = await targetFigures(server.url, id);
    assert.equal(afterRestart.counted, 1);
    assert.equal(afterRestart.mentions, want.mentions, 'mentions after restart = the committed messages that call on the target');
    assert.equal(afterRestart.callers, want.callers, 'distinct callers after restart = the distinct people among them');
    const from = new Date(sent[0]!.minute * MIN).toISOString();
    const to = new Date(Date.now() + MIN).toISOString();
    const minutes = (await ownerApi(server.url, 'GET', `/api/targets/${id}/minutes?from=${from}&to=${to}`)).body.minutes as { minute: string; callers: number }[];
    assert.deepEqual(minutes.map((m) => [m.minute, m.callers]), want.perMinute, 'per-minute distinct callers are exact too');

    // The whole burst again (a replay after reconnecting): what was stored counts once, the rest now counts.
    await irc.waitForJoined(CHANNEL);
    irc.broadcast(CHANNEL, lines, 200);
    const all = expected(sent);
    const deadline = Date.now() + 30_000;
    let figures = await targetFigures(server.url, id);
    while (figures.mentions < all.mentions && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      figures = await targetFigures(server.url, id);
    }
    // A moment more, so a double count would have time to show.
    await new Promise((r) => setTimeout(r, 1_500));
    figures = await targetFigures(server.url, id);
    assert.equal(figures.mentions, all.mentions);
    assert.equal(figures.callers, all.callers);
    assert.equal(await server.stop('SIGTERM'), 0);

    const check = new Database(join(temp.path, 'telethon.sqlite'), { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(check.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM events WHERE kind = 'chat'").get()?.n, MESSAGES);
    assert.equal(check.prepare<[string], { n: number }>('SELECT SUM(mentions) AS n FROM target_minutes WHERE target_id = ?').get(id)?.n, all.mentions);
    check.close();
  });
});
