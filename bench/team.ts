// Team events at a marathon's peak: simulated desks publish what a real desk's outbox holds
// (chat counts with hashed callers every 50 ms, 5 donations a second) through the real
// TeamPublisher, one NATS connection each, into one local nats-server with JetStream; a real
// TeamReader applies the stream into a real SQLite file. Then one desk that was cut off for 30
// simulated minutes comes back with its whole backlog.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { teamStreamName, teamSubjects, type TeamFactBody } from '../shared/team.js';
import { openDatabase } from '../main/store/database.js';
import { TeamLedger, type StreamMessage } from '../main/team/ledger.js';
import type { Membership } from '../main/team/membership.js';
import { connectNats, loadNats } from '../main/team/nats.js';
import type { OutboxRow } from '../main/team/outbox.js';
import { type OutboxSource, TeamPublisher } from '../main/team/publisher.js';
import { TeamReader } from '../main/team/reader.js';
import { removeNatsServer, startNatsServer } from '../main/testing/nats-server.js';

export interface TeamBench {
  desks: number;
  peakSeconds: number;
  factsPublished: number;
  chatPerSecond: number;
  donationsPerSecond: number;
  /** commit → applied by the reader, ms, every money fact during the peak. */
  lagMs: number[];
  /** The reader's team total equal to the desks' sum at the end of the peak. */
  exactAtPeakEnd: boolean;
  backlogFacts: number;
  /** Seconds from the cut-off desk's return until the reader has its total exactly. */
  convergeSeconds: number;
  /** Heap (MB) of the bench process sampled every 2 s during the peak and the catch-up, as it is (garbage included). */
  heapMb: number[];
  /**
   * What stays after a full collection (node --expose-gc), at the peak's start, its end and the
   * catch-up's end: what the reader and the desks keep. Empty without --expose-gc. Collected only
   * there, since a forced collection stops everything and would show in the lag.
   */
  retainedMb: number[];
  chatFacts: ChatFacts;
}

const TEAM = 'bench';
const SECRET = Buffer.alloc(32, 7);
const hash = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex');

/**
 * How the simulated outbox holds chat: 'second' as the real outbox does now (the chat batches of
 * a second summed into one fact, main/team/outbox.ts sealChat), or 'batch' as it did before (one
 * fact per 50 ms chat batch), for comparing the reader alone (BENCH_TEAM_CHAT=batch).
 */
export type ChatFacts = 'second' | 'batch';

/** An outbox in memory that grows as a desk at peak would. */
class SimulatedDesk implements OutboxSource {
  rows: OutboxRow[] = [];
  published = 0;
  totalMinor = 0;
  private seq = 0;
  private money = 0;
  private chat: { minute: number; messages: number; mentions: number; callers: Set<string>; at: number } | null = null;
  constructor(readonly id: string, private readonly chatFacts: ChatFacts) {}
  add(body: TeamFactBody, at: number): void {
    this.seq += 1;
    this.rows.push({ seq: this.seq, kind: body.kind, body: JSON.stringify(body), created_at: at });
  }
  /** 50 ms of peak: 10 chat messages (2 calling a target), and a donation every 4th tick. */
  tick(at: number, tickNo: number): void {
    const minute = Math.floor(at / 60_000);
    const callers = [hash(`twitch:${tickNo % 5000}`), hash(`twitch:${(tickNo * 7) % 5000}`)];
    if (this.chat && (this.chat.minute !== minute || at - this.chat.at >= 1_000)) this.sealChat();
    this.chat ??= { minute, messages: 0, mentions: 0, callers: new Set(), at };
    this.chat.messages += 10;
    this.chat.mentions += 2;
    for (const caller of callers) this.chat.callers.add(caller);
    if (this.chatFacts === 'batch') this.sealChat();
    if (tickNo % 4 === 0) {
      this.money += 1;
      const minor = 100 + ((this.money * 37) % 5000);
      this.totalMinor += minor;
      this.add({ kind: 'donation', minute, amount: { minor, currency: 'EUR' }, campaign_minor: minor, campaign_currency: 'EUR', rate: '1', team_minor: minor, team_rate: '1', event_seq: this.money, donation_seq: null }, at);
    }
  }
  private sealChat(): void {
    const c = this.chat;
    if (!c) return;
    this.chat = null;
    this.add({ kind: 'chat', minutes: [{ minute: c.minute, messages: c.messages }], pledges: [], mentions: [{ target: 'youtube', name: 'YouTube', minute: c.minute, mentions: c.mentions, callers: [...c.callers] }] }, c.at);
  }
  next(limit: number): OutboxRow[] {
    const from = this.published - this.dropped;
    return this.rows.slice(from, from + limit);
  }
  markPublished(seq: number): void {
    this.published = Math.max(this.published, seq);
    // Keep memory flat: what is published is dropped (a real outbox keeps it on disk).
    if (this.published - this.dropped > 500) {
      this.rows = this.rows.slice(this.published - this.dropped);
      this.dropped = this.published;
    }
  }
  private dropped = 0;
  waiting(): number {
    return this.rows.length - (this.published - this.dropped);
  }
}

