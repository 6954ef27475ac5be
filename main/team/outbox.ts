import { createHmac } from 'node:crypto';
import type { CurrencyCode } from '../../shared/currencies.js';
import { convert } from '../../shared/money.js';
import type { TeamFactBody } from '../../shared/team.js';
import type { ChatEvent, CommitTap, MoneyWritten, TappedChat } from '../ingest/ingest.js';
import type { Db } from '../store/database.js';
import type { Membership } from './membership.js';

export interface OutboxRow {
  seq: number;
  kind: TeamFactBody['kind'];
  body: string;
  created_at: number;
}

/** The name by which desks' targets meet on the team board: its name, folded. */
export const teamTargetKey = (name: string): string => name.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');

/** Amount in campaign minor units → team minor units at the desk's team rate (exact, half to even). */
export function toTeamMinor(campaignMinor: number, campaignCurrency: string, membership: Membership): number {
  if (campaignCurrency === membership.teamCurrency && membership.teamRate === '1') return campaignMinor;
  return convert({ minor: campaignMinor, currency: campaignCurrency as CurrencyCode }, membership.teamRate, membership.teamCurrency as CurrencyCode).minor;
}

interface MentionSum {
  target: string;
  name: string;
  minute: number;
  mentions: number;
  callers: Set<string>;
}

/** Chat is sent to the team at most this often (its counts summed exactly meanwhile). */
export const CHAT_SECOND_MS = 1_000;

interface ChatPending {
  since: number;
  minutes: Map<number, number>;
  pledges: Map<string, number>;
  mentions: Map<string, MentionSum>;
}

type ChatBody = Extract<TeamFactBody, { kind: 'chat' }>;
type MoneyBody = Extract<TeamFactBody, { kind: 'donation' | 'refund' | 'correction' }>;

const chatBody = (p: ChatPending): ChatBody => ({
  kind: 'chat',
  minutes: [...p.minutes].map(([minute, messages]) => ({ minute, messages })),
  pledges: [...p.pledges].map(([unit, count]) => ({ unit, count })),
  mentions: [...p.mentions.values()].map((m) => ({ target: m.target, name: m.name, minute: m.minute, mentions: m.mentions, callers: [...m.callers] })),
});

function pendingFromBody(text: string, since: number): ChatPending {
  const body = JSON.parse(text) as ChatBody;
  return {
    since,
    minutes: new Map(body.minutes.map((m) => [m.minute, m.messages])),
    pledges: new Map(body.pledges.map((p) => [p.unit, p.count])),
    mentions: new Map(body.mentions.map((m) => [`${m.target}\u0000${m.minute}`, { target: m.target, name: m.name, minute: m.minute, mentions: m.mentions, callers: new Set(m.callers) }])),
  };
}

/** Well inside what a reader accepts of one chat fact (shared/team.ts): sealed early past it. */
function pendingTooLarge(p: ChatPending): boolean {
  if (p.minutes.size >= 500 || p.pledges.size >= 10 || p.mentions.size >= 100) return true;
  for (const m of p.mentions.values()) if (m.callers.size >= 5_000) return true;
  return false;
}

/**
 * The team outbox: writes, inside each commit's transaction, the facts the team must know (money
 * as it is counted, chat counts per minute, subs and bits, targets' mentions with hashed callers).
 * The publisher sends them in seq order; nothing here waits on the network.
 */
export class TeamOutbox implements CommitTap {
  private readonly sql;
  private minutes = new Map<number, number>();
  private pledges = new Map<string, number>();
  private mentions = new Map<string, MentionSum>();
  private names = new Map<string, string | null>();
  /** The current second's chat counts as team_chat_pending holds them (undefined: read it again). */
  private pending: ChatPending | null | undefined = undefined;

