import { type CurrencyCode, isCurrencyCode } from '../../shared/currencies.js';
import { type Money, convert, formatMinor } from '../../shared/money.js';
import {
  MOMENT_DECISIONS,
  type MomentDecision,
  type MomentScreeningState,
  type OverlayMomentView,
  PLEDGE_UNITS,
  type PledgeUnit,
  type ScreeningMode,
  TWITCH_MOMENT_KINDS,
  type TwitchMomentKind,
  type TwitchMomentPage,
  type TwitchMomentView,
} from '../../shared/views.js';
import { NO_PLEDGE_VALUES, type PledgeValuesMinor, pledgeValueMinor, pledgeValuesFromStore } from '../campaign/pledges.js';
import type { Caller } from '../people/invites.js';
import { readReason } from '../screening/screening.js';
import { type Db, durably } from '../store/database.js';

/** What a Twitch line adds to the events feed (built by the reader from the line's tags). */
export interface MomentInput {
  kind: TwitchMomentKind;
  unit?: PledgeUnit | null;
  /** Months, bits, viewers; 1 for a paid message or a charity donation. */
  count: number;
  /** A gift bomb's announcement: how many gifts it announces. */
  announced?: number | null;
  /** A resub: the months subscribed in all. */
  cumulative?: number | null;
  amount?: Money | null;
  recipient?: string | null;
  /** The text the viewer typed, if any (never Twitch's system message). */
  message?: string | null;
  /**
   * The community gift id a gift bomb's announcement and each of its subgift lines carry: the
   * lines are counted into the one moment the first of them opened.
   */
  bombKey?: string | null;
  anonymous?: boolean;
}

/** What the rules decide for a new moment's message (Screening.momentRule). */
export type MomentRule = (message: string) => { screening: MomentScreeningState; reason: string | null };

/** One moment written in a chat batch: `created` false when a line was counted into a gift bomb. */
export interface WrittenMoment {
  id: number;
  created: boolean;
  /**
   * It may go to the overlay's alerts now: new (a gift bomb: its announcement), not waiting for a
   * moderator, not a charity donation (that has its donation alert).
   */
  alert: boolean;
}

const MESSAGE_MAX = 500;
const NAME_MAX = 100;
const PAGE_MAX = 100;
/** Far above anything Twitch sends in one line (bits, viewers, gifts): a sum stays exact. */
const COUNT_MAX = 10_000_000;

/** The default until the screening rules are wired: a message waits for a moderator. */
const WAIT_FOR_MODERATOR: MomentRule = (message) => ({ screening: message.trim() ? 'pending' : 'none', reason: null });

interface MomentRow {
  id: number;
  source_id: string;
  channel: string;
  event_seq: number;
  kind: string;
  occurred_at: number;
  actor_name: string | null;
  anonymous: number;
  unit: string | null;
  count: number;
  announced: number | null;
  cumulative: number | null;
  amount_minor: number | null;
  currency: string | null;
  recipient: string | null;
  message: string | null;
  screening: MomentScreeningState;
  reason: string | null;
  first_pass_by: string | null;
  first_pass_name: string | null;
  rate: string | null;
}

const clip = (text: string | null | undefined, max: number): string | null => {
  if (text === null || text === undefined) return null;
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max).join('') : text;
};
const countOf = (n: number | null | undefined): number => (Number.isSafeInteger(n) && (n as number) > 0 ? Math.min(n as number, COUNT_MAX) : 0);

/**
 * Writes moments inside the chat (or donation) transaction that stores their lines, so a
 * redelivered line, refused by the events table, adds nothing here either.
 */
export class MomentWriter {
  private rule: MomentRule = WAIT_FOR_MODERATOR;
  private readonly sql;

