import type { CurrencyCode } from '../../shared/currencies.js';
import type { DonorChoice } from '../incentives/matching.js';
import type { PledgePart, PledgeUnit } from '../../shared/views.js';
import { type Money, amountLimitError, convertWithinLimit } from '../../shared/money.js';
import { MoneyVolume, type VolumeDelta } from './money-volume.js';
import { type ChatTags, extractTags } from '../chat/tags.js';
import { ALL_SOURCES, ChatterSets, type ChatterSlot, type ChatterStaging } from '../chat/chatters.js';
import { type Db, durably, isStorageFailure } from '../store/database.js';
import { WalSync } from '../store/wal-sync.js';
import { type MomentInput, MomentWriter, type WrittenMoment } from '../moments/moments.js';
import { PledgeTally } from './pledge-tally.js';

/** A donation or refund, already translated from its platform's payload. Amounts are positive. */
export interface DonationEvent {
  sourceId: string;
  externalId: string;
  type: 'donation' | 'refund';
  amount: Money;
  donorName: string | null;
  anonymous: boolean;
  message: string | null;
  occurredAt: number;
  /** For a refund: the source's own id of the donation it refunds, when the platform says. */
  refunds?: string | null;
  /** The platform's payload as received, kept in the event log for reconciliation. */
  payload?: unknown;
  /**
   * For platforms that send later versions of a donation (Tiltify's donation_updated): the
   * platform's donation id and this version's time. The first version creates the donation;
   * a later one with other content becomes a correction, applied only when newer.
   */
  versioned?: { key: string; version: number };
  /** A Twitch charity donation: its entry in the Twitch events feed. */
  moment?: MomentInput | null;
  /** What the donor chose the money for (a webhook field, a CSV column): an incentive, an option, a new option. */
  choice?: DonorChoice | null;
}

/** Writes more in a new donation's own transaction (incentive suggestions); must not throw. */
export type DonationTap = (seq: number, event: DonationEvent) => void;

export interface ChatEvent {
  sourceId: string;
  externalId: string;
  /** Stable per person on that platform (Twitch user id, ...). */
  userKey: string;
  displayName: string;
  text: string;
  occurredAt: number;
  /**
   * 'chat' (the default) is a message someone typed: counted in messages, chatters and tags.
   * Other kinds (a sub, a gift announcement) are stored in the log but are not chat messages.
   */
  kind?: string;
  /** What the platform's tags carried (badges, bits...), kept for reconciliation. */
  payload?: unknown;
  /**
   * Subs and bits: counted per unit; the campaign says what each is worth. `part`: the kind of
   * line it came from, shown under the pledge line.
   */
  pledge?: { unit: PledgeUnit; count: number; part?: PledgePart } | null;
  /** A paid message (Twitch Hype Chat): what the viewer paid, exact in its currency. */
  paid?: Money | null;
  /** A sub, gift, cheer, raid or paid message: its entry in the Twitch events feed. */
  moment?: MomentInput | null;
}

export { PLEDGE_UNITS, type PledgeUnit } from '../../shared/views.js';

/** One stored chat message, as a tap sees it inside the chat transaction. */
export interface TappedChat {
  seq: number;
  sourceId: string;
  /** The platform's id of the message (what a moderator's clear names). */
  externalId: string;
  minute: number;
  occurredAt: number;
  userKey: string;
  /** The person's integer id in the chatter sets. */
  userId: number;
  displayName: string | null;
  text: string;
  tags: ChatTags;
  payload: unknown;
}

/**
 * Something that counts chat as it is stored (targets' mentions): `message` runs inside the
 * chat transaction for each stored chat message, `flush` at the end of that transaction, and
 * `committed` once it has committed.
 */
export interface ChatTap {
  message(chat: TappedChat, staging: ChatterStaging): void;
  flush(staging: ChatterStaging): void;
  committed(): void;
  /** The transaction failed: forget what was gathered. */
  rolledBack(): void;
}

/** Money as one commit wrote it (signed: a refund is negative), for a commit tap. */
export interface MoneyWritten {
  seq: number;
  kind: 'donation' | 'refund' | 'correction';
  sourceId: string;
  occurredAt: number;
  amount: Money;
  /** null: no rate yet, not in the total. */
  campaignMinor: number | null;
  campaignCurrency: CurrencyCode;
  rate: string | null;
  /** The donation a refund or correction is about. */
  donationSeq: number | null;
}

/**
 * Something that writes more rows from what a commit stored, inside that commit's transaction
 * (the team outbox): money as it is written, each new chat-log line, and the end of a chat batch.
 */
export interface CommitTap {
  money(written: MoneyWritten): void;
  chatStored(event: ChatEvent, chat: TappedChat | null): void;
  chatFlushed(): void;
  rolledBack(): void;
}

