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

  chatFlushed(): void {
    if (this.minutes.size > 0 || this.pledges.size > 0) {
      this.write({
        kind: 'chat',
        minutes: [...this.minutes].map(([minute, messages]) => ({ minute, messages })),
        pledges: [...this.pledges].map(([unit, count]) => ({ unit, count })),
        mentions: [...this.mentions.values()].map((m) => ({ target: m.target, name: m.name, minute: m.minute, mentions: m.mentions, callers: [...m.callers] })),
      });
    }
    this.rolledBack();
  }

  rolledBack(): void {
    this.minutes = new Map();
    this.pledges = new Map();
    this.mentions = new Map();
    this.names.clear();
  }

  // ── Other facts ──────────────────────────────────────────────────────────────────────────

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
