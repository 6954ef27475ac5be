import type { CurrencyCode } from '../../shared/currencies.js';
import { formatMinor, parseAmount } from '../../shared/money.js';
import {
  PRIZE_DRAW_ALGORITHM,
  PRIZE_WINNERS_MAX,
  type PrizeDrawRecord,
  type PrizeEntryMode,
  type PrizeRule,
  type PrizeState,
  type PrizeVerification,
  type PrizeView,
  type PrizeWinnerView,
  type PublicPrizeView,
} from '../../shared/prizes.js';
import type { Caller } from '../people/invites.js';
import type { AuditLog } from '../screening/audit.js';
import type { Db } from '../store/database.js';
import { DRAW_METHOD, entriesDigest, newSeed, seededPicks } from './draw.js';
import { EligibilityQuery } from './eligibility.js';
import { verifyStoredDraw } from './verify-stored.js';

/** A refusal in words, with the HTTP status it answers. */
export class PrizeRefused extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'PrizeRefused';
  }
}

export interface PrizeInput {
  title?: string | undefined;
  rules?: string | undefined;
  minimum?: { value: string; currency?: string | undefined } | undefined;
  opens_at?: string | undefined;
  closes_at?: string | undefined;
  winners?: number | undefined;
  entry_mode?: PrizeEntryMode | undefined;
}

interface PrizeRow {
  id: number;
  title: string;
  rules: string;
  min_minor: number;
  currency: string;
  opens_at: number;
  closes_at: number;
  winners: number;
  entries: PrizeEntryMode;
  state: PrizeState;
  created_at: number;
  updated_at: number;
}

interface DrawRow {
  id: number;
  prize_id: number;
  seed: string;
  rule: string;
  entries: string;
  entries_sha256: string;
  winners_wanted: number;
  drawn_at: number;
  drawn_by_name: string;
}