  constructor(
    private readonly db: Db,
    private readonly membership: Membership,
    private readonly secret: Buffer,
    private readonly mentionedBy: (tags: { hashtags: string[]; mentions: string[] }) => string[],
    private readonly now: () => number = Date.now,
  ) {
    this.sql = {
      insert: db.prepare('INSERT INTO team_outbox (kind, event_seq, team_minor, body, created_at) VALUES (?, ?, ?, ?, ?)'),
      targetName: db.prepare<[string], { name: string }>('SELECT name FROM targets WHERE id = ?'),
      after: db.prepare<[number, number], OutboxRow>('SELECT seq, kind, body, created_at FROM team_outbox WHERE seq > ? ORDER BY seq LIMIT ?'),
      waiting: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM team_outbox WHERE seq > ?'),
      published: db.prepare<[], { seq: number }>('SELECT published_seq AS seq FROM team_membership WHERE id = 1'),
      markPublished: db.prepare('UPDATE team_membership SET published_seq = MAX(published_seq, ?) WHERE id = 1'),
      pendingRead: db.prepare<[], { body: string; since: number }>('SELECT body, since FROM team_chat_pending WHERE id = 1'),
      pendingWrite: db.prepare('INSERT INTO team_chat_pending (id, body, since) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body'),
      pendingDelete: db.prepare('DELETE FROM team_chat_pending WHERE id = 1'),
      // The latest row of each money event still without a team amount.
      unconverted: db.prepare<[], { event_seq: number; kind: string; body: string }>(
        `SELECT o.event_seq, o.kind, o.body FROM team_outbox o
         WHERE o.team_minor IS NULL AND o.event_seq IS NOT NULL AND o.kind IN ('donation', 'refund', 'correction')
           AND NOT EXISTS (SELECT 1 FROM team_outbox later WHERE later.event_seq = o.event_seq AND later.seq > o.seq)`,
      ),
      donationNow: db.prepare<[number], { campaign_minor: number | null; rate: string | null }>('SELECT campaign_minor, rate FROM donations WHERE event_seq = ?'),
      correctionNow: db.prepare<[number], { campaign_minor: number | null; rate: string | null }>(
        'SELECT c.campaign_delta_minor AS campaign_minor, d.rate FROM donation_corrections c JOIN donations d ON d.event_seq = c.donation_seq WHERE c.event_seq = ?',
      ),
      ownTotal: db.prepare<[], { total: number | null }>("SELECT SUM(team_minor) AS total FROM team_outbox WHERE kind IN ('opening', 'donation', 'refund', 'correction')"),
    };
  }

  // ── Written in the commit's transaction (CommitTap) ─────────────────────────────────────

  money(w: MoneyWritten): void {
    const teamMinor = w.campaignMinor === null ? null : toTeamMinor(w.campaignMinor, w.campaignCurrency, this.membership);
    this.write(
      {
        kind: w.kind,
        minute: Math.floor(w.occurredAt / 60_000),
        amount: { minor: w.amount.minor, currency: w.amount.currency },
        campaign_minor: w.campaignMinor,
        campaign_currency: w.campaignCurrency,
        rate: w.rate,
        team_minor: teamMinor,
        team_rate: this.membership.teamRate,
        event_seq: w.seq,
        donation_seq: w.donationSeq,
      },
      w.seq,
      teamMinor,
    );
  }

  chatStored(event: ChatEvent, chat: TappedChat | null): void {
    const pledge = event.pledge;
    if (pledge && Number.isSafeInteger(pledge.count) && pledge.count > 0) this.pledges.set(pledge.unit, (this.pledges.get(pledge.unit) ?? 0) + pledge.count);
    if (!chat) return;
    this.minutes.set(chat.minute, (this.minutes.get(chat.minute) ?? 0) + 1);
    for (const id of this.mentionedBy(chat.tags)) {
      const name = this.targetName(id);
      if (name === null) continue;
      const target = teamTargetKey(name);
      const key = `${target}\u0000${chat.minute}`;
      let sum = this.mentions.get(key);
      if (!sum) {
        sum = { target, name, minute: chat.minute, mentions: 0, callers: new Set() };
        this.mentions.set(key, sum);
      }
      sum.mentions += 1;
      sum.callers.add(this.callerHash(chat.userKey));
    }
  }

  /**
   * The end of a chat batch (every 50 ms at peak): its counts join the current second's in
   * team_chat_pending, in the batch's transaction; sealChat() makes them one outbox row.
   */
  chatFlushed(): void {
    if (this.minutes.size > 0 || this.pledges.size > 0) {
      let pending = this.readPending();
      if (pending && pendingTooLarge(pending)) {
        this.sealPending(pending);
        pending = null;
      }
      pending ??= { since: this.now(), minutes: new Map(), pledges: new Map(), mentions: new Map() };
      for (const [minute, messages] of this.minutes) pending.minutes.set(minute, (pending.minutes.get(minute) ?? 0) + messages);
      for (const [unit, count] of this.pledges) pending.pledges.set(unit, (pending.pledges.get(unit) ?? 0) + count);
      for (const [key, m] of this.mentions) {
        const sum = pending.mentions.get(key);
        if (!sum) pending.mentions.set(key, m);
        else {
          sum.mentions += m.mentions;
          for (const caller of m.callers) sum.callers.add(caller);
        }
      }
      this.sql.pendingWrite.run(JSON.stringify(chatBody(pending)), pending.since);
      this.pending = pending;
    }
    this.forgetBatch();
  }

  rolledBack(): void {
    this.forgetBatch();
    // What the failed transaction merged is not in the database: read the pending row again.
    this.pending = undefined;
  }

  private forgetBatch(): void {
    this.minutes = new Map();
    this.pledges = new Map();
    this.mentions = new Map();
    this.names.clear();
  }