export async function teamBench(dir: string, options: { desks?: number; peakSeconds?: number; chatFacts?: ChatFacts } = {}): Promise<TeamBench> {
  const deskCount = options.desks ?? 100;
  const peakSeconds = options.peakSeconds ?? 20;
  const chatFacts = options.chatFacts ?? 'second';
  mkdirSync(dir, { recursive: true });
  const nats = await startNatsServer({ root: join(dir, 'nats') });
  const heapMb: number[] = [];
  const retainedMb: number[] = [];
  const collect = (globalThis as { gc?: () => void }).gc;
  const retained = () => {
    if (!collect) return;
    collect();
    retainedMb.push(process.memoryUsage().heapUsed / 1e6);
  };
  const sampler = setInterval(() => heapMb.push(process.memoryUsage().heapUsed / 1e6), 2_000);
  const publishers: TeamPublisher[] = [];
  let reader: TeamReader | null = null;
  try {
    const admin = await connectNats({ servers: [nats.url], creds: null });
    const { jetstream } = await loadNats();
    await (await jetstream.jetstreamManager(admin)).streams.add({ name: teamStreamName(TEAM), subjects: [teamSubjects(TEAM)], duplicate_window: 120_000_000_000 });
    await admin.close();

    const db = openDatabase(join(dir, 'reader.sqlite'));
    const lagMs: number[] = [];
    let measuring = true;
    const ledger = new TeamLedger(db, { teamId: TEAM, organizerDeskId: 'desk0' });
    const apply = ledger.apply.bind(ledger);
    ledger.apply = (messages: StreamMessage[]) => {
      const result = apply(messages);
      const now = Date.now();
      if (measuring) {
        for (const m of messages) {
          if (!m.subject.endsWith('.donation')) continue;
          const at = /"at":(\d+)/.exec(m.data)?.[1];
          if (at) lagMs.push(now - Number(at));
        }
      }
      return result;
    };
    reader = new TeamReader({ servers: [nats.url], creds: null, stream: teamStreamName(TEAM), name: 'bench reader' }, ledger);
    reader.start();

    const desks = Array.from({ length: deskCount }, (_, i) => new SimulatedDesk(`desk${i}`, chatFacts));
    const membership = (d: SimulatedDesk): Membership => ({
      teamId: TEAM, teamName: 'Bench', deskId: d.id, deskName: d.id, organizerDeskId: 'desk0', teamCurrency: 'EUR', teamGoalMinor: 1, teamRate: '1',
      servers: [nats.url], stream: teamStreamName(TEAM), joinedAt: 0, publishedSeq: 0, stoppedReason: null,
    });
    // The last desk is cut off: 30 minutes of its peak (36,000 ticks of 50 ms) wait in its outbox.
    const cutOff = desks[deskCount - 1]!;
    const backlogStart = Date.now() - 30 * 60_000;
    for (let t = 0; t < 36_000; t += 1) cutOff.tick(backlogStart + t * 50, t);
    const backlogFacts = cutOff.waiting();
    for (const d of desks.slice(0, -1)) {
      const publisher = new TeamPublisher(membership(d), d, null);
      publishers.push(publisher);
      publisher.start();
    }

    retained();
    let tickNo = 0;
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = Date.now();
        for (const d of desks.slice(0, -1)) d.tick(now, tickNo);
        tickNo += 1;
        for (const p of publishers) p.kick();
        if (now - started >= peakSeconds * 1_000) {
          clearInterval(timer);
          resolve();
        }
      }, 50);
    });
    const expectedOf = () => desks.reduce((sum, d) => sum + d.totalMinor, 0);
    const readerTotal = () => db.prepare<[], { t: number | null }>('SELECT SUM(raised_minor) AS t FROM team_desks').get()?.t ?? 0;
    const cutOffTotal = cutOff.totalMinor;
    const deadline = Date.now() + 30_000;
    while (readerTotal() !== expectedOf() - cutOffTotal && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const exactAtPeakEnd = readerTotal() === expectedOf() - cutOffTotal;
    retained();
    measuring = false;

    // The cut-off desk comes back while the others stay at peak.
    const back = Date.now();
    const returning = new TeamPublisher(membership(cutOff), cutOff, null, { batch: 1_000 });
    publishers.push(returning);
    returning.start();
    const keepUp = setInterval(() => {
      const now = Date.now();
      for (const d of desks.slice(0, -1)) d.tick(now, tickNo);
      tickNo += 1;
      for (const p of publishers) p.kick();
    }, 50);
    const cutOffApplied = () => db.prepare<[string], { t: number }>('SELECT raised_minor AS t FROM team_desks WHERE desk_id = ?').get(cutOff.id)?.t ?? 0;
    while (cutOffApplied() !== cutOffTotal && Date.now() - back < 120_000) await new Promise((r) => setTimeout(r, 20));
    const convergeSeconds = (Date.now() - back) / 1_000;
    clearInterval(keepUp);
    retained();

    const facts = desks.reduce((sum, d) => sum + d.published, 0);
    await reader.stop();
    reader = null;
    db.close();
    return {
      desks: deskCount,
      peakSeconds,
      factsPublished: facts,
      chatPerSecond: 200,
      donationsPerSecond: 5,
      lagMs: lagMs.sort((a, b) => a - b),
      exactAtPeakEnd,
      backlogFacts,
      convergeSeconds,
      heapMb,
      retainedMb,
      chatFacts,
    };
  } finally {
    clearInterval(sampler);
    await Promise.all(publishers.map((p) => p.stop()));
    await reader?.stop();
    await removeNatsServer(nats);
  }
}