interface PickRow {
  id: number;
  position: number;
  pick: number;
  donation_seq: number;
  replaces: number | null;
  reason: string | null;
  at: number;
  by_name: string;
  donor_name: string | null;
  anonymous: number;
  minor: number | null;
  campaign_currency: string;
  screening: string;
  source_name: string | null;
  source_kind: string | null;
  platform_id: string;
  occurred_at: number;
  payload: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Shown on stream: approved, or read on air. */
const SHOWN = new Set(['approved', 'read']);

/**
 * Prizes: the owner sets them up, draws them once with a seeded pick anyone can re-run, redraws
 * a no-show's place (appended, never erased), and exports the winners for the charity. Every
 * step is in the audit log; the draw and its picks are append-only tables.
 */
export class Prizes {
  private readonly sql;
  private readonly eligibility: EligibilityQuery;
  private soon: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly campaignCurrency: () => string | null,
    /** Something of a prize changed (or may have: eligible counts): the hub sends what differs. */
    private readonly onChanged: () => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.eligibility = new EligibilityQuery(db);
    const pickColumns = `w.id, w.position, w.pick, w.donation_seq, w.replaces, w.reason, w.at, w.by_name,
        CASE WHEN s.donation_seq IS NULL THEN d.donor_name ELSE s.donor_name END AS donor_name,
        CASE WHEN s.donation_seq IS NULL THEN d.anonymous ELSE s.anonymous END AS anonymous,
        d.campaign_minor + COALESCE((SELECT SUM(c.campaign_delta_minor) FROM donation_corrections c
                                     WHERE c.donation_seq = d.event_seq AND c.applied = 1), 0) AS minor,
        d.campaign_currency, d.screening, src.name AS source_name, src.kind AS source_kind,
        COALESCE(s.donation_key, e.external_id) AS platform_id, d.occurred_at, e.payload`;
    this.sql = {
      all: db.prepare<[], PrizeRow>('SELECT * FROM prizes ORDER BY opens_at, id'),
      one: db.prepare<[number], PrizeRow>('SELECT * FROM prizes WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO prizes (title, rules, min_minor, currency, opens_at, closes_at, winners, entries, state, created_at, created_by, updated_at)
         VALUES (@title, @rules, @min_minor, @currency, @opens_at, @closes_at, @winners, @entries, 'open', @now, @by, @now)`,
      ),
      update: db.prepare(
        `UPDATE prizes SET title = @title, rules = @rules, min_minor = @min_minor, opens_at = @opens_at, closes_at = @closes_at,
           winners = @winners, entries = @entries, updated_at = @now WHERE id = @id`,
      ),
      setState: db.prepare<[PrizeState, number, number]>('UPDATE prizes SET state = ?, updated_at = ? WHERE id = ?'),
      draw: db.prepare<[number], DrawRow>('SELECT * FROM prize_draws WHERE prize_id = ?'),
      insertDraw: db.prepare(
        `INSERT INTO prize_draws (prize_id, seed, rule, entries, entries_sha256, winners_wanted, drawn_at, drawn_by, drawn_by_name)
         VALUES (@prize_id, @seed, @rule, @entries, @sha, @wanted, @at, @by, @by_name)`,
      ),
      insertPick: db.prepare(
        `INSERT INTO prize_winners (draw_id, position, pick, donation_seq, replaces, reason, at, by_actor, by_name)
         VALUES (@draw_id, @position, @pick, @donation, @replaces, @reason, @at, @by, @by_name)`,
      ),
      picks: db.prepare<[number], PickRow>(
        `SELECT ${pickColumns}
         FROM prize_winners w
         JOIN donations d ON d.event_seq = w.donation_seq
         JOIN events e ON e.seq = d.event_seq
         LEFT JOIN donation_state s ON s.donation_seq = d.event_seq
         LEFT JOIN sources src ON src.id = d.source_id
         WHERE w.draw_id = ? ORDER BY w.pick`,
      ),
    };
  }

  // ── Reading ──────────────────────────────────────────────────────────────────────────────

  /** Every prize but the archived ones (or only those), in the order their windows open. */
  list(archived = false): PrizeView[] {
    return this.sql.all.all().filter((row) => (row.state === 'archived') === archived).map((row) => this.view(row));
  }

  get(id: number): PrizeView | null {
    const row = this.sql.one.get(id);
    return row ? this.view(row) : null;
  }

  /** What the overlay and viewers see: prizes not archived, without ids of donations or anything private. */
  publicList(): PublicPrizeView[] {
    return this.list(false).map(publicPrize);
  }

  private view(row: PrizeRow): PrizeView {
    const currency = row.currency as CurrencyCode;
    const draw = this.sql.draw.get(row.id) ?? null;
    const picks = draw ? this.sql.picks.all(draw.id) : [];
    const entries = draw ? (JSON.parse(draw.entries) as number[]) : null;
    const eligibility = entries
      ? { entries: entries.length, waiting_for_rate: 0 }
      : (() => {
          const found = this.eligibility.count(ruleOf(row));
          return { entries: found.entries, waiting_for_rate: found.waitingForRate };
        })();
    return {
      id: row.id,
      title: row.title,
      rules: row.rules,
      minimum: { value: formatMinor(row.min_minor, currency), currency },
      opens_at: iso(row.opens_at),
      closes_at: iso(row.closes_at),
      winners: row.winners,
      entry_mode: row.entries,
      state: row.state,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
      eligibility,
      draw: draw && entries
        ? {
            id: draw.id,
            drawn_at: iso(draw.drawn_at),
            drawn_by_name: draw.drawn_by_name,
            seed: draw.seed,
            entries: entries.length,
            winners_wanted: draw.winners_wanted,
            alternates_left: entries.length - picks.length,
          }
        : null,
      winners_drawn: winnersOf(picks),
    };
  }

  /** The whole record of a prize's draw: seed, rule, entries and every pick. */
  record(id: number): PrizeDrawRecord | null {
    const draw = this.sql.draw.get(id);
    if (!draw) return null;
    const picks = this.sql.picks.all(draw.id);
    const pickOf = new Map(picks.map((p) => [p.id, p.pick]));
    return {
      prize_id: id,
      draw_id: draw.id,
      seed: draw.seed,
      rule: JSON.parse(draw.rule) as PrizeRule,
      entries: JSON.parse(draw.entries) as number[],
      entries_sha256: draw.entries_sha256,
      winners_wanted: draw.winners_wanted,
      drawn_at: iso(draw.drawn_at),
      drawn_by_name: draw.drawn_by_name,
      picks: picks.map((p) => ({
        pick: p.pick,
        position: p.position,
        donation_id: p.donation_seq,
        replaces_pick: p.replaces === null ? null : (pickOf.get(p.replaces) ?? null),
        reason: p.reason,
        at: iso(p.at),
        by_name: p.by_name,
      })),
      method: DRAW_METHOD,
    };
  }

  /** Re-runs the draw from what is stored and what the audit log recorded at the time. */
  verify(id: number): PrizeVerification | null {
    const result = verifyStoredDraw(this.db, { prizeId: id });
    return result && { matches: result.matches, problems: result.problems, recomputed: result.recomputed, stored: result.stored };
  }

  // ── Changing ─────────────────────────────────────────────────────────────────────────────

  create(input: PrizeInput, caller: Caller): PrizeView {
    const currency = this.campaignCurrency();
    if (!currency) throw new PrizeRefused(409, 'no_campaign', 'create the campaign before its prizes: the minimum is in its currency');
    const fields = this.checked(input, null, currency);
    const at = this.now();
    const id = Number(this.db.transaction(() => {
      const inserted = this.sql.insert.run({ ...fields, currency, now: at, by: caller.actor });
      const newId = Number(inserted.lastInsertRowid);
      this.audit.record(caller, { kind: 'prize', id: String(newId), label: fields.title }, 'prize_created', { to: describe(fields, currency) });
      return newId;
    })());
    this.onChanged();
    return this.get(id)!;
  }

  update(id: number, input: PrizeInput, caller: Caller): PrizeView {
    const row = this.existing(id);
    if (row.state === 'archived') throw new PrizeRefused(409, 'archived', 'this prize is archived: it cannot be changed');
    const drawn = row.state === 'drawn';
    if (drawn) {
      const locked = (['minimum', 'opens_at', 'closes_at', 'winners', 'entry_mode'] as const).filter((k) => input[k] !== undefined);
      if (locked.length > 0) {
        throw new PrizeRefused(409, 'already_drawn', `this prize was drawn: its ${locked.join(', ').replace('_', ' ')} can no longer change (the title and rules still can)`);
      }
    }
    const fields = this.checked(input, row, row.currency);
    const before = describe(fieldsOf(row), row.currency);
    this.db.transaction(() => {
      this.sql.update.run({ ...fields, id, now: this.now() });
      this.audit.record(caller, { kind: 'prize', id: String(id), label: fields.title }, 'prize_edited', { from: before, to: describe(fields, row.currency) });
    })();
    this.onChanged();
    return this.get(id)!;
  }

  archive(id: number, caller: Caller): PrizeView {
    const row = this.existing(id);
    if (row.state === 'archived') return this.view(row);
    this.db.transaction(() => {
      this.sql.setState.run('archived', this.now(), id);
      this.audit.record(caller, { kind: 'prize', id: String(id), label: row.title }, 'prize_archived', { from: row.state, to: 'archived' });
    })();
    this.onChanged();
    return this.get(id)!;
  }

  /**
   * Draws the winners once the window has closed: the eligible list is read and the draw stored
   * in one transaction. Fewer entries than places: everyone eligible wins, and `note` says so.
   */
  draw(id: number, caller: Caller, seed: string = newSeed()): { prize: PrizeView; note: string | null } {
    const row = this.existing(id);
    if (row.state === 'archived') throw new PrizeRefused(409, 'archived', 'this prize is archived: it cannot be drawn');
    if (row.state === 'drawn') throw new PrizeRefused(409, 'already_drawn', 'this prize was drawn already: a draw is never redone (redraw one place instead)');
    const at = this.now();
    if (at < row.closes_at) {
      throw new PrizeRefused(409, 'window_open', `entries are open until ${iso(row.closes_at)}: draw once the window has closed (or edit it to close now)`);
    }
    let note: string | null = null;
    this.db.transaction(() => {
      const { entries } = this.eligibility.eligible(ruleOf(row));
      if (entries.length === 0) throw new PrizeRefused(409, 'no_entries', 'no donation entered this prize: there is no one to draw');
      const wanted = Math.min(row.winners, entries.length);
      if (wanted < row.winners) {
        note = `Only ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} for ${row.winners} places: every entry won, no one is left for a redraw.`;
      }
      const sha = entriesDigest(entries);
      const rule: PrizeRule = {
        opens_at: iso(row.opens_at),
        closes_at: iso(row.closes_at),
        minimum: { value: formatMinor(row.min_minor, row.currency as CurrencyCode), currency: row.currency },
        entry_mode: row.entries,
        algorithm: PRIZE_DRAW_ALGORITHM,
      };
      const drawId = Number(this.sql.insertDraw.run({
        prize_id: id, seed, rule: JSON.stringify(rule), entries: JSON.stringify(entries), sha, wanted, at, by: caller.actor, by_name: caller.name,
      }).lastInsertRowid);
      const picks = seededPicks(seed, entries, wanted);
      picks.forEach((donation, pick) => {
        this.sql.insertPick.run({ draw_id: drawId, position: pick + 1, pick, donation, replaces: null, reason: null, at, by: caller.actor, by_name: caller.name });
      });
      this.sql.setState.run('drawn', at, id);
      this.audit.record(caller, { kind: 'prize', id: String(id), label: row.title }, 'drawn', {
        from: 'open',
        to: 'drawn',
        reason: `seed=${seed} entries=${entries.length} sha256=${sha} winners=${picks.join(',')}`,
      });
    })();
    this.onChanged();
    return { prize: this.get(id)!, note };
  }

  /**
   * A winner never answered: their place goes to the next pick of the same seeded shuffle. The
   * earlier winner stays on record, marked as replaced, with the reason.
   */
  redraw(id: number, position: number, reason: string, caller: Caller): PrizeView {
    const row = this.existing(id);
    const draw = this.sql.draw.get(id);
    if (!draw || row.state === 'open') throw new PrizeRefused(409, 'not_drawn', 'this prize has not been drawn yet');
    if (row.state === 'archived') throw new PrizeRefused(409, 'archived', 'this prize is archived: its winners stay as they are');
    const entries = JSON.parse(draw.entries) as number[];
    this.db.transaction(() => {
      const picks = this.sql.picks.all(draw.id);
      const current = [...picks].reverse().find((p) => p.position === position);
      if (!current) throw new PrizeRefused(422, 'no_place', `there is no place ${position}: this draw has ${draw.winners_wanted}`);
      if (picks.length >= entries.length) throw new PrizeRefused(409, 'no_one_left', 'every entry has been drawn: there is no one left for this place');
      const next = seededPicks(draw.seed, entries, picks.length + 1)[picks.length]!;
      const at = this.now();
      this.sql.insertPick.run({ draw_id: draw.id, position, pick: picks.length, donation: next, replaces: current.id, reason, at, by: caller.actor, by_name: caller.name });
      this.audit.record(caller, { kind: 'prize', id: String(id), label: row.title }, 'redrawn', {
        from: `place ${position}: donation ${current.donation_seq}`,
        to: `place ${position}: donation ${next} (pick ${picks.length})`,
        reason,
      });
    })();
    this.onChanged();
    return this.get(id)!;
  }

  /** The current winners with what the charity needs to reach them (the owner's export). */
  winnersForExport(id: number, caller: Caller): { prize: PrizeRow; rows: PickRow[] } {
    const row = this.existing(id);
    const draw = this.sql.draw.get(id);
    if (!draw) throw new PrizeRefused(409, 'not_drawn', 'this prize has not been drawn yet: there are no winners to export');
    const picks = this.sql.picks.all(draw.id);
    const replaced = new Set(picks.map((p) => p.replaces).filter((r): r is number => r !== null));
    const rows = picks.filter((p) => !replaced.has(p.id)).sort((a, b) => a.position - b.position);
    this.audit.record(caller, { kind: 'prize', id: String(id), label: row.title }, 'winners_exported', { to: `${rows.length} winners` });
    return { prize: row, rows };
  }

  /** Donations arrived, were screened or refunded: eligible counts may have moved (told once a second). */
  donationsMoved(): void {
    if (this.soon || this.stopped) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      if (!this.stopped) this.onChanged();
    }, 1_000);
    this.soon.unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.soon) clearTimeout(this.soon);
    this.soon = null;
  }

  private existing(id: number): PrizeRow {
    const row = Number.isSafeInteger(id) ? this.sql.one.get(id) : undefined;
    if (!row) throw new PrizeRefused(404, 'no_prize', 'there is no prize with that id');
    return row;
  }

  /** The fields after this input, checked: the domain's rules, in words. */
  private checked(input: PrizeInput, row: PrizeRow | null, currency: string) {
    const base = row ? fieldsOf(row) : null;
    const title = input.title ?? base?.title;
    if (!title) throw new PrizeRefused(422, 'bad_prize', 'give the prize a title');
    let minMinor = base?.min_minor;
    if (input.minimum !== undefined) {
      const given = input.minimum.currency ?? currency;
      if (given !== currency) throw new PrizeRefused(422, 'bad_prize', `the minimum is in the campaign's currency, ${currency}, not ${given}`);
      if (/^0*(\.0*)?$/.test(input.minimum.value.trim())) throw new PrizeRefused(422, 'bad_prize', 'the minimum donation must be more than zero');
      const parsed = parseAmount({ value: input.minimum.value, currency });
      if (!parsed.ok) throw new PrizeRefused(422, 'bad_prize', `the minimum donation: ${parsed.error.replace(/^amount\.value /, '')}`);
      minMinor = parsed.value.minor;
    }
    if (minMinor === undefined) throw new PrizeRefused(422, 'bad_prize', 'give the minimum donation that enters, such as "10.00"');
    const opensAt = input.opens_at !== undefined ? Date.parse(input.opens_at) : base?.opens_at;
    const closesAt = input.closes_at !== undefined ? Date.parse(input.closes_at) : base?.closes_at;
    if (opensAt === undefined || closesAt === undefined || !Number.isFinite(opensAt) || !Number.isFinite(closesAt)) {
      throw new PrizeRefused(422, 'bad_prize', 'give the window: when entries open (opens_at) and close (closes_at)');
    }
    if (closesAt <= opensAt) throw new PrizeRefused(422, 'bad_prize', 'the window must end after it starts (closes_at is before or at opens_at)');
    const winners = input.winners ?? base?.winners ?? 1;
    if (!Number.isSafeInteger(winners) || winners < 1 || winners > PRIZE_WINNERS_MAX) {
      throw new PrizeRefused(422, 'bad_prize', `the number of winners must be a whole number from 1 to ${PRIZE_WINNERS_MAX}`);
    }
    return {
      title,
      rules: input.rules ?? base?.rules ?? '',
      min_minor: minMinor,
      opens_at: opensAt,
      closes_at: closesAt,
      winners,
      entries: input.entry_mode ?? base?.entries ?? 'per_donation',
    };
  }
}