  /**
   * The chat counts gathered for a second (or more, force) become one outbox row, in one
   * transaction with emptying team_chat_pending. True when a row was written.
   */
  sealChat(force = false): boolean {
    const pending = this.readPending();
    if (!pending || (!force && this.now() - pending.since < CHAT_SECOND_MS)) return false;
    try {
      this.db.transaction(() => this.sealPending(pending))();
    } catch (error) {
      this.pending = undefined;
      throw error;
    }
    return true;
  }

  private sealPending(pending: ChatPending): void {
    this.write(chatBody(pending));
    this.sql.pendingDelete.run();
    this.pending = null;
  }

  private readPending(): ChatPending | null {
    if (this.pending !== undefined) return this.pending;
    const row = this.sql.pendingRead.get();
    this.pending = row ? pendingFromBody(row.body, row.since) : null;
    return this.pending;
  }

  // ── Other facts ──────────────────────────────────────────────────────────────────────────

  /**
   * Money sent before its rate came (team_minor null) that has a campaign amount now: sent again,
   * one version higher, with its team amount. Run in the transaction that converted it (and at
   * start, for any converted while this ran an older version). Returns how many were sent.
   */
  resendConverted(): number {
    let sent = 0;
    for (const row of this.sql.unconverted.all()) {
      const converted = row.kind === 'correction' ? this.sql.correctionNow.get(row.event_seq) : this.sql.donationNow.get(row.event_seq);
      if (!converted || converted.campaign_minor === null) continue;
      const body = JSON.parse(row.body) as MoneyBody;
      const teamMinor = toTeamMinor(converted.campaign_minor, body.campaign_currency, this.membership);
      const again: MoneyBody = { ...body, campaign_minor: converted.campaign_minor, rate: converted.rate ?? body.rate, team_minor: teamMinor, team_rate: this.membership.teamRate, version: (body.version ?? 1) + 1 };
      this.write(again, row.event_seq, teamMinor);
      sent += 1;
    }
    return sent;
  }

  /** What the desk had counted before it joined: one row, at the team rate (in the joining transaction). */
  writeOpening(): void {
    const totals = this.db
      .prepare<[], { campaign: number | null; donations: number | null; refunds: number | null; unconverted: number | null }>(
        'SELECT SUM(campaign_minor) AS campaign, SUM(donations) AS donations, SUM(refunds) AS refunds, SUM(unconverted) AS unconverted FROM money_totals',
      )
      .get();
    const currency = this.db.prepare<[], { currency: string }>('SELECT currency FROM campaign WHERE id = 1').get()?.currency ?? this.membership.teamCurrency;
    const teamMinor = toTeamMinor(totals?.campaign ?? 0, currency, this.membership);
    this.write(
      { kind: 'opening', team_minor: teamMinor, donations: totals?.donations ?? 0, refunds: totals?.refunds ?? 0, unconverted: totals?.unconverted ?? 0 },
      null,
      teamMinor,
    );
  }

  /** A confirmed response to one of this desk's targets: the team board keeps the first, wherever it was. */
  writeAnswer(targetName: string, answeredAt: number, kind: string | null): void {
    this.write({ kind: 'answer', target: teamTargetKey(targetName), name: targetName, answered_at: answeredAt, response_kind: kind });
  }

  /** The organizer's decision about a desk, for every reader. */
  writeControl(action: 'revoke' | 'remove' | 'restore', desk: string, reason: string | null): void {
    this.write({ kind: 'control', action, desk, reason });
  }

  // ── For the publisher ────────────────────────────────────────────────────────────────────

  publishedSeq(): number {
    return this.sql.published.get()?.seq ?? 0;
  }

  next(limit: number): OutboxRow[] {
    return this.sql.after.all(this.publishedSeq(), limit);
  }

  markPublished(seq: number): void {
    this.sql.markPublished.run(seq);
  }

  waiting(): number {
    return this.sql.waiting.get(this.publishedSeq())?.n ?? 0;
  }

  /** This desk's own total in team currency: what it has sent or will send. */
  ownTeamMinor(): number {
    return this.sql.ownTotal.get()?.total ?? 0;
  }

  private write(body: TeamFactBody, eventSeq: number | null = null, teamMinor: number | null = null): void {
    this.sql.insert.run(body.kind, eventSeq, teamMinor, JSON.stringify(body), this.now());
  }

  private targetName(id: string): string | null {
    let name = this.names.get(id);
    if (name === undefined) {
      name = this.sql.targetName.get(id)?.name ?? null;
      this.names.set(id, name);
    }
    return name;
  }

  private callerHash(userKey: string): string {
    return createHmac('sha256', this.secret).update(userKey).digest('hex');
  }
}
