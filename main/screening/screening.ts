import { createHash } from 'node:crypto';
import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { type Amount, parseAmount, parseDecimalMinor, toAmount } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import {
  type ClaimView,
  type DonationView,
  SCREENING_MODES,
  SCREEN_DECISIONS,
  type ScreenDecision,
  type ScreeningCounts,
  type ScreeningItem,
  type ScreeningMode,
  type ScreeningSettings,
  type ScreeningState,
  type ScreeningView,
} from '../../shared/views.js';
import type { DonationQueries } from '../donations/queries.js';
import type { Caller } from '../people/invites.js';
import { type Db, durably, isStorageFailure } from '../store/database.js';
import { ClaimedByOther, Claims } from './claims.js';
import { type QueueOrder, type QueuePosition, QueueOrderQueries, queueCursor } from './queue-order.js';
import { parseWordList, wordMatcher } from './words.js';

export type ScreeningStage = 'pending' | 'first_pass' | 'flagged' | 'approved' | 'denied';
export const SCREENING_STAGES: readonly ScreeningStage[] = ['pending', 'first_pass', 'flagged', 'approved', 'denied'];

const SETTINGS_KEY = 'screening';
const REASON_MAX = 300;
const QUEUE_MAX = 200;
/** How long the one who decided may take it back (the dashboard offers it for 8 s). */
export const UNDO_WINDOW_MS = 15_000;
const UNDOABLE: readonly string[] = ['approve', 'deny', 'flag', 'read', 'first_pass'];
const DEFAULT_SETTINGS: ScreeningSettings = { mode: 'one_pass', words: [], overlay_min: null };

/** The rules act under this name in the audit log. */
export const RULES_CALLER: Caller = { role: 'owner', actor: 'rules', name: 'Screening rules' };

/** The rules approving a pledge entered by hand: the same name in the audit, written durably. */
const HAND_ENTRY_RULES: Caller = { ...RULES_CALLER };

/** A state change the overlay and dashboards must hear about. */
export interface Screened {
  donation: DonationView;
  from: ScreeningState;
  to: ScreeningState;
}

/** Why a screening step was refused: the route turns it into 403, 404 or 409. */
export class ScreeningRefused extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 422, readonly code: string, message: string) {
    super(message);
  }
}

interface MarkRow {
  donation_seq: number;
  updated_at?: number;
  reason: string | null;
  first_pass_by: string | null;
  first_pass_name: string | null;
  first_pass_at: number | null;
  content_hash: string | null;
}

const VISIBLE: readonly ScreeningState[] = ['approved', 'read'];
export const isVisible = (state: ScreeningState): boolean => VISIBLE.includes(state);

/** What was screened: the name (unless anonymous) and the message, as the platform sent them last. */
function contentHash(donation: DonationView): string {
  const shown = [donation.anonymous ? null : donation.donor_name, donation.message];
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 32);
}

const hasContent = (donation: DonationView): boolean =>
  Boolean((donation.message ?? '').trim()) || (!donation.anonymous && Boolean((donation.donor_name ?? '').trim()));

/**
 * Screening of donation messages before they reach the overlay, in the style of the big
 * marathon trackers: pending → approved / denied / flagged, then read on air. The campaign's
 * mode decides how many people look (none, one pass, two passes by different people). Rules run
 * as each donation is committed: the word list denies, and a donation with nothing to read
 * (no message, no name shown) goes straight through. A platform correction that changes the
 * name or message sends an already screened donation back to pending.
 *
 * The state lives in donations.screening (a mark beside the money, never part of the total);
 * every change is appended to audit_log with who, when and why.
 */
export class Screening {
  readonly claims: Claims;
  private settingsCache: ScreeningSettings;
  private countsCache: ScreeningCounts | null = null;
  /** While screenNewGroup runs: what the rules decided, told once the group has committed. */
  private told: (() => void)[] | null = null;
  private matcher: (text: string) => string | null;
  private readonly sql;
  private readonly order: QueueOrderQueries;
  private readonly sweeper: NodeJS.Timeout;
  private momentsWaiting: () => number = () => 0;