export interface IngestOutcome {
  /** late: stored in the event log but not counted, the marathon being closed (late_events). */
  status: 'created' | 'duplicate' | 'late';
  seq: number;
  /** A versioned event: whether it created the donation, corrected it, or was older than what counts. */
  effect?: 'donation' | 'correction' | 'superseded';
  /** The donation this event is about (itself, or the one a version corrects). */
  donationSeq?: number;
  /** Its entry in the Twitch events feed (a Twitch charity donation). */
  moment?: WrittenMoment;
}

/** What one commit changed, for the hub to turn into messages. */
export type Committed =
  | { kind: 'donation'; seq: number; sourceId: string; minute: number; moment?: WrittenMoment }
  | { kind: 'chat'; stored: number; sourceIds: string[]; minutes: number[]; /** subs or bits were counted */ pledges: boolean; moments: WrittenMoment[] };

type DonationResult = { ok: true; value: IngestOutcome } | { ok: false; error: unknown };

/** The event is well-formed but cannot be counted (no campaign, refund larger than its donation...). */
export class IngestRefused extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'IngestRefused';
  }
}

const CHAT_TEXT_MAX = 2_000;
/** Donations committed together at most: one fsync for them all, and a bounded turn of the event loop. */
const DONATION_BATCH_MAX = 500;
/** While storage fails, at most this much chat waits in memory (about 10 min at the record rate). */
const CHAT_QUEUE_MAX = 100_000;
const NAME_MAX = 200;

export const minuteOf = (ms: number): number => Math.floor(ms / 60_000);

interface StateRow {
  seq: number;
  version: number;
  amount: number;
  donorName: string | null;
  anonymous: number;
  message: string | null;
  currency: string;
  rate: string | null;
  occurredAt: number;
}

interface RollupBucket {
  minute: number;
  source: string;
  messages: number;
  chatters: number;
}

export interface IngestOptions {
  now?: () => number;
  /** How long chat may wait in memory before its batch is committed (≤ 100 ms). */
  chatFlushMs?: number;
  /**
   * A batch this large is committed at once: 1,000 messages hold the event loop about 10 ms,
   * and commit as fast per message as 5,000 (npm run bench ingest).
   */
  chatBatchMax?: number;
  onError?: (error: unknown) => void;
  /** Called as chat is dropped because storage failed too long (total so far). */
  onChatDropped?: (total: number) => void;
}

/**
 * The one door into the store. Donations are committed one by one with synchronous=FULL before
 * they are acknowledged; chat is batched (≤ chatFlushMs) and committed at NORMAL. Each commit
 * writes the event, its domain row and the rollups together.
 */
export class Ingest {
  private readonly now: () => number;
  private readonly chatFlushMs: number;
  private readonly chatBatchMax: number;
  private readonly onError: (error: unknown) => void;
  private readonly onChatDropped: (total: number) => void;
  private readonly listeners: ((change: Committed) => void)[] = [];
  private tap: ChatTap | null = null;
  private donationTap: DonationTap | null = null;
  private commitTap: CommitTap | null = null;
  private chatBuffer: ChatEvent[] = [];
  private chatTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Chat messages refused because storage failed for too long (shown, never silent). */
  droppedChat = 0;
  private readonly sql;
  /** Exact distinct chatters per minute (read by the chat statistics). */
  readonly chatters: ChatterSets;
  /** All money counted, without sign: kept within MAX_CAMPAIGN_VOLUME_MINOR (see shared/money.ts). */
  readonly volume: MoneyVolume;
  /** What the donation being written adds to the volume, once its transaction commits. */
  private stagedVolume: VolumeDelta | null = null;
  /** Donations waiting for the next group commit, each with its sender's promise. */
  private donationQueue: { event: DonationEvent; resolve: (outcome: IngestOutcome) => void; reject: (error: unknown) => void }[] = [];
  private donationCommit: NodeJS.Immediate | null = null;
  private readonly walSync: WalSync;
  private readonly pledgeTally: PledgeTally;
  /** Twitch moments, written with their lines; core.ts gives it the screening rules. */
  readonly moments: MomentWriter;