function fieldsOf(row: PrizeRow) {
  return { title: row.title, rules: row.rules, min_minor: row.min_minor, opens_at: row.opens_at, closes_at: row.closes_at, winners: row.winners, entries: row.entries };
}

function describe(fields: ReturnType<typeof fieldsOf>, currency: string): string {
  return `min ${formatMinor(fields.min_minor, currency as CurrencyCode)} ${currency}, ${iso(fields.opens_at)} to ${iso(fields.closes_at)}, ${fields.winners} winner(s), ${fields.entries}`;
}

function ruleOf(row: PrizeRow) {
  return { opensAt: row.opens_at, closesAt: row.closes_at, minMinor: row.min_minor, currency: row.currency, entryMode: row.entries };
}

/** Current winners per place, with the winners they replaced. */
function winnersOf(picks: PickRow[]): PrizeWinnerView[] {
  const byId = new Map(picks.map((p) => [p.id, p]));
  const replaced = new Set(picks.map((p) => p.replaces).filter((r): r is number => r !== null));
  return picks
    .filter((p) => !replaced.has(p.id))
    .sort((a, b) => a.position - b.position)
    .map((p) => {
      const chain: PickRow[] = [];
      for (let r = p.replaces; r !== null; r = byId.get(r)?.replaces ?? null) {
        const earlier = byId.get(r);
        if (!earlier) break;
        chain.unshift(earlier);
      }
      // The reason sits on the pick that replaced each earlier winner.
      const reasonFor = (earlier: PickRow) => picks.find((q) => q.replaces === earlier.id)?.reason ?? null;
      return {
        position: p.position,
        donation_id: p.donation_seq,
        donor_name: p.donor_name,
        anonymous: p.anonymous === 1,
        amount: p.minor === null ? null : { value: formatMinor(p.minor, p.campaign_currency as CurrencyCode), currency: p.campaign_currency },
        source_name: p.source_name ?? '',
        replaced: chain.map((e) => ({ donation_id: e.donation_seq, donor_name: e.donor_name, reason: reasonFor(e), at: iso(e.at) })),
        named_on_stream: p.anonymous !== 1 && SHOWN.has(p.screening) && (p.donor_name?.trim() ?? '') !== '',
      };
    });
}

/** The overlay's and viewers' form: a winner is named only if not anonymous and screened. */
export function publicPrize(prize: PrizeView): PublicPrizeView {
  return {
    id: prize.id,
    title: prize.title,
    rules: prize.rules,
    minimum: prize.minimum,
    opens_at: prize.opens_at,
    closes_at: prize.closes_at,
    winners: prize.winners,
    state: prize.state === 'drawn' ? 'drawn' : 'open',
    entries: prize.eligibility.entries,
    drawn_at: prize.draw?.drawn_at ?? null,
    winners_drawn: prize.winners_drawn.map((w) => ({ position: w.position, name: w.named_on_stream ? (w.donor_name?.trim() ?? null) : null })),
  };
}

export type { PickRow as PrizeWinnerRow, PrizeRow };