  constructor(db: Db, private readonly now: () => number = Date.now) {
    const columns = `source_id, event_seq, kind, occurred_at, actor_key, actor_name, anonymous, unit, count, announced, cumulative,
      amount_minor, currency, recipient, message, bomb_key, screening, reason, updated_at`;
    const values = `@source, @seq, @kind, @occurredAt, @actorKey, @actorName, @anonymous, @unit, @count, @announced, @cumulative,
      @amount, @currency, @recipient, @message, @bombKey, @screening, @reason, @now`;
    this.sql = {
      insert: db.prepare<Record<string, unknown>, { id: number; event_seq: number }>(
        `INSERT INTO twitch_moments (${columns}) VALUES (${values}) RETURNING id, event_seq`,
      ),
      // The announcement names the gifter and the count; subgift lines that came first made the row.
      announce: db.prepare<Record<string, unknown>, { id: number; event_seq: number }>(
        `INSERT INTO twitch_moments (${columns}) VALUES (${values})
         ON CONFLICT (source_id, bomb_key) DO UPDATE SET announced = excluded.announced, actor_key = excluded.actor_key,
           actor_name = excluded.actor_name, anonymous = excluded.anonymous, unit = COALESCE(unit, excluded.unit), updated_at = excluded.updated_at
         RETURNING id, event_seq`,
      ),
      // One more gift of the bomb received.
      received: db.prepare<Record<string, unknown>, { id: number; event_seq: number }>(
        `INSERT INTO twitch_moments (${columns}) VALUES (${values})
         ON CONFLICT (source_id, bomb_key) DO UPDATE SET count = count + 1, unit = COALESCE(unit, excluded.unit), updated_at = excluded.updated_at
         RETURNING id, event_seq`,
      ),
    };
  }

  /** The screening rules for new messages (the word list, the mode). */
  setRule(rule: MomentRule): void {
    this.rule = rule;
  }

  write(seq: number, sourceId: string, occurredAt: number, actor: { key: string | null; name: string | null }, input: MomentInput): WrittenMoment | null {
    if (!(TWITCH_MOMENT_KINDS as readonly string[]).includes(input.kind)) return null;
    const message = clip(input.message?.trim() || null, MESSAGE_MAX);
    const decided = message ? this.rule(message) : { screening: 'none' as const, reason: null };
    const inBomb = Boolean(input.bombKey) && (input.kind === 'gift' || input.kind === 'gift_bomb');
    const row = {
      source: sourceId,
      seq,
      kind: inBomb ? 'gift_bomb' : input.kind,
      occurredAt,
      actorKey: actor.key,
      actorName: input.anonymous ? null : clip(actor.name, NAME_MAX),
      anonymous: input.anonymous ? 1 : 0,
      unit: input.unit ?? null,
      count: inBomb ? (input.kind === 'gift' ? 1 : 0) : countOf(input.count),
      announced: input.kind === 'gift_bomb' ? countOf(input.announced) || null : null,
      cumulative: countOf(input.cumulative) || null,
      amount: input.amount?.minor ?? null,
      currency: input.amount?.currency ?? null,
      recipient: inBomb ? null : clip(input.recipient, NAME_MAX),
      message,
      bombKey: inBomb ? clip(input.bombKey, 128) : null,
      screening: decided.screening,
      reason: decided.reason,
      now: this.now(),
    };
    const statement = !inBomb ? this.sql.insert : input.kind === 'gift_bomb' ? this.sql.announce : this.sql.received;
    const stored = statement.get(row);
    if (!stored) return null;
    const created = stored.event_seq === seq;
    // A gift bomb alerts once, on its announcement, which knows the gifter and the count: its
    // subgift lines (even those that came first and made the row) never alert on their own.
    const announces = input.kind === 'gift_bomb' || (!inBomb && created);
    return { id: stored.id, created, alert: announces && row.kind !== 'charity' && decided.screening !== 'pending' };
  }
}

/** Why a moment decision was refused: the route turns it into its status. */
export class MomentRefused extends Error {
  constructor(readonly status: 403 | 404 | 409 | 422, readonly code: string, message: string) {
    super(message);
  }
}

export interface MomentScreened {
  moment: TwitchMomentView;
  from: MomentScreeningState;
  to: MomentScreeningState;
}

/**
 * The Twitch events feed and its messages' screening: pages per channel, newest first; a
 * moderator approves or denies a waiting message (two people in two-pass mode, like donation
 * messages), audited. What a moment is worth is read at the time, from the campaign's pledge
 * values and exchange rates, like the pledge totals.
 */