  constructor(private readonly db: Db, options: IngestOptions = {}) {
    this.now = options.now ?? Date.now;
    this.chatFlushMs = options.chatFlushMs ?? 50;
    this.chatBatchMax = options.chatBatchMax ?? 1_000;
    this.onError = options.onError ?? ((error) => console.error('chat batch not saved yet:', error));
    this.onChatDropped = options.onChatDropped ?? ((total) => console.error(`${total} chat messages dropped`));
    this.chatters = new ChatterSets(db, { now: this.now });
    this.volume = new MoneyVolume(db);
    this.walSync = new WalSync(db);
    this.pledgeTally = new PledgeTally(db);
    this.moments = new MomentWriter(db, this.now);
    this.sql = {
      insertEvent: db.prepare(
        `INSERT INTO events (source_id, external_id, kind, occurred_at, received_at, payload)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, external_id) DO NOTHING`,
      ),
      eventSeq: db.prepare<[string, string], { seq: number }>(
        'SELECT seq FROM events WHERE source_id = ? AND external_id = ?',
      ),
      campaignCurrency: db.prepare<[], { currency: string }>('SELECT currency FROM campaign WHERE id = 1'),
      closedAt: db.prepare<[], { closed_at: number | null }>('SELECT closed_at FROM campaign WHERE id = 1'),
      insertLate: db.prepare(
        'INSERT INTO late_events (event_seq, source_id, type, amount, currency, donor_name, anonymous, received_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      rate: db.prepare<[string], { rate: string }>('SELECT rate FROM exchange_rates WHERE currency = ?'),
      original: db.prepare<[string, string], { seq: number; currency: string; rate: string | null; amount: number }>(
        `SELECT d.event_seq AS seq, d.currency, d.rate, d.amount_minor AS amount
         FROM events e JOIN donations d ON d.event_seq = e.seq
         WHERE e.source_id = ? AND e.external_id = ? AND d.type = 'donation'`,
      ),
      refunded: db.prepare<[number], { total: number | null }>(
        'SELECT -SUM(amount_minor) AS total FROM donations WHERE refunds_seq = ?',
      ),
      insertDonation: db.prepare(
        `INSERT INTO donations (event_seq, source_id, type, amount_minor, currency, campaign_minor, campaign_currency,
           rate, donor_name, anonymous, message, refunds_seq, occurred_at)
         VALUES (@seq, @sourceId, @type, @amount, @currency, @campaignMinor, @campaignCurrency,
           @rate, @donorName, @anonymous, @message, @refundsSeq, @occurredAt)`,
      ),
      moneyTotals: db.prepare(
        `INSERT INTO money_totals (source_id, currency, amount_minor, campaign_minor, donations, refunds, unconverted)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (source_id, currency) DO UPDATE SET
           amount_minor = amount_minor + excluded.amount_minor,
           campaign_minor = campaign_minor + excluded.campaign_minor,
           donations = donations + excluded.donations,
           refunds = refunds + excluded.refunds,
           unconverted = unconverted + excluded.unconverted`,
      ),
      rollup: db.prepare(
        `INSERT INTO minute_rollups (minute, source_id, raised_minor, donations, messages, chatters)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (minute, source_id) DO UPDATE SET
           raised_minor = raised_minor + excluded.raised_minor,
           donations = donations + excluded.donations,
           messages = messages + excluded.messages,
           chatters = chatters + excluded.chatters`,
      ),
      state: db.prepare<[string, string], StateRow>(
        `SELECT s.donation_seq AS seq, s.version, s.amount_minor AS amount, s.donor_name AS donorName,
                s.anonymous, s.message, d.currency, d.rate, d.occurred_at AS occurredAt
         FROM donation_state s JOIN donations d ON d.event_seq = s.donation_seq
         WHERE s.source_id = ? AND s.donation_key = ?`,
      ),
      insertState: db.prepare(
        `INSERT INTO donation_state (source_id, donation_key, donation_seq, version, amount_minor, donor_name, anonymous, message)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateState: db.prepare(
        `UPDATE donation_state SET version = ?, amount_minor = ?, donor_name = ?, anonymous = ?, message = ?
         WHERE donation_seq = ?`,
      ),
      insertCorrection: db.prepare(
        `INSERT INTO donation_corrections (event_seq, donation_seq, version, amount_delta_minor, campaign_delta_minor, applied)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      corrected: db.prepare<[number], { total: number | null }>(
        'SELECT SUM(amount_delta_minor) AS total FROM donation_corrections WHERE donation_seq = ? AND applied = 1',
      ),
      insertChat: db.prepare(
        `INSERT INTO events (source_id, external_id, kind, occurred_at, received_at, actor_key, actor_name, body, payload)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, external_id) DO NOTHING`,
      ),
      tagRollup: db.prepare(
        `INSERT INTO minute_tags (kind, minute, source_id, tag, count) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind, minute, source_id, tag) DO UPDATE SET count = count + excluded.count`,
      ),
      touchSource: db.prepare(
        `UPDATE sources SET events = events + ?, last_event_at = MAX(COALESCE(last_event_at, 0), ?) WHERE id = ?`,
      ),
    };
  }

  onCommitted(listener: (change: Committed) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Stores a donation or refund durably, together with the others that arrived in the same turn
   * of the event loop: one transaction for all of them, made durable by one flush of the WAL that
   * runs off the event loop (WalSync) and covers every group committed before it started. The
   * promise resolves once the event is on disk: acknowledge it then. A redelivered event (same
   * source and id) answers `duplicate` and changes nothing. Rejects with IngestRefused for an
   * event that cannot be counted (the others of its group are kept), and with the error when
   * storage fails (then none of the group was stored, or it is not known to be on disk).
   */
  commitDonation(event: DonationEvent): Promise<IngestOutcome> {
    if (this.closed) return Promise.reject(new Error('ingest is closed'));
    return new Promise((resolve, reject) => {
      this.donationQueue.push({ event, resolve, reject });
      this.donationCommit ??= setImmediate(() => this.commitQueuedDonations());
    });
  }

  /**
   * The same as commitDonation, alone and at once (synchronous=FULL, the flush inside COMMIT):
   * when this returns, the event is on disk.
   */
  donation(event: DonationEvent): IngestOutcome {
    const [result] = this.commitDonations([event], 'full');
    this.announce([event], [result]);
    if (!result?.ok) throw result?.error;
    return result.value;
  }

  /** Commits one group from the queue; a longer queue continues at the next turn, after other work. */
  private commitQueuedDonations(): void {
    this.donationCommit = null;
    const group = this.donationQueue.splice(0, DONATION_BATCH_MAX);
    if (this.donationQueue.length > 0) this.donationCommit = setImmediate(() => this.commitQueuedDonations());
    this.commitGroup(group);
  }

  private commitGroup(group: typeof this.donationQueue, mode: 'flush after' | 'full' = 'flush after'): void {
    const events = group.map((item) => item.event);
    let results: DonationResult[];
    try {
      results = this.commitDonations(events, mode);
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    const answer = () => {
      // The dashboards hear of a donation once it is on disk, like its sender (not after close:
      // the database is gone, and the next start's catch-up screens it).
      if (!this.closed) this.announce(events, results);
      group.forEach((item, i) => {
        const result = results[i];
        if (result?.ok) item.resolve(result.value);
        else item.reject(result?.error);
      });
    };
    if (mode === 'full') answer();
    else this.walSync.sync().then(answer, (error: unknown) => {
      // Committed but not known to be on disk: the senders retry, and their retry is answered
      // `duplicate` once the next flush succeeds.
      for (const item of group) item.reject(error);
    });
  }

  /**
   * Writes `events` in one durable transaction, each in its own savepoint: an event refused
   * (IngestRefused, or any error that is not about storage) is rolled back alone and answered
   * with its error; a storage failure rolls back all of them and throws.
   */
  private commitDonations(events: DonationEvent[], mode: 'flush after' | 'full'): DonationResult[] {
    this.flushChat();
    const results: DonationResult[] = [];
    const written = this.db.transaction((event: DonationEvent) => this.writeDonation(event));
    let volumeMoved = false;
    const inTransaction = (write: () => void) =>
      mode === 'full' ? durably(this.db, write) : this.db.transaction(write).immediate();
    try {
      inTransaction(() => {
        for (const event of events) {
          this.stagedVolume = null;
          try {
            const outcome = written(event);
            // Counted now, so the next donation of the group is checked against it too.
            if (this.stagedVolume) {
              this.volume.added(this.stagedVolume);
              volumeMoved = true;
            }
            results.push({ ok: true, value: outcome });
          } catch (error) {
            if (isStorageFailure(error)) throw error;
            results.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      if (volumeMoved) this.volume.forget(); // read again from the tables, which hold none of it
      throw error;
    } finally {
      this.stagedVolume = null;
    }
    return results;
  }

  private announce(events: DonationEvent[], results: (DonationResult | undefined)[]): void {
    events.forEach((event, i) => {
      const result = results[i];
      if (result?.ok && result.value.status === 'created') {
        const moment = result.value.moment;
        this.emit({ kind: 'donation', seq: result.value.donationSeq ?? result.value.seq, sourceId: event.sourceId, minute: minuteOf(event.occurredAt), ...(moment ? { moment } : {}) });
      }
    });
  }

  /** Queues a chat message; it is committed within chatFlushMs (or at once when a batch is full). */
  chat(event: ChatEvent): void {
    if (this.closed) throw new Error('ingest is closed');
    if (this.chatBuffer.length >= CHAT_QUEUE_MAX) {
      // Storage has been failing for minutes: keep memory bounded and say what was dropped.
      this.droppedChat += 1;
      if (this.droppedChat === 1 || this.droppedChat % 1_000 === 0) this.onChatDropped(this.droppedChat);
      return;
    }
    this.chatBuffer.push(event);
    if (this.chatBuffer.length >= this.chatBatchMax) {
      this.flushChatSafely();
    } else if (!this.chatTimer) {
      this.chatTimer = setTimeout(() => this.flushChatSafely(), this.chatFlushMs);
    }
  }

  /** Commits the queued chat now; returns how many messages were new. Throws on storage failure. */
  flushChat(): number {
    if (this.chatTimer) {
      clearTimeout(this.chatTimer);
      this.chatTimer = null;
    }
    if (this.chatBuffer.length === 0) return 0;
    const batch = this.chatBuffer;
    this.chatBuffer = [];
    let result: ReturnType<Ingest['writeChat']>;
    const staging = this.chatters.begin();
    try {
      result = this.db.transaction(() => this.writeChat(batch, staging)).immediate();
      this.chatters.commit(staging);
      this.tap?.committed();
    } catch (error) {
      this.tap?.rolledBack();
      this.commitTap?.rolledBack();
      // Keep the messages for the next attempt rather than lose them.
      this.chatBuffer = batch.concat(this.chatBuffer);
      this.scheduleRetry();
      throw error;
    }
    if (result.stored > 0) this.emit({ kind: 'chat', ...result });
    return result.stored;
  }

  /** Runs for each new donation (not refunds or versions), in its transaction (incentive suggestions). */
  setDonationTap(tap: DonationTap): void {
    this.donationTap = tap;
  }

  /** Counts chat as it is stored, in the same transaction (targets' mentions). */
  setChatTap(tap: ChatTap): void {
    this.tap = tap;
  }

  /** Writes team facts in each commit's transaction (null: the desk is in no team). */
  setCommitTap(tap: CommitTap | null): void {
    this.commitTap = tap;
  }

  get pendingChat(): number {
    return this.chatBuffer.length;
  }

  /** Commits whatever is queued and refuses further events. */
  close(): void {
    if (this.donationCommit) clearImmediate(this.donationCommit);
    this.donationCommit = null;
    // The last groups commit with synchronous=FULL: their flush also covers every group before.
    while (this.donationQueue.length > 0) this.commitGroup(this.donationQueue.splice(0, DONATION_BATCH_MAX), 'full');
    this.flushChat();
    this.closed = true;
    this.walSync.close();
    const last = this.db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events').get()?.seq ?? 0;
    this.chatters.flushAll(last);
  }

  private flushChatSafely(): void {
    try {
      this.flushChat();
    } catch (error) {
      this.onError(error);
    }
  }

  private scheduleRetry(): void {
    if (this.chatTimer || this.closed) return;
    this.chatTimer = setTimeout(() => this.flushChatSafely(), 1_000);
  }

  private writeDonation(event: DonationEvent): IngestOutcome {
    const sql = this.sql;
    const received = this.now();
    const closedAt = sql.closedAt.get()?.closed_at ?? null;
    if (closedAt !== null) return this.writeLate(event, received, closedAt);
    const known = event.versioned ? sql.state.get(event.sourceId, event.versioned.key) : undefined;
    if (known && event.versioned) return this.writeVersion(event, event.versioned.version, known, received);
    const logged = this.logEvent(event, event.type, received);
    if (typeof logged !== 'number') return logged;
    const seq = logged;
    const campaign = sql.campaignCurrency.get();
    if (!campaign) throw new IngestRefused('there is no campaign yet: create it before taking donations', 'no_campaign');
    const campaignCurrency = campaign.currency as CurrencyCode;
    if (!Number.isSafeInteger(event.amount.minor) || event.amount.minor <= 0) {
      throw new IngestRefused('the amount must be a positive whole number of minor units', 'bad_amount');
    }
    const tooLarge = amountLimitError(event.amount.minor, event.amount.currency);
    if (tooLarge) throw new IngestRefused(tooLarge, 'amount_too_large');

    let rate: string | null = event.amount.currency === campaignCurrency ? '1' : (sql.rate.get(event.amount.currency)?.rate ?? null);
    let refundsSeq: number | null = null;
    if (event.type === 'refund' && event.refunds) {
      const keyed = sql.state.get(event.sourceId, event.refunds);
      const original = keyed
        ? { seq: keyed.seq, currency: keyed.currency, rate: keyed.rate, amount: keyed.amount }
        : this.currentOriginal(event.sourceId, event.refunds);
      if (original) {
        if (original.currency !== event.amount.currency) {
          throw new IngestRefused(
            `the refund is in ${event.amount.currency} but the donation it refunds is in ${original.currency}`,
            'refund_currency',
          );
        }
        const alreadyRefunded = sql.refunded.get(original.seq)?.total ?? 0;
        if (alreadyRefunded + event.amount.minor > original.amount) {
          throw new IngestRefused('the refund is larger than what remains of the donation it refunds', 'refund_too_large');
        }
        refundsSeq = original.seq;
        // The same rate as the original, so a full refund takes back exactly what was counted.
        rate = original.rate;
      }
    }

    const sign = event.type === 'refund' ? -1 : 1;
    const amount = sign * event.amount.minor;
    const campaignMinor = rate === null ? null : this.converted({ minor: amount, currency: event.amount.currency }, rate, campaignCurrency);
    this.stageVolume({ currency: event.amount.currency, amount: event.amount.minor, campaign: Math.abs(campaignMinor ?? 0) }, campaignCurrency);
    sql.insertDonation.run({
      seq,
      sourceId: event.sourceId,
      type: event.type,
      amount,
      currency: event.amount.currency,
      campaignMinor,
      campaignCurrency,
      rate,
      donorName: clip(event.donorName, NAME_MAX),
      anonymous: event.anonymous ? 1 : 0,
      message: clip(event.message, CHAT_TEXT_MAX),
      refundsSeq,
      occurredAt: event.occurredAt,
    });
    this.commitTap?.money({
      seq, kind: event.type, sourceId: event.sourceId, occurredAt: event.occurredAt, amount: { minor: amount, currency: event.amount.currency },
      campaignMinor, campaignCurrency, rate, donationSeq: refundsSeq,
    });
    const isDonation = event.type === 'donation' ? 1 : 0;
    sql.moneyTotals.run(
      event.sourceId,
      event.amount.currency,
      amount,
      campaignMinor ?? 0,
      isDonation,
      1 - isDonation,
      campaignMinor === null ? 1 : 0,
    );
    const minute = minuteOf(event.occurredAt);
    for (const source of [event.sourceId, ALL_SOURCES]) {
      sql.rollup.run(minute, source, campaignMinor ?? 0, isDonation, 0, 0);
    }
    if (event.versioned) {
      sql.insertState.run(
        event.sourceId, event.versioned.key, seq, event.versioned.version, amount,
        clip(event.donorName, NAME_MAX), event.anonymous ? 1 : 0, clip(event.message, CHAT_TEXT_MAX),
      );
    }
    sql.touchSource.run(1, received, event.sourceId);
    if (event.type === 'donation') this.donationTap?.(seq, event);
    const moment =
      event.moment && event.type === 'donation'
        ? this.moments.write(seq, event.sourceId, event.occurredAt, { key: null, name: event.anonymous ? null : event.donorName }, { ...event.moment, anonymous: event.anonymous })
        : null;
    return { status: 'created', seq, ...(event.versioned ? { effect: 'donation' as const } : {}), ...(moment ? { moment } : {}) };
  }

  /** The event's row in the log (its seq), or the answer for a redelivery of one stored before. */
  private logEvent(event: DonationEvent, kind: string, received: number): number | IngestOutcome {
    const sql = this.sql;
    const inserted = sql.insertEvent.run(
      event.sourceId, event.externalId, kind, event.occurredAt, received,
      event.payload === undefined ? null : JSON.stringify(event.payload),
    );
    if (inserted.changes > 0) return Number(inserted.lastInsertRowid);
    const existing = sql.eventSeq.get(event.sourceId, event.externalId);
    if (!existing) throw new Error('duplicate event without a stored row');
    return { status: 'duplicate', seq: existing.seq };
  }

  /**
   * Money that arrives after the marathon was closed: kept in the event log (so a redelivery is
   * still a duplicate) and listed apart with what it says, counted nowhere.
   */
  private writeLate(event: DonationEvent, received: number, closedAt: number): IngestOutcome {
    const sql = this.sql;
    const known = event.versioned ? sql.state.get(event.sourceId, event.versioned.key) : undefined;
    const type = known ? 'correction' : event.type;
    const seq = this.logEvent(event, type, received);
    if (typeof seq !== 'number') return seq;
    sql.insertLate.run(
      seq, event.sourceId, type, event.amount.minor, event.amount.currency,
      clip(event.donorName, NAME_MAX), event.anonymous ? 1 : 0, received, closedAt,
    );
    sql.touchSource.run(1, received, event.sourceId);
    return { status: 'late', seq };
  }

  /** The amount in campaign currency; refused (422) when it would pass MAX_AMOUNT_MINOR. */
  private converted(money: Money, rate: string, campaignCurrency: CurrencyCode): number {
    const converted = convertWithinLimit(money, rate, campaignCurrency);
    if (!converted.ok) throw new IngestRefused(converted.error, 'amount_too_large');
    return converted.value.minor;
  }

  /** Refuses (422) a write that would take the campaign's money volume past its limit. */
  private stageVolume(delta: VolumeDelta, campaignCurrency: CurrencyCode): void {
    const refusal = this.volume.refusal(delta, campaignCurrency);
    if (refusal) throw new IngestRefused(refusal, 'campaign_limit');
    this.stagedVolume = delta;
  }

  /** The donation an external id names, with its corrections counted in its amount. */
  private currentOriginal(sourceId: string, externalId: string) {
    const original = this.sql.original.get(sourceId, externalId);
    if (!original) return undefined;
    return { ...original, amount: original.amount + (this.sql.corrected.get(original.seq)?.total ?? 0) };
  }

  /**
   * A later (or earlier) version of a donation already counted. The same content again is a
   * redelivery (webhook and polling see the same donation): nothing is stored. Other content is
   * stored as its own event; when it is newer than the version that counts, the difference
   * becomes a correction row and the rollups move by it in this transaction.
   */
  private writeVersion(event: DonationEvent, version: number, known: StateRow, received: number): IngestOutcome {
    const sql = this.sql;
    if (event.type !== 'donation') throw new IngestRefused('a new version of a donation must be a donation', 'bad_version');
    const donorName = clip(event.donorName, NAME_MAX);
    const message = clip(event.message, CHAT_TEXT_MAX);
    const anonymous = event.anonymous ? 1 : 0;
    if (
      known.amount === event.amount.minor && known.currency === event.amount.currency &&
      known.donorName === donorName && known.message === message && known.anonymous === anonymous
    ) {
      return { status: 'duplicate', seq: known.seq, donationSeq: known.seq };
    }
    if (known.currency !== event.amount.currency) {
      throw new IngestRefused(
        `the new version is in ${event.amount.currency} but the donation was counted in ${known.currency}`,
        'version_currency',
      );
    }
    const inserted = sql.insertEvent.run(
      event.sourceId, event.externalId, 'correction', event.occurredAt, received,
      event.payload === undefined ? null : JSON.stringify(event.payload),
    );
    if (inserted.changes === 0) {
      return { status: 'duplicate', seq: sql.eventSeq.get(event.sourceId, event.externalId)?.seq ?? known.seq, donationSeq: known.seq };
    }
    const seq = Number(inserted.lastInsertRowid);
    if (version <= known.version) {
      sql.insertCorrection.run(seq, known.seq, version, 0, 0, 0);
      sql.touchSource.run(1, received, event.sourceId);
      return { status: 'created', seq, effect: 'superseded', donationSeq: known.seq };
    }
    const delta = event.amount.minor - known.amount;
    const campaign = sql.campaignCurrency.get();
    if (!campaign) throw new IngestRefused('there is no campaign yet: create it before taking donations', 'no_campaign');
    const tooLarge = amountLimitError(event.amount.minor, event.amount.currency, 'the new amount');
    if (tooLarge) throw new IngestRefused(tooLarge, 'amount_too_large');
    // At the original's rate, like a refund: a correction never re-prices what was counted.
    const campaignDelta =
      known.rate === null ? null : this.converted({ minor: delta, currency: event.amount.currency }, known.rate, campaign.currency as CurrencyCode);
    this.stageVolume({ currency: event.amount.currency, amount: Math.abs(delta), campaign: Math.abs(campaignDelta ?? 0) }, campaign.currency as CurrencyCode);
    sql.insertCorrection.run(seq, known.seq, version, delta, campaignDelta, 1);
    if (delta !== 0) {
      this.commitTap?.money({
        seq, kind: 'correction', sourceId: event.sourceId, occurredAt: known.occurredAt, amount: { minor: delta, currency: event.amount.currency },
        campaignMinor: campaignDelta, campaignCurrency: campaign.currency as CurrencyCode, rate: known.rate, donationSeq: known.seq,
      });
    }
    sql.updateState.run(version, event.amount.minor, donorName, anonymous, message, known.seq);
    if (delta !== 0) {
      sql.moneyTotals.run(event.sourceId, event.amount.currency, delta, campaignDelta ?? 0, 0, 0, 0);
      // The money belongs to the minute the donation was made, not the minute it was corrected.
      const minute = minuteOf(known.occurredAt);
      for (const source of [event.sourceId, ALL_SOURCES]) sql.rollup.run(minute, source, campaignDelta ?? 0, 0, 0, 0);
    }
    sql.touchSource.run(1, received, event.sourceId);
    return { status: 'created', seq, effect: 'correction', donationSeq: known.seq };
  }

  private writeChat(batch: ChatEvent[], staging: ChatterStaging): { stored: number; sourceIds: string[]; minutes: number[]; pledges: boolean; moments: WrittenMoment[] } {
    const sql = this.sql;
    const chatters = this.chatters;
    const received = this.now();
    const buckets = new Map<string, RollupBucket>();
    const perSource = new Map<string, number>();
    let last: { minute: number; source: string; own: RollupBucket; all: RollupBucket; ownPeople: ChatterSlot; allPeople: ChatterSlot } | null = null;
    const bucket = (minute: number, source: string): RollupBucket => {
      const key = `${minute}\u0000${source}`;
      let entry = buckets.get(key);
      if (!entry) {
        entry = { minute, source, messages: 0, chatters: 0 };
        buckets.set(key, entry);
      }
      return entry;
    };
    const tagCounts = new Map<string, { kind: string; minute: number; source: string; tag: string; count: number }>();
    const countTags = (tags: ChatTags, minute: number, source: string) => {
      for (const [kind, list] of [['hashtag', tags.hashtags], ['mention', tags.mentions]] as const) {
        for (const tag of list) {
          for (const s of [source, ALL_SOURCES]) {
            const key = `${kind}\u0000${minute}\u0000${s}\u0000${tag}`;
            const entry = tagCounts.get(key);
            if (entry) entry.count += 1;
            else tagCounts.set(key, { kind, minute, source: s, tag, count: 1 });
          }
        }
      }
    };
    const pledges = this.pledgeTally.begin();
    // A closed marathon counts no more pledges (subs, bits): the lines are stored as ever.
    const counting = (sql.closedAt.get()?.closed_at ?? null) === null;
    const moments: WrittenMoment[] = [];
    let stored = 0;
    let lastSeq = 0;
    for (const event of batch) {
      const userKey = clip(event.userKey, NAME_MAX) ?? '';
      const kind = event.kind ?? 'chat';
      const text = clip(event.text, CHAT_TEXT_MAX) ?? '';
      const inserted = sql.insertChat.run(
        event.sourceId,
        event.externalId,
        kind,
        event.occurredAt,
        received,
        userKey,
        clip(event.displayName, NAME_MAX),
        text,
        event.payload === undefined ? null : JSON.stringify(event.payload),
      );
      if (inserted.changes === 0) continue;
      stored += 1;
      lastSeq = Number(inserted.lastInsertRowid);
      if (counting) pledges.add(event);
      if (event.moment) {
        const written = this.moments.write(lastSeq, event.sourceId, event.occurredAt, { key: userKey, name: event.displayName }, event.moment);
        if (written) moments.push(written);
      }
      perSource.set(event.sourceId, (perSource.get(event.sourceId) ?? 0) + 1);
      if (kind !== 'chat') {
        this.commitTap?.chatStored(event, null);
        continue;
      }
      const minute = minuteOf(event.occurredAt);
      const tags = extractTags(text);
      countTags(tags, minute, event.sourceId);
      // Consecutive messages nearly always share minute and source: reuse the last buckets.
      if (!last || last.minute !== minute || last.source !== event.sourceId) {
        last = {
          minute,
          source: event.sourceId,
          own: bucket(minute, event.sourceId),
          all: bucket(minute, ALL_SOURCES),
          ownPeople: chatters.slot(minute, event.sourceId, staging),
          allPeople: chatters.slot(minute, ALL_SOURCES, staging),
        };
      }
      last.own.messages += 1;
      last.all.messages += 1;
      const user = chatters.idOf(userKey, staging);
      if (last.ownPeople.add(user)) last.own.chatters += 1;
      if (last.allPeople.add(user)) last.all.chatters += 1;
      const tapped: TappedChat = { seq: lastSeq, sourceId: event.sourceId, externalId: event.externalId, minute, occurredAt: event.occurredAt, userKey, userId: user, displayName: event.displayName, text, tags, payload: event.payload };
      this.tap?.message(tapped, staging);
      this.commitTap?.chatStored(event, tapped);
    }
    this.tap?.flush(staging);
    this.commitTap?.chatFlushed();
    for (const t of tagCounts.values()) sql.tagRollup.run(t.kind, t.minute, t.source, t.tag, t.count);
    pledges.write();
    for (const entry of buckets.values()) {
      sql.rollup.run(entry.minute, entry.source, 0, 0, entry.messages, entry.chatters);
    }
    for (const [source, count] of perSource) sql.touchSource.run(count, received, source);
    if (stored > 0) chatters.persistIfDue(staging, lastSeq);
    const minutes = [...new Set([...buckets.values()].map((e) => e.minute))];
    return { stored, sourceIds: [...perSource.keys()], minutes, pledges: !pledges.empty, moments };
  }

  /**
   * Tells listeners (the hub) after the caller's synchronous work: a webhook's acknowledgement
   * is written first, and the dashboards hear of the commit a moment later, in the same order.
   */
  private emit(change: Committed): void {
    queueMicrotask(() => {
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (error) {
          console.error('a listener failed after a commit:', error);
        }
      }
    });
  }
}

function clip(text: string | null, max: number): string | null {
  if (text === null) return null;
  return text.length > max ? text.slice(0, max) : text;
}
