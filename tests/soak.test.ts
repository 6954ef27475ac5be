// A compressed marathon: 48 hours of a telethon played through the real server process in a few
// minutes. Event times run over the whole 48 hours (the marathon's clock) while the wall clock
// runs a few minutes; backups run every few seconds in their place. Everything arrives at once,
// as at a real peak: Twitch chat through tmi.js, signed webhooks in four currencies with refunds,
// Tiltify donations with later corrections, six moderators screening, three OBS pages, and one
// kill -9 at a random moment. What must hold at the end: the totals are exact to the cent,
// nothing acknowledged is lost or doubled, memory stays flat, and every backup passes
// integrity_check.
//
// TELETHON_SOAK_SCALE (default 1) scales the volumes for a quick local run; TELETHON_SOAK_SEED
// replays a run (the seed is printed).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import type { CurrencyCode } from '../shared/currencies.js';
import { type Money, convert, formatMinor } from '../shared/money.js';
import { tempDir } from '../main/testing/harness.js';
import { FakeTwitchIrc, privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { FAKE_CAMPAIGN_ID, FakeTiltify, tiltifyDonation } from '../main/sources/tiltify/testing/fake-tiltify.js';
import { signTiltify } from '../main/sources/tiltify/signature.js';
import { signGeneric } from '../main/sources/webhook/signature.js';
import { OWNER_TOKEN, corePid, ownerApi, startServer } from './support/server-process.js';
import { type SequencedBatch, unbatch } from '../shared/contract.js';

const SCALE = Number(process.env.TELETHON_SOAK_SCALE ?? 1);
const CHAT = Math.round(665_000 * SCALE);
const PEOPLE = Math.round(200_000 * SCALE);
const DONATIONS = Math.round(20_000 * SCALE);
/** Of the donations: one in 20 goes through Tiltify, a quarter of those corrected later. */
const TILTIFY_EVERY = 20;
const REFUND_EVERY = 97;
const MODERATORS = 6;
const OVERLAYS = 3;
const SENDERS = 40;
const CHAT_PER_SECOND = 6_000;
const CHAT_FRAME = 100;
const HOUR = 3_600_000;
const BACKUP_MINUTES = '0.05';
const TILTIFY_KEY = 'soak-tiltify-signing-key';
const HASHTAG = 'ErdoganHelpRohingya';

const seed = Number(process.env.TELETHON_SOAK_SEED ?? Date.now() % 1_000_000);
/** A small deterministic generator, so a failing run can be replayed with its seed. */
function generator(start: number): () => number {
  let state = start >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}
const random = generator(seed);

const CAMPAIGN_CURRENCY = 'EUR' as CurrencyCode;
const RATES: Record<string, string> = { USD: '0.9215', GBP: '1.1702', JPY: '0.006123' };
const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY'] as const;

const temp = tempDir('telethon-soak-');
after(() => temp.remove());

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

interface PlannedDonation {
  index: number;
  id: string;
  currency: (typeof CURRENCIES)[number];
  minor: number;
  at: number;
  message: string;
  via: 'webhook' | 'tiltify';
  /** Tiltify: a later version changes the amount to this. */
  correctedMinor: number | null;
  refunded: boolean;
}

function minorString(minor: number, currency: string): string {
  return formatMinor(minor, currency as CurrencyCode);
}

describe('a 48-hour marathon, compressed', () => {
  it('keeps totals exact, loses and doubles nothing acknowledged, keeps memory flat and every backup sound, through one kill -9', { timeout: 9 * 60_000 }, async () => {
    console.log(`soak: seed ${seed}, scale ${SCALE}: ${CHAT} chat lines from ${PEOPLE} people, ${DONATIONS} donations`);
    const port = await freePort();
    const args = ['--port', String(port), '--backup-minutes', BACKUP_MINUTES];
    const server = await startServer(temp.path, args);
    const url = server.url;
    const irc = await FakeTwitchIrc.start();
    const tiltify = await new FakeTiltify().start();
    const startedAt = Date.now();

    // The marathon began 48 hours ago (plus a margin): the fake clock runs its 48 hours now.
    const marathonStart = Math.floor((startedAt - 48 * HOUR - 5 * 60_000) / 60_000) * 60_000;
    const marathonTime = (progress: number) => marathonStart + Math.floor(progress * (48 * HOUR - 60_000));
    const api = async (method: string, path: string, body?: unknown, token = OWNER_TOKEN) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };

    // ── Set-up, as the owner does it ────────────────────────────────────────────────────────
    const campaign = await ownerApi(url, 'PUT', '/api/campaign', {
      title: 'Soak marathon',
      cause: 'Clean water',
      currency: CAMPAIGN_CURRENCY,
      goal: { value: '500000.00', currency: CAMPAIGN_CURRENCY },
      milestones: [{ amount: { value: '100000', currency: CAMPAIGN_CURRENCY }, label: 'A well' }],
      starts_at: new Date(marathonStart).toISOString(),
      duration_hours: 48,
    });
    assert.equal(campaign.status, 200, JSON.stringify(campaign.body));
    const rates = await api('PUT', '/api/rates', { rates: Object.entries(RATES).map(([currency, rate]) => ({ currency, rate })) });
    assert.equal(rates.status, 200, JSON.stringify(rates.body));
    const screeningWords = await api('PUT', '/api/screening/settings', { mode: 'one_pass', words: ['scam'], overlay_min: null });
    assert.equal(screeningWords.status, 200, JSON.stringify(screeningWords.body));
    const webhook = (await api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' })).body as { id: string; secret: string };
    const tiltifySource = await api('POST', '/api/sources', {
      kind: 'tiltify', name: 'Tiltify', campaign_id: FAKE_CAMPAIGN_ID, base_url: tiltify.url,
      client_id: 'fake-client', client_secret: 'fake-secret', webhook_signing_key: TILTIFY_KEY,
    });
    assert.equal(tiltifySource.status, 201, JSON.stringify(tiltifySource.body));
    const twitch = await api('POST', '/api/sources', { kind: 'twitch', name: '#soak', channel: 'soak', server: irc.url });
    assert.equal(twitch.status, 201, JSON.stringify(twitch.body));
    const target = await api('POST', '/api/targets', {
      name: 'President Erdoğan', handles: [], hashtags: [HASHTAG], ask: 'Open the border', call_starts_at: new Date(marathonStart).toISOString(),
    });
    assert.equal(target.status, 201, JSON.stringify(target.body));
    const moderatorTokens: string[] = [];
    for (let m = 0; m < MODERATORS; m += 1) {
      const invite = await api('POST', '/api/invites', { role: 'moderator', name: `Moderator ${m + 1}` });
      assert.equal(invite.status, 201, JSON.stringify(invite.body));
      moderatorTokens.push(invite.body.token as string);
    }
    const overlayKey = (await api('GET', '/api/overlay')).body.key as string;
    await irc.waitForJoined('soak', 1, 15_000);

    // ── The plan: every donation, refund and correction of the 48 hours ──────────────────────
    const planned: PlannedDonation[] = Array.from({ length: DONATIONS }, (_, index) => {
      const currency = CURRENCIES[Math.floor(random() * CURRENCIES.length)]!;
      const big = random() < 0.02;
      const minor = currency === 'JPY' ? 100 + Math.floor(random() * (big ? 500_000 : 20_000)) : 100 + Math.floor(random() * (big ? 500_000 : 10_000));
      const via = index % TILTIFY_EVERY === 0 ? 'tiltify' : 'webhook';
      return {
        index,
        id: `soak-${index}`,
        currency: via === 'tiltify' ? 'USD' : currency,
        minor,
        at: marathonTime(index / DONATIONS),
        message: random() < 0.03 ? `buy followers, scam ${index}` : `For the camps, hour ${Math.floor((index / DONATIONS) * 48)} (${index})`,
        via,
        correctedMinor: via === 'tiltify' && index % (TILTIFY_EVERY * 4) === 0 ? minor + 1 + Math.floor(random() * 5_000) : null,
        refunded: via === 'webhook' && index % REFUND_EVERY === 5,
      };
    });

    // ── The kill: at a random moment of the donation train ──────────────────────────────────
    const killAtAcks = Math.floor(DONATIONS * (0.2 + random() * 0.6));
    let killed = false;
    let restarting: Promise<void> | null = null;
    let killedAt = 0;
    let rejoinedAt = 0;
    const rss: { at: number; life: number; mb: number }[] = [];
    let life = 0;
    const openJoined = () => irc.joined('soak').filter((c) => c.socket.readyState === c.socket.OPEN);
    const chatStats = async () =>
      (await api('GET', `/api/chat/stats?from=${new Date(marathonStart).toISOString()}&to=${new Date(marathonStart + 48 * HOUR).toISOString()}&source=${twitch.body.id}`)).body as { messages: number; chatters: number };
    /** Chat stored before the kill; lines sent after the restart's join must all be counted. */
    let storedAtKill = 0;
    let sentAtRejoin = 0;
    const killAndRestart = () => {
      killed = true;
      const before = new Set(irc.joined('soak'));
      restarting = (async () => {
        storedAtKill = (await chatStats()).messages;
        const dying = corePid(temp.path);
        assert.ok(dying !== null && dying !== server.child.pid, 'the core runs in its own process');
        killedAt = Date.now();
        // kill -9 of the process that writes; its supervisor (npm run serve) starts it again.
        process.kill(dying, 'SIGKILL');
        const back = Date.now() + 30_000;
        for (;;) {
          const pid = corePid(temp.path);
          const answered = pid !== null && pid !== dying && (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${OWNER_TOKEN}` } }).then((r) => r.ok, () => false));
          if (answered) break;
          if (Date.now() > back) assert.fail(`the core was not restarted within 30 s:\n${server.output().slice(-2_000)}`);
          await sleep(50);
        }
        life += 1;
        // The dead process's connection may still be listed until its socket closes.
        const deadline = Date.now() + 30_000;
        while (openJoined().every((c) => before.has(c))) {
          if (Date.now() > deadline) assert.fail('the restarted server never joined the channel again');
          await sleep(20);
        }
        rejoinedAt = Date.now();
        sentAtRejoin = chatSent;
      })();
      return restarting;
    };
    const whileUp = async () => {
      if (restarting) await restarting;
    };

    // Retries until 2xx, as a platform redelivers: a connection cut by the kill is retried.
    const deliver = async (send: () => Promise<Response>, what: string): Promise<number> => {
      const deadline = Date.now() + 90_000;
      for (;;) {
        try {
          await whileUp();
          const response = await send();
          const text = await response.text();
          if (response.status >= 200 && response.status < 300) return response.status;
          if (response.status !== 503) assert.fail(`${what}: ${response.status} ${text}`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
        }
        if (Date.now() > deadline) assert.fail(`${what} was never acknowledged`);
        await sleep(100);
      }
    };
    const genericHook = (body: unknown) => {
      const raw = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000);
      return fetch(`${url}/hooks/${webhook.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telethon-timestamp': String(ts), 'x-telethon-signature': signGeneric(webhook.secret, ts, raw) },
        body: raw,
      });
    };
    const tiltifyHook = (donation: PlannedDonation, minor: number, version: number) => {
      const data = tiltifyDonation({
        id: `tiltify-${donation.index}`,
        amount: { currency: 'USD', value: minorString(minor, 'USD') },
        donor_name: `Tiltify donor ${donation.index}`,
        donor_comment: donation.message,
        completed_at: new Date(donation.at).toISOString(),
        created_at: new Date(donation.at - 1_000).toISOString(),
      });
      const raw = JSON.stringify({
        data,
        meta: { attempted_at: new Date().toISOString(), event_type: 'public:direct:donation_updated', generated_at: new Date(donation.at + version).toISOString(), id: `meta-${donation.index}-${version}`, subscription_source_id: '00000000-0000-0000-0000-000000000000', subscription_source_type: 'test' },
      });
      const ts = new Date().toISOString();
      return fetch(`${url}/hooks/${tiltifySource.body.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tiltify-timestamp': ts, 'x-tiltify-signature': signTiltify(TILTIFY_KEY, ts, raw) },
        body: raw,
      });
    };

    // ── Donations: SENDERS at once, each acknowledged donation remembered ───────────────────
    const acknowledged = new Set<number>();
    let nextDonation = 0;
    let donationsDone = false;
    const donationSender = async () => {
      while (nextDonation < planned.length) {
        const donation = planned[nextDonation++]!;
        if (donation.via === 'tiltify') {
          await deliver(() => tiltifyHook(donation, donation.minor, 1_000), donation.id);
          if (donation.correctedMinor !== null) await deliver(() => tiltifyHook(donation, donation.correctedMinor!, 60_000), `${donation.id} correction`);
        } else {
          await deliver(
            () => genericHook({ id: donation.id, type: 'donation', amount: { value: minorString(donation.minor, donation.currency), currency: donation.currency }, donor: { name: `Donor ${donation.index}` }, message: donation.message, occurred_at: new Date(donation.at).toISOString() }),
            donation.id,
          );
          if (donation.refunded) {
            await deliver(
              () => genericHook({ id: `${donation.id}-refund`, type: 'refund', refunds: donation.id, amount: { value: minorString(donation.minor, donation.currency), currency: donation.currency }, occurred_at: new Date(donation.at + 60_000).toISOString() }),
              `${donation.id} refund`,
            );
          }
        }
        acknowledged.add(donation.index);
        if (!killed && acknowledged.size >= killAtAcks) void killAndRestart();
      }
    };

    // ── Chat: tmi.js reads it from the fake Twitch; the marathon's clock in tmi-sent-ts ───────
    let chatSent = 0;
    const chatIds: string[] = [];
    const chatter = async () => {
      const started = Date.now();
      while (chatSent < CHAT) {
        // One marathon clock for everything: chat keeps pace with the donation train (the
        // slowest part), and never runs faster than CHAT_PER_SECOND, as a peak hour's chat arrives.
        const clock = Math.floor((acknowledged.size / DONATIONS) * CHAT) + CHAT_FRAME;
        const due = Math.min(CHAT, clock, Math.floor(((Date.now() - started) / 1000) * CHAT_PER_SECOND) + CHAT_FRAME);
        const connections = openJoined();
        if (due <= chatSent || connections.length === 0 || (restarting && rejoinedAt === 0)) {
          await sleep(20);
          continue;
        }
        const lines: string[] = [];
        for (; chatSent < due; chatSent += 1) {
          const person = Math.floor(random() * PEOPLE);
          const id = `soak-chat-${chatSent}`;
          chatIds.push(id);
          const calls = random() < 0.02;
          lines.push(privmsg('soak', { id, userId: String(1_000_000 + person), login: `viewer${person}`, text: calls ? `#${HASHTAG} answer us!` : `hype for hour ${Math.floor((chatSent / CHAT) * 48)}`, ts: marathonTime(chatSent / CHAT) }));
        }
        irc.send(connections, lines, CHAT_FRAME);
        await sleep(5);
      }
    };

    // ── Six moderators screening what the rules leave pending ──────────────────────────────
    const decisions = new Map<number, 'approve' | 'deny'>();
    const moderator = async (token: string) => {
      for (;;) {
        try {
          await whileUp();
          const next = await api('POST', '/api/screening/next', { stage: 'pending' }, token);
          if (next.status === 200 && next.body.item) {
            const item = next.body.item as { donation: { id: number; message: string | null } };
            const decision = item.donation.message?.includes('scam') ? 'deny' : 'approve';
            const screened = await api('POST', `/api/donations/${item.donation.id}/screen`, { decision }, token);
            assert.ok(screened.status === 200 || screened.status === 409, `screen: ${screened.status} ${JSON.stringify(screened.body)}`);
            if (screened.status === 200) decisions.set(item.donation.id, decision);
            continue;
          }
          if (next.status === 200 && donationsDone) return;
          if (next.status !== 200 && next.status !== 503) assert.fail(`next: ${next.status} ${JSON.stringify(next.body)}`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
        }
        await sleep(150);
      }
    };

    // ── Three OBS pages: the overlay's socket, snapshots, sequenced changes and resyncs ──────
    interface OverlayWatch {
      socket: Socket;
      raised: string | null;
      seen: Set<number>;
      gaps: number;
      snapshots: number;
    }
    const overlays: OverlayWatch[] = Array.from({ length: OVERLAYS }, () => {
      const socket = io(`${url}/overlay`, { auth: { key: overlayKey }, transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1_000 });
      const watch: OverlayWatch = { socket, raised: null, seen: new Set(), gaps: 0, snapshots: 0 };
      let epoch = '';
      let seq = 0;
      socket.on('snapshot', (snapshot: { epoch: string; seq: number; totals: { raised: { value: string } }; donations: { id: number }[] }) => {
        epoch = snapshot.epoch;
        seq = snapshot.seq;
        watch.snapshots += 1;
        watch.raised = snapshot.totals.raised.value;
        for (const d of snapshot.donations) watch.seen.add(d.id);
      });
      socket.on('changes', (batch: SequencedBatch<{ type: string; totals?: { raised: { value: string } }; donation?: { id: number } }>) => {
        for (const message of unbatch(batch)) {
          if (message.epoch !== epoch || message.seq !== seq + 1) {
            watch.gaps += 1;
            socket.emit('resync');
            return;
          }
          seq = message.seq;
          if (message.change.type === 'totals' && message.change.totals) watch.raised = message.change.totals.raised.value;
          if (message.change.type === 'donation' && message.change.donation) watch.seen.add(message.change.donation.id);
        }
      });
      return watch;
    });

    // ── Memory: the server's RSS every second ──────────────────────────────────────────────
    const sampler = setInterval(() => {
      const mb = rssMb(corePid(temp.path) ?? undefined);
      if (mb !== null) rss.push({ at: Date.now(), life, mb });
    }, 1_000);
    const progress = setInterval(() => {
      console.log(`soak: ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${acknowledged.size} donations acknowledged, ${chatSent} chat lines sent, ${decisions.size} screened, RSS ${rss.at(-1)?.mb.toFixed(0)} MB`);
    }, 10_000);

    try {
      const moderators = moderatorTokens.map((token) => moderator(token));
      await Promise.all([...Array.from({ length: SENDERS }, donationSender), chatter()]);
      donationsDone = true;
      await Promise.all(moderators);
      await whileUp();
      const runSeconds = (Date.now() - startedAt) / 1000;
      console.log(`soak: played in ${runSeconds.toFixed(0)} s; killed at ${killAtAcks} acknowledgements, back after ${((rejoinedAt - killedAt) / 1000).toFixed(1)} s`);
      assert.ok(killed, 'the kill happened');

      // ── Money: exact to the cent ─────────────────────────────────────────────────────────
      assert.equal(acknowledged.size, DONATIONS);
      const perCurrency = new Map<string, number>();
      let expectedRaised = 0;
      let expectedCount = 0;
      let refunds = 0;
      const add = (currency: string, minor: number) => {
        perCurrency.set(currency, (perCurrency.get(currency) ?? 0) + minor);
        const money: Money = { minor: Math.abs(minor), currency: currency as CurrencyCode };
        const converted = currency === CAMPAIGN_CURRENCY ? money.minor : convert(money, RATES[currency]!, CAMPAIGN_CURRENCY).minor;
        expectedRaised += Math.sign(minor) * converted;
      };
      for (const d of planned) {
        expectedCount += 1;
        add(d.currency, d.minor);
        // A correction converts its difference at the donation's rate (as a refund converts its own amount).
        if (d.correctedMinor !== null) add(d.currency, d.correctedMinor - d.minor);
        if (d.refunded) {
          refunds += 1;
          add(d.currency, -d.minor);
        }
      }

      // A platform redelivers a tenth of what it already sent: nothing changes.
      const before = (await api('GET', '/api/totals')).body;
      const redeliver = planned.filter((d) => d.via === 'webhook' && d.index % 10 === 3);
      for (const d of redeliver) {
        const response = await genericHook({ id: d.id, type: 'donation', amount: { value: minorString(d.minor, d.currency), currency: d.currency }, donor: { name: `Donor ${d.index}` }, message: d.message, occurred_at: new Date(d.at).toISOString() });
        await response.arrayBuffer();
        assert.equal(response.status, 200, `redelivery of ${d.id}`);
      }
      const totals = (await api('GET', '/api/totals')).body;
      assert.deepEqual(totals.raised, before.raised, 'redeliveries changed the total');
      assert.equal(totals.raised.value, minorString(expectedRaised, CAMPAIGN_CURRENCY), 'the total is exact to the cent');
      assert.equal(totals.donations, expectedCount);
      assert.equal(totals.refunds, refunds);
      for (const [currency, minor] of perCurrency) {
        const line = (totals.by_currency as { currency: string; amount: { value: string } }[]).find((c) => c.currency === currency);
        assert.equal(line?.amount.value, minorString(minor, currency), `${currency} total`);
      }

      // Every acknowledged donation, refund and correction is stored exactly once.
      const exported = (await api('GET', '/api/export/donations.json')).body as {
        raised: { value: string };
        rows: { seq: number; platform_id: string; type: string; screening: string | null }[];
      };
      assert.equal(exported.raised.value, totals.raised.value);
      const stored = new Map<string, number>();
      for (const row of exported.rows) stored.set(`${row.type} ${row.platform_id}`, (stored.get(`${row.type} ${row.platform_id}`) ?? 0) + 1);
      for (const d of planned) {
        const platformId = d.via === 'tiltify' ? `tiltify-${d.index}` : d.id;
        assert.equal(stored.get(`donation ${platformId}`), 1, `${platformId} is missing or doubled`);
        if (d.refunded) assert.equal(stored.get(`refund ${d.id}-refund`), 1, `the refund of ${d.id} is missing or doubled`);
        if (d.correctedMinor !== null) assert.equal(stored.get(`correction ${platformId}`), 1, `the correction of ${platformId} is missing or doubled`);
      }
      for (const [key, count] of stored) assert.equal(count, 1, `${key} stored ${count} times`);

      // ── Screening: every message decided, the overlay saw only approved ones ──────────────
      const screening = (await api('GET', '/api/screening')).body as { counts: { pending: number; denied: number; approved: number } };
      assert.equal(screening.counts.pending, 0, 'every message was screened');
      const denied = new Set(exported.rows.filter((row) => row.screening === 'denied').map((row) => row.seq));
      assert.ok(denied.size > 0, 'some messages were denied');
      assert.ok(decisions.size > 0, 'the moderators screened');
      const deadline = Date.now() + 15_000;
      while (overlays.some((o) => o.raised !== totals.raised.value) && Date.now() < deadline) await sleep(100);
      for (const [n, overlay] of overlays.entries()) {
        assert.equal(overlay.raised, totals.raised.value, `overlay ${n + 1} shows the exact total`);
        for (const id of overlay.seen) assert.ok(!denied.has(id), `overlay ${n + 1} was sent denied donation ${id}`);
        assert.ok(overlay.snapshots >= 2, `overlay ${n + 1} caught up after the restart (${overlay.snapshots} snapshots)`);
      }

      // ── Chat: nothing doubled, nothing lost but what was in flight when the process died ──
      const settledChat = async () => {
        let last = await chatStats();
        const until = Date.now() + 60_000;
        for (;;) {
          await sleep(1_000);
          const now = await chatStats();
          if (now.messages === last.messages || Date.now() > until) return now;
          last = now;
        }
      };
      const chat = await settledChat();
      const afterRestart = chatSent - sentAtRejoin;
      console.log(`soak: chat ${chat.messages} of ${chatSent} lines kept: ${storedAtKill} stored before the kill, ${afterRestart} sent after the restart, ${chatSent - chat.messages} lost in flight; ${chat.chatters} chatters`);
      assert.ok(chat.messages <= chatSent, `more chat stored (${chat.messages}) than sent (${chatSent})`);
      assert.ok(chat.messages >= storedAtKill + afterRestart, `chat sent after the restart was lost: ${chat.messages} < ${storedAtKill} + ${afterRestart}`);
      assert.ok(chat.chatters <= PEOPLE && chat.chatters > Math.min(storedAtKill, PEOPLE) * 0.5, `chatters ${chat.chatters}`);
      // Lines the server stored before the kill are sent again (Twitch never does this, a buggy
      // bridge might): their ids make them count once.
      irc.send(openJoined(), chatIds.slice(0, Math.min(2_000, storedAtKill)).map((id, i) => privmsg('soak', { id, userId: '42', login: 'again', text: `again ${i}`, ts: marathonTime(0.5) })), CHAT_FRAME);
      await sleep(1_000);
      assert.equal((await settledChat()).messages, chat.messages, 'chat sent again was counted twice');
      const board = (await api('GET', '/api/targets')).body.targets as { mentions: number; callers: number }[];
      assert.ok(board[0]!.mentions > 0 && board[0]!.callers <= board[0]!.mentions, 'the target was called on');

      // ── Memory: flat over the longest life of the process ─────────────────────────────────
      const lives = new Map<number, number[]>();
      for (const sample of rss) lives.set(sample.life, [...(lives.get(sample.life) ?? []), sample.mb]);
      const longest = [...lives.values()].sort((a, b) => b.length - a.length)[0] ?? [];
      const third = Math.floor(longest.length / 3);
      const middle = Math.max(...longest.slice(third, 2 * third));
      const last = Math.max(...longest.slice(2 * third));
      console.log(`soak: RSS over the longest life: first ${longest[0]?.toFixed(0)} MB, middle third max ${middle.toFixed(0)} MB, last third max ${last.toFixed(0)} MB, peak ${Math.max(...rss.map((s) => s.mb)).toFixed(0)} MB`);
      assert.ok(longest.length >= 9, `too few memory samples (${longest.length})`);
      assert.ok(last <= middle * 1.25 + 32, `memory grew from ${middle.toFixed(0)} to ${last.toFixed(0)} MB`);
    } finally {
      clearInterval(sampler);
      clearInterval(progress);
      for (const overlay of overlays) overlay.socket.close();
      await whileUp().catch(() => {});
      assert.equal(await server.stop('SIGTERM'), 0, 'the server closed cleanly');
      await irc.close();
      await tiltify.close();
    }

    // ── Backups: on their schedule, and every one sound ───────────────────────────────────
    const backupDir = join(temp.path, 'backups');
    const backups = readdirSync(backupDir).filter((name) => name.endsWith('.sqlite'));
    console.log(`soak: ${backups.length} backups kept`);
    assert.ok(backups.length >= 5, `only ${backups.length} backups were made`);
    for (const name of backups) {
      const db = new Database(join(backupDir, name), { readonly: true, fileMustExist: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `${name} failed integrity_check`);
      } finally {
        db.close();
      }
    }
  });
});