export class TwitchMoments {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly hooks: { mode: () => ScreeningMode; onScreened?: (change: MomentScreened) => void } = { mode: () => 'one_pass' },
    private readonly now: () => number = Date.now,
  ) {
    const select = `SELECT m.id, m.source_id, s.name AS channel, m.event_seq, m.kind, m.occurred_at, m.actor_name, m.anonymous, m.unit,
        m.count, m.announced, m.cumulative, m.amount_minor, m.currency, m.recipient, m.message, m.screening, m.reason, m.first_pass_by,
        m.first_pass_name, r.rate
      FROM twitch_moments m JOIN sources s ON s.id = m.source_id LEFT JOIN exchange_rates r ON r.currency = m.currency`;
    this.sql = {
      one: db.prepare<[number], MomentRow>(`${select} WHERE m.id = ?`),
      page: db.prepare<{ source: string | null; kind: string | null; before: number; limit: number }, MomentRow>(
        `${select} WHERE m.id < @before AND (@source IS NULL OR m.source_id = @source) AND (@kind IS NULL OR m.kind = @kind)
         ORDER BY m.id DESC LIMIT @limit`,
      ),
      waitingPage: db.prepare<{ source: string | null; before: number; limit: number }, MomentRow>(
        `${select} WHERE m.screening = 'pending' AND m.id < @before AND (@source IS NULL OR m.source_id = @source)
         ORDER BY m.id DESC LIMIT @limit`,
      ),
      // What the alerts may show (nothing waiting for a moderator, no charity: it has its donation alert).
      alertable: db.prepare<[number], MomentRow>(
        `${select} WHERE m.screening <> 'pending' AND m.kind <> 'charity' ORDER BY m.id DESC LIMIT ?`,
      ),
      waiting: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM twitch_moments WHERE screening = 'pending'"),
      values: db.prepare<[], { currency: string; sub_values: string; bits_per_100_minor: number | null }>(
        'SELECT currency, sub_values, bits_per_100_minor FROM campaign WHERE id = 1',
      ),
      decide: db.prepare('UPDATE twitch_moments SET screening = ?, reason = ?, first_pass_by = ?, first_pass_name = ?, updated_at = ? WHERE id = ?'),
      audit: db.prepare(
        `INSERT INTO audit_log (at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason)
         VALUES (?, ?, ?, 'twitch_moment', ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** One page of the feed, newest first; `waiting`: only messages a moderator has to look at. */
  page(options: { source?: string | null; kind?: TwitchMomentKind | null; waiting?: boolean; before?: number | null; limit?: number }): TwitchMomentPage {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), PAGE_MAX);
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    const source = options.source ?? null;
    const rows = options.waiting
      ? this.sql.waitingPage.all({ source, before, limit: limit + 1 })
      : this.sql.page.all({ source, kind: options.kind ?? null, before, limit: limit + 1 });
    const worth = this.valuer();
    const moments = rows.slice(0, limit).map((row) => momentView(row, worth));
    return { moments, next: rows.length > limit ? (moments[moments.length - 1]?.id ?? null) : null, waiting: this.waitingCount() };
  }

  get(id: number): TwitchMomentView | null {
    const row = this.sql.one.get(id);
    return row ? momentView(row, this.valuer()) : null;
  }

  waitingCount(): number {
    return this.sql.waiting.get()?.n ?? 0;
  }

  /** The latest moments the alerts may show, newest first (the overlay's snapshot: a resync announces what it missed). */
  forOverlay(limit: number): OverlayMomentView[] {
    const worth = this.valuer();
    return this.sql.alertable.all(limit).flatMap((row) => overlayMoment(momentView(row, worth)) ?? []);
  }

  /**
   * A moderator's decision on a waiting message. Approve: in two-pass mode the first approval
   * is a first pass and another person's sends it on; deny from any waiting state. Only a
   * waiting message can be decided (409 otherwise), so a replayed request changes nothing.
   */
  decide(id: number, input: { decision: unknown; reason?: unknown }, caller: Caller): TwitchMomentView {
    if (!(MOMENT_DECISIONS as readonly unknown[]).includes(input.decision)) {
      throw new MomentRefused(422, 'bad_decision', 'decision must be "approve" or "deny"');
    }
    const decision = input.decision as MomentDecision;
    const reason = readReason(input.reason, (message) => new MomentRefused(422, 'bad_reason', message));
    const row = this.sql.one.get(id);
    if (!row) throw new MomentRefused(404, 'no_moment', 'there is no Twitch moment with that id');
    if (row.screening !== 'pending') {
      throw new MomentRefused(409, 'not_waiting', row.screening === 'none' ? 'this moment has no message to screen' : `this message was already ${row.screening}`);
    }
    let to: MomentScreeningState = decision === 'approve' ? 'approved' : 'denied';
    let action: string = decision;
    let firstPass: { by: string | null; name: string | null } = { by: row.first_pass_by, name: row.first_pass_name };
    if (decision === 'approve' && this.hooks.mode() === 'two_pass') {
      if (!row.first_pass_by) {
        to = 'pending';
        action = 'first_pass';
        firstPass = { by: caller.actor, name: caller.name };
      } else if (row.first_pass_by === caller.actor) {
        throw new MomentRefused(403, 'own_first_pass', 'you passed this one first: another moderator sends it to the overlay');
      }
    }
    const at = this.now();
    const label = momentLabel(row);
    durably(this.db, () => {
      this.sql.decide.run(to, action === 'first_pass' ? row.reason : reason, firstPass.by, firstPass.name, at, id);
      this.sql.audit.run(at, caller.actor, caller.name, String(id), label, action, row.screening, to, reason);
    });
    const moment = this.get(id);
    if (!moment) throw new Error(`Twitch moment ${id} vanished while screened`);
    this.hooks.onScreened?.({ moment, from: row.screening, to });
    return moment;
  }

  /** Values a moment in campaign currency with the campaign's pledge values and rates as they are now. */
  private valuer(): (row: MomentRow) => Money | null {
    const campaign = this.sql.values.get();
    if (!campaign || !isCurrencyCode(campaign.currency)) return () => null;
    const currency = campaign.currency as CurrencyCode;
    const values: PledgeValuesMinor = campaign ? pledgeValuesFromStore(campaign.sub_values, campaign.bits_per_100_minor) : NO_PLEDGE_VALUES;
    return (row) => {
      try {
        if (row.amount_minor !== null && row.currency !== null && isCurrencyCode(row.currency)) {
          if (row.currency !== currency && row.rate === null) return null;
          return convert({ minor: row.amount_minor, currency: row.currency }, row.rate ?? '1', currency);
        }
        const unit = row.unit as PledgeUnit | null;
        if (!unit || !(PLEDGE_UNITS as readonly string[]).includes(unit) || row.kind === 'raid') return null;
        const each = values[unit === 'bits' ? 'bits_100' : unit];
        return each === null ? null : { minor: pledgeValueMinor(unit, row.count, each), currency };
      } catch {
        return null; // past the money limits: shown unvalued rather than failing the page
      }
    };
  }
}

function momentView(row: MomentRow, worth: (row: MomentRow) => Money | null): TwitchMomentView {
  const value = worth(row);
  return {
    id: row.id,
    source_id: row.source_id,
    channel: row.channel,
    kind: row.kind as TwitchMomentKind,
    occurred_at: new Date(row.occurred_at).toISOString(),
    actor_name: row.anonymous ? null : row.actor_name,
    anonymous: row.anonymous === 1,
    unit: (row.unit as PledgeUnit | null) ?? null,
    count: row.count,
    announced: row.announced,
    cumulative: row.cumulative,
    amount:
      row.amount_minor !== null && row.currency !== null && isCurrencyCode(row.currency)
        ? { value: formatMinor(row.amount_minor, row.currency), currency: row.currency }
        : null,
    value: value ? { value: formatMinor(value.minor, value.currency), currency: value.currency } : null,
    recipient: row.recipient,
    message: row.message,
    screening: row.screening,
    reason: row.reason,
    first_pass: row.first_pass_by ? { actor: row.first_pass_by, actor_name: row.first_pass_name ?? row.first_pass_by } : null,
  };
}

/** The overlay's form: a message only once approved; never a charity donation (its donation alert shows it). */
export function overlayMoment(moment: TwitchMomentView): OverlayMomentView | null {
  if (moment.kind === 'charity') return null;
  return {
    id: moment.id,
    kind: moment.kind,
    occurred_at: moment.occurred_at,
    actor_name: moment.anonymous ? null : moment.actor_name,
    unit: moment.unit,
    count: moment.count,
    announced: moment.announced,
    cumulative: moment.cumulative,
    amount: moment.amount,
    value: moment.value,
    recipient: moment.recipient,
    message: moment.screening === 'approved' ? moment.message : null,
  };
}

/** How the audit names a moment: what and who (an anonymous gifter stays anonymous). */
function momentLabel(row: MomentRow): string {
  const who = row.anonymous || !row.actor_name ? 'An anonymous gifter' : row.actor_name;
  return `Twitch ${row.kind.replace('_', ' ')} from ${who} on ${row.channel}`.slice(0, 200);
}