  constructor(
    private readonly db: Db,
    private readonly donations: DonationQueries,
    private readonly hooks: { onScreened?: (change: Screened) => void; onChanged?: () => void } = {},
    private readonly now: () => number = Date.now,
  ) {
    this.claims = new Claims(now);
    this.order = new QueueOrderQueries(db);
    this.sql = {
      setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      saveSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      mark: db.prepare<[number], MarkRow>('SELECT * FROM screening_marks WHERE donation_seq = ?'),
      saveMark: db.prepare(
        `INSERT INTO screening_marks (donation_seq, reason, first_pass_by, first_pass_name, first_pass_at, content_hash, updated_at)
         VALUES (@donation_seq, @reason, @first_pass_by, @first_pass_name, @first_pass_at, @content_hash, @updated_at)
         ON CONFLICT (donation_seq) DO UPDATE SET reason = excluded.reason, first_pass_by = excluded.first_pass_by,
           first_pass_name = excluded.first_pass_name, first_pass_at = excluded.first_pass_at,
           content_hash = excluded.content_hash, updated_at = excluded.updated_at`,
      ),
      setState: db.prepare('UPDATE donations SET screening = ? WHERE event_seq = ?'),
      audit: db.prepare(
        `INSERT INTO audit_log (at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason)
         VALUES (?, ?, ?, 'donation', ?, ?, ?, ?, ?, ?)`,
      ),
      counts: db.prepare<[], { screening: ScreeningState; n: number }>(
        "SELECT screening, COUNT(*) AS n FROM donations WHERE type = 'donation' GROUP BY screening",
      ),
      firstPassed: db.prepare<[], { n: number }>(
        `SELECT COUNT(*) AS n FROM donations d JOIN screening_marks m ON m.donation_seq = d.event_seq
         WHERE d.type = 'donation' AND d.screening = 'pending' AND m.first_pass_by IS NOT NULL`,
      ),
      lastDecision: db.prepare<[string, number], { id: number; at: number; actor: string; action: string; from_state: string | null; to_state: string | null }>(
        `SELECT id, at, actor, action, from_state, to_state FROM audit_log
         WHERE subject_kind = 'donation' AND subject_id = ? AND at >= ? ORDER BY id DESC LIMIT 1`,
      ),
      // Approved messages that arrived up to a chosen one (event_seq is the arrival order).
      approvedThrough: db.prepare<[number], { seq: number }>(
        `SELECT event_seq AS seq FROM donations WHERE type = 'donation' AND screening = 'approved' AND event_seq <= ? ORDER BY event_seq`,
      ),
      touchMark: db.prepare('UPDATE screening_marks SET updated_at = ? WHERE donation_seq = ?'),
      unmarked: db.prepare<[number], { seq: number }>(
        `SELECT d.event_seq AS seq FROM donations d LEFT JOIN screening_marks m ON m.donation_seq = d.event_seq
         WHERE d.type = 'donation' AND d.screening = 'pending' AND m.donation_seq IS NULL AND d.event_seq > ?
         ORDER BY d.event_seq LIMIT 500`,
      ),
    };
    this.settingsCache = this.readSettings();
    this.matcher = wordMatcher(this.settingsCache.words);
    // Claims left open by someone who walked away become free again; everyone hears it.
    this.sweeper = setInterval(() => {
      if (this.claims.sweep()) this.hooks.onChanged?.();
    }, 5_000);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  settings(): ScreeningSettings {
    return this.settingsCache;
  }

  view(): ScreeningView {
    return { settings: this.settingsCache, counts: this.counts(), claims: this.claims.list(), moments_waiting: this.momentsWaiting() };
  }

  /** Where the count of Twitch messages waiting comes from (TwitchMoments), shown beside the donations'. */
  setMomentsWaiting(count: () => number): void {
    this.momentsWaiting = count;
  }

  /**
   * The rules for a Twitch moment's message (a resub's, a cheer's, a Hype Chat's), as it is
   * stored: the word list denies, screening off approves, otherwise it waits for a moderator.
   */
  momentRule(message: string): { screening: 'none' | 'pending' | 'approved' | 'denied'; reason: string | null } {
    if (!message.trim()) return { screening: 'none', reason: null };
    const word = this.matcher(message);
    if (word !== null) return { screening: 'denied', reason: `word list: "${word}"` };
    if (this.settingsCache.mode === 'none') return { screening: 'approved', reason: 'screening is off' };
    return { screening: 'pending', reason: null };
  }

  counts(): ScreeningCounts {
    // Read again only after something changed: dashboards connecting and the hub's coalesced
    // updates would otherwise count every donation of the marathon each time.
    if (this.countsCache) return this.countsCache;
    const counts: ScreeningCounts = { pending: 0, first_pass: 0, approved: 0, denied: 0, flagged: 0, read: 0 };
    for (const row of this.sql.counts.all()) counts[row.screening] = row.n;
    counts.first_pass = this.sql.firstPassed.get()?.n ?? 0;
    counts.pending -= counts.first_pass;
    this.countsCache = counts;
    return counts;
  }

  /** The owner sets the mode, the word list and the overlay's minimum amount. */
  updateSettings(input: unknown, caller: Caller, campaignCurrency: string | null): Result<ScreeningSettings> {
    const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const mode = body.mode ?? this.settingsCache.mode;
    if (!(SCREENING_MODES as readonly unknown[]).includes(mode)) return fail('mode must be "none", "one_pass" or "two_pass"');
    const words = parseWordList(body.words ?? this.settingsCache.words);
    if (!words.ok) return fail(words.error);
    let overlayMin: Amount | null = this.settingsCache.overlay_min;
    if ('overlay_min' in body) {
      if (body.overlay_min === null) overlayMin = null;
      else {
        const parsed = parseAmount(body.overlay_min);
        if (!parsed.ok) return fail(`overlay_min: ${parsed.error}`);
        if (campaignCurrency && parsed.value.currency !== campaignCurrency) {
          return fail(`overlay_min must be in the campaign currency (${campaignCurrency})`);
        }
        overlayMin = toAmount(parsed.value);
      }
    }
    const next: ScreeningSettings = { mode: mode as ScreeningMode, words: words.words, overlay_min: overlayMin };
    const before = this.settingsCache;
    durably(this.db, () => {
      this.sql.saveSetting.run(SETTINGS_KEY, JSON.stringify(next));
      this.db
        .prepare(
          `INSERT INTO audit_log (at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason)
           VALUES (?, ?, ?, 'settings', 'screening', 'Screening settings', 'update', ?, ?, ?)`,
        )
        .run(this.now(), caller.actor, caller.name, describeSettings(before), describeSettings(next), null);
    });
    this.settingsCache = next;
    this.matcher = wordMatcher(next.words);
    this.hooks.onChanged?.();
    return ok(next);
  }

  /** The message may show on the overlay: above the minimum amount, when one is set. */
  messageAllowed(donation: DonationView): boolean {
    const min = this.settingsCache.overlay_min;
    if (!min) return true;
    // Without a rate the amount in campaign currency is unknown: the message waits.
    if (!donation.converted || donation.converted.currency !== min.currency || !isCurrencyCode(min.currency)) return false;
    const exponent = minorUnitExponent(min.currency);
    const have = parseDecimalMinor(donation.converted.value, exponent);
    const need = parseDecimalMinor(min.value, exponent);
    return have.ok && need.ok && have.value >= need.value;
  }

  item(seq: number): ScreeningItem | null {
    const donation = this.donations.get(seq);
    if (!donation || donation.type !== 'donation') return null;
    return this.itemOf(donation, this.sql.mark.get(seq));
  }

  /**
   * One page of a stage, oldest first or largest first; `next` continues after its last item.
   * `min`: only items of at least this many campaign minor units.
   */
  queue(stage: ScreeningStage, options: { limit?: number; order?: QueueOrder; min?: number | null; after?: QueuePosition | null } = {}): { items: ScreeningItem[]; next: string | null } {
    const wanted = Math.min(Math.max(options.limit ?? 50, 1), QUEUE_MAX);
    const order = options.order ?? 'age';
    const items: ScreeningItem[] = [];
    let last: QueuePosition | null = null;
    for (const position of this.stagePositions(stage, order, options.min ?? null, options.after ?? null)) {
      if (items.length >= wanted) return { items, next: last && queueCursor(order, last) };
      const item = this.item(position.seq);
      if (!item) continue;
      items.push(item);
      last = position;
    }
    return { items, next: null };
  }

  /**
   * Opens the oldest item of a stage that nobody else has open (and, for the second pass, that
   * this person did not pass first). Atomic: requests run one at a time in this process.
   */
  next(stage: ScreeningStage, caller: Caller, order: QueueOrder = 'age', min: number | null = null): { item: ScreeningItem | null; claim: ClaimView | null } {
    for (const { seq } of this.stagePositions(stage, order, min, null)) {
      if (this.claims.isHeldByOther(seq, caller)) continue;
      const item = this.item(seq);
      if (!item) continue;
      if (stage === 'first_pass' && item.first_pass?.actor === caller.actor) continue;
      const claim = this.claims.take(seq, caller);
      this.hooks.onChanged?.();
      return { item, claim };
    }
    if (this.claims.releaseActor(caller.actor)) this.hooks.onChanged?.();
    return { item: null, claim: null };
  }

  claim(seq: number, caller: Caller): { item: ScreeningItem; claim: ClaimView } {
    const item = this.item(seq);
    if (!item) throw new ScreeningRefused(404, 'no_donation', 'there is no donation with that id');
    try {
      const claim = this.claims.take(seq, caller);
      this.hooks.onChanged?.();
      return { item, claim };
    } catch (error) {
      if (error instanceof ClaimedByOther) throw new ScreeningRefused(409, 'claimed', error.message);
      throw error;
    }
  }

  release(seq: number, caller: Caller): boolean {
    const released = this.claims.release(seq, caller.actor);
    if (released) this.hooks.onChanged?.();
    return released;
  }

  /** A person's last connection closed or their invite was revoked: their open item is free. */
  releaseActor(actor: string): void {
    if (this.claims.releaseActor(actor)) this.hooks.onChanged?.();
  }

  /**
   * A moderator's decision. approve: in two-pass mode the first approval is a first pass, and a
   * different person's approval sends it to the reader; deny and flag from any other state;
   * read: the reader has read an approved message on air. Repeating a decision is refused
   * (409), so a replayed request changes nothing.
   */
  decide(seq: number, input: unknown, caller: Caller): ScreeningItem {
    const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const decision = body.decision;
    if (!(SCREEN_DECISIONS as readonly unknown[]).includes(decision)) {
      throw new ScreeningRefused(422, 'bad_decision', 'decision must be "approve", "deny", "flag" or "read"');
    }
    const reason = readReason(body.reason);
    const donation = this.donations.get(seq);
    if (!donation || donation.type !== 'donation') throw new ScreeningRefused(404, 'no_donation', 'there is no donation with that id');
    const holder = this.claims.holder(seq);
    if (holder && holder.actor !== caller.actor) {
      throw new ScreeningRefused(409, 'claimed', `${holder.name} has this donation open`);
    }
    const mark = this.sql.mark.get(seq);
    const from = donation.screening;
    const step = this.step(decision as ScreenDecision, from, mark, caller);
    this.apply(donation, mark, step, caller, reason);
    this.claims.end(seq);
    const item = this.item(seq);
    if (!item) throw new Error(`donation ${seq} vanished while screened`);
    return item;
  }

  /**
   * The reader has read everything up to a chosen message: every approved message that arrived
   * before it, and itself, is marked read in one transaction with one audit entry. Messages that
   * arrived after it, below the reader's minimum or not, stay; so do those another moderator has
   * open. Repeating it marks nothing more.
   */
  readOlder(through: number, caller: Caller): { marked: number; skipped: number } {
    const chosen = this.donations.get(through);
    if (!chosen || chosen.type !== 'donation') throw new ScreeningRefused(404, 'no_donation', 'there is no donation with that id');
    const at = this.now();
    let skipped = 0;
    const marked: number[] = [];
    durably(this.db, () => {
      for (const { seq } of this.sql.approvedThrough.all(through)) {
        const holder = this.claims.holder(seq);
        if (holder && holder.actor !== caller.actor) {
          skipped += 1;
          continue;
        }
        this.sql.setState.run('read', seq);
        this.sql.touchMark.run(at, seq);
        marked.push(seq);
      }
      if (marked.length > 0) {
        const also = skipped > 0 ? `; ${skipped} left that another moderator has open` : '';
        this.sql.audit.run(at, caller.actor, caller.name, String(through), subjectLabel(chosen), 'read_older', 'approved', 'read',
          `${marked.length} approved messages up to this one marked read${also}`);
      }
    });
    if (marked.length === 0) return { marked: 0, skipped };
    this.countsCache = null;
    for (const seq of marked) {
      this.claims.end(seq);
      const after = this.donations.get(seq);
      if (after) this.hooks.onScreened?.({ donation: after, from: 'approved', to: 'read' });
    }
    this.hooks.onChanged?.();
    return { marked: marked.length, skipped };
  }

  /**
   * Takes back the caller's own decision of the last few seconds: the donation goes back to the
   * state it had. Refused once the window has passed, or when anyone (or the rules, or "mark
   * older as read") changed it since.
   */
  undo(seq: number, caller: Caller): ScreeningItem {
    const donation = this.donations.get(seq);
    if (!donation || donation.type !== 'donation') throw new ScreeningRefused(404, 'no_donation', 'there is no donation with that id');
    const at = this.now();
    const last = this.sql.lastDecision.get(String(seq), at - UNDO_WINDOW_MS);
    const refuse = (message: string): never => {
      throw new ScreeningRefused(409, 'cannot_undo', message);
    };
    if (!last || !UNDOABLE.includes(last.action)) return refuse('there is no decision of the last few seconds to take back');
    if (last.actor !== caller.actor) return refuse('someone else changed this donation since: it cannot be taken back');
    const mark = this.sql.mark.get(seq);
    if (last.to_state !== donation.screening || !mark || mark.updated_at !== last.at) {
      return refuse('this donation changed since: it cannot be taken back');
    }
    const holder = this.claims.holder(seq);
    if (holder && holder.actor !== caller.actor) refuse(`${holder.name} has this donation open`);
    const back = (last.from_state ?? 'pending') as ScreeningState;
    this.apply(donation, mark, { to: back, action: 'undo', firstPass: last.action === 'first_pass' ? 'clear' : 'keep' }, caller, `took back "${last.action}"`);
    const item = this.item(seq);
    if (!item) throw new Error(`donation ${seq} vanished while undone`);
    return item;
  }

  /**
   * The rules, for a donation just committed (or corrected by its platform). Runs after the
   * commit that acknowledged it; catchUp() finishes the job after a crash in between.
   */
  screenNew(seq: number): void {
    const donation = this.donations.get(seq);
    if (!donation || donation.type !== 'donation') return;
    this.countsCache = null;
    const mark = this.sql.mark.get(seq);
    const hash = contentHash(donation);
    if (mark && mark.content_hash === hash) return;
    if (mark && donation.screening !== 'pending') {
      // The platform changed the name or message after someone screened it: screen it again.
      this.apply(donation, mark, { to: 'pending', action: 'reset', firstPass: 'clear' }, RULES_CALLER, 'the platform changed the name or message');
      const reset = this.donations.get(seq);
      if (!reset) return;
      this.applyRules(reset, this.sql.mark.get(seq));
      return;
    }
    this.applyRules(donation, mark);
  }

  /**
   * A pledge typed in by the owner or a moderator: whoever entered it has read its name and
   * message, so the rules approve it at once and say who entered it. The word list still
   * denies it (a pledge copied from a letter may carry what the stream must not show).
   * Runs before or after screenNew() for the same donation; either way it is decided once.
   */
  approveEnteredByHand(seq: number, enteredBy: Caller): void {
    const donation = this.donations.get(seq);
    if (!donation || donation.type !== 'donation' || donation.screening !== 'pending') return;
    const mark = this.sql.mark.get(seq);
    if (mark?.first_pass_by) return; // a moderator is already on it
    if (this.matcher(screenedText(donation)) !== null) {
      this.screenNew(seq);
      return;
    }
    this.countsCache = null;
    const who = enteredBy.role === 'owner' ? 'the owner' : `${enteredBy.role} ${enteredBy.name}`;
    // Not RULES_CALLER itself: a hand-entered approval is synced before the pledge is answered.
    this.apply(donation, mark, { to: 'approved', action: 'auto_approve', firstPass: 'keep' }, HAND_ENTRY_RULES, `entered by hand by ${who}`);
  }

  /** Donations committed but never seen by the rules (the app stopped in between). */
  catchUp(): number {
    let after = 0;
    let seen = 0;
    for (;;) {
      const rows = this.sql.unmarked.all(after);
      if (rows.length === 0) return seen;
      for (const row of rows) {
        this.screenNew(row.seq);
        after = row.seq;
        seen += 1;
      }
    }
  }

  private applyRules(donation: DonationView, mark: MarkRow | undefined): void {
    const word = this.matcher(screenedText(donation));
    if (word !== null) {
      this.apply(donation, mark, { to: 'denied', action: 'auto_deny', firstPass: 'keep' }, RULES_CALLER, `word list: "${word}"`);
    } else if (!hasContent(donation)) {
      this.apply(donation, mark, { to: 'approved', action: 'auto_approve', firstPass: 'keep' }, RULES_CALLER, 'nothing to screen: no message and no name shown');
    } else if (this.settingsCache.mode === 'none') {
      this.apply(donation, mark, { to: 'approved', action: 'auto_approve', firstPass: 'keep' }, RULES_CALLER, 'screening is off');
    } else {
      // Seen by the rules, left for the moderators.
      this.sql.saveMark.run({ ...emptyMark(donation.id), ...(mark ?? {}), content_hash: contentHash(donation), updated_at: this.now() });
      this.tell(() => this.hooks.onChanged?.());
    }
  }

  private step(decision: ScreenDecision, from: ScreeningState, mark: MarkRow | undefined, caller: Caller): Step {
    const refuse = (message: string): never => {
      throw new ScreeningRefused(409, 'not_allowed_now', message);
    };
    switch (decision) {
      case 'approve': {
        if (isVisible(from)) return refuse('this donation is already approved');
        const twoPass = this.settingsCache.mode === 'two_pass';
        if (twoPass && from === 'pending') {
          if (!mark?.first_pass_by) return { to: 'pending', action: 'first_pass', firstPass: 'set' };
          if (mark.first_pass_by === caller.actor) {
            throw new ScreeningRefused(403, 'own_first_pass', 'you passed this one first: another moderator sends it to the reader');
          }
        }
        return { to: 'approved', action: 'approve', firstPass: 'keep' };
      }
      case 'deny':
        if (from === 'denied') return refuse('this donation is already denied');
        return { to: 'denied', action: 'deny', firstPass: 'keep' };
      case 'flag':
        if (from === 'flagged') return refuse('this donation is already flagged');
        return { to: 'flagged', action: 'flag', firstPass: 'keep' };
      case 'read':
        if (from !== 'approved') return refuse(from === 'read' ? 'this message was already read on air' : 'only approved messages can be read on air');
        return { to: 'read', action: 'read', firstPass: 'keep' };
    }
  }

  private apply(donation: DonationView, mark: MarkRow | undefined, step: Step, caller: Caller, reason: string | null): void {
    const at = this.now();
    const base = mark ?? emptyMark(donation.id);
    const next: MarkRow & { updated_at: number } = {
      ...base,
      reason: step.action === 'first_pass' ? base.reason : reason,
      content_hash: contentHash(donation),
      updated_at: at,
    };
    if (step.firstPass === 'set') Object.assign(next, { first_pass_by: caller.actor, first_pass_name: caller.name, first_pass_at: at });
    if (step.firstPass === 'clear') Object.assign(next, { first_pass_by: null, first_pass_name: null, first_pass_at: null });
    const from = donation.screening;
    const write = () => {
      if (step.to !== from) this.sql.setState.run(step.to, donation.id);
      this.sql.saveMark.run(next);
      this.sql.audit.run(at, caller.actor, caller.name, String(donation.id), subjectLabel(donation), step.action, from, step.to, reason);
    };
    // A person's decision is on disk before they hear it was taken. The rules' are not synced
    // one by one: after a crash catchUp() runs them again on whatever they had not marked.
    if (caller === RULES_CALLER) this.db.transaction(write).immediate();
    else durably(this.db, write);
    this.countsCache = null;
    this.tell(() => {
      const after = this.donations.get(donation.id);
      if (after) this.hooks.onScreened?.({ donation: after, from, to: step.to });
      this.hooks.onChanged?.();
    });
  }

  /**
   * The rules on donations committed together, in one transaction (each in its own savepoint;
   * an unexpected error skips that donation, left pending, and goes to `onError`): one write to
   * the log for the group instead of one per donation. What they decided is told after the
   * commit. Throws on a storage failure: then none of them was marked, and catchUp() at the
   * next start, or the moderators, screen them.
   */
  screenNewGroup(seqs: readonly number[], onError: (error: unknown) => void): void {
    const told: (() => void)[] = [];
    this.told = told;
    try {
      this.db
        .transaction(() => {
          for (const seq of seqs) {
            try {
              this.db.transaction(() => this.screenNew(seq))();
            } catch (error) {
              if (isStorageFailure(error)) throw error;
              onError(error);
            }
          }
        })
        .immediate();
    } finally {
      this.told = null;
    }
    for (const notify of told) notify();
  }

  /** Tells the hooks now, or after the group's commit while screenNewGroup runs. */
  private tell(notify: () => void): void {
    if (this.told) this.told.push(notify);
    else notify();
  }

  private stagePositions(stage: ScreeningStage, order: QueueOrder, min: number | null, after: QueuePosition | null): Generator<QueuePosition> {
    const state: ScreeningState = stage === 'first_pass' ? 'pending' : stage;
    const firstPass = stage === 'pending' ? 0 : stage === 'first_pass' ? 1 : -1;
    return this.order.walk(state, firstPass, order, { min, after });
  }

  private itemOf(donation: DonationView, mark: MarkRow | undefined): ScreeningItem {
    return {
      donation,
      reason: mark?.reason ?? null,
      first_pass:
        mark?.first_pass_by && mark.first_pass_at !== null
          ? { actor: mark.first_pass_by, actor_name: mark.first_pass_name ?? mark.first_pass_by, at: new Date(mark.first_pass_at).toISOString() }
          : null,
      below_overlay_min: !this.messageAllowed(donation),
    };
  }

  private readSettings(): ScreeningSettings {
    const stored = this.sql.setting.get(SETTINGS_KEY)?.value;
    if (!stored) return DEFAULT_SETTINGS;
    try {
      return { ...DEFAULT_SETTINGS, ...(JSON.parse(stored) as Partial<ScreeningSettings>) };
    } catch {
      return DEFAULT_SETTINGS;
    }
  }
}

interface Step {
  to: ScreeningState;
  action: 'approve' | 'deny' | 'flag' | 'read' | 'first_pass' | 'auto_approve' | 'auto_deny' | 'reset' | 'undo';
  firstPass: 'set' | 'keep' | 'clear';
}

function emptyMark(seq: number): MarkRow {
  return { donation_seq: seq, reason: null, first_pass_by: null, first_pass_name: null, first_pass_at: null, content_hash: null };
}

/**
 * A decision's optional reason (a donation's, a Twitch moment's): trimmed one-paragraph text of
 * at most REASON_MAX characters, or null; `refused` makes the error thrown for bad input.
 */
export function readReason(input: unknown, refused: (message: string) => Error = (m) => new ScreeningRefused(422, 'bad_reason', m)): string | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'string') throw refused('reason must be text');
  const reason = input.trim();
  if ([...reason].length > REASON_MAX) throw refused(`reason can be at most ${REASON_MAX} characters`);
  if (/\p{Cc}/u.test(reason.replace(/\n/g, ''))) throw refused('reason must not contain control characters');
  return reason === '' ? null : reason;
}

/** How the audit names a donation: its amount and who gave it (anonymous stays anonymous). */
/** What the word list reads: the name the stream would show, and the message. */
function screenedText(donation: DonationView): string {
  return [donation.anonymous ? '' : (donation.donor_name ?? ''), donation.message ?? ''].join('\n');
}

function subjectLabel(donation: DonationView): string {
  const who = donation.anonymous || !donation.donor_name ? 'Anonymous' : donation.donor_name;
  return `${donation.amount.value} ${donation.amount.currency} from ${who}`.slice(0, 200);
}

function describeSettings(settings: ScreeningSettings): string {
  const min = settings.overlay_min ? `${settings.overlay_min.value} ${settings.overlay_min.currency}` : 'none';
  return `mode ${settings.mode}, ${settings.words.length} listed words, overlay minimum ${min}`;
}
