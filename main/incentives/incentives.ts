import { type CurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import {
  type ClosedReason,
  type IncentiveAlert,
  type IncentiveKind,
  type IncentiveState,
  type IncentiveView,
  type OptionState,
  type PublicIncentiveView,
  lookalikeKey,
  matchKey,
} from '../../shared/incentives.js';
import { formatMinor, parseDecimalMinor } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import type { Caller } from '../people/invites.js';
import type { AuditLog } from '../screening/audit.js';
import type { Db } from '../store/database.js';
import { assignmentTotals } from './running.js';
import type { IncentiveTotals } from './totals.js';

export interface IncentiveRow {
  id: number;
  kind: IncentiveKind;
  name: string;
  tag: string;
  description: string;
  goal_minor: number | null;
  currency: string;
  segment_id: number | null;
  deadline: number | null;
  allow_suggestions: number;
  state: IncentiveState;
  closed_at: number | null;
  closed_reason: ClosedReason | null;
  met_at: number | null;
  external_platform: string | null;
  external_id: string | null;
}

export interface OptionRow {
  id: number;
  incentive_id: number;
  name: string;
  name_key: string;
  state: OptionState;
  suggested_by_seq: number | null;
}

export interface IncentiveInput {
  kind: IncentiveKind;
  name: string;
  tag?: string | undefined;
  description?: string | undefined;
  /** A decimal string in the campaign currency; incentives only. */
  goal?: string | null | undefined;
  segment_id?: number | null | undefined;
  deadline?: string | null | undefined;
  allow_suggestions?: boolean | undefined;
  options?: string[] | undefined;
  external?: { platform: string; id: string } | null | undefined;
}

export type IncentiveEdit = Partial<Omit<IncentiveInput, 'kind' | 'options'>>;

/**
 * The campaign's screening rules for a donor's words (Screening.momentRule): the word list
 * refuses, screening off approves at once, otherwise a moderator decides.
 */
export type SuggestionRule = (text: string) => { screening: 'none' | 'pending' | 'approved' | 'denied'; reason: string | null };

/** Who decides a donor's option when the campaign's screening rules do (word list, screening off). */
export const SCREENING_CALLER: Caller = { role: 'owner', actor: 'screening', name: 'Screening rules' };

/** Who closes an incentive when its deadline passes or its segment ends. */
export const SCHEDULE_CALLER: Caller = { role: 'owner', actor: 'schedule', name: 'Schedule' };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const label = (row: { name: string; kind: IncentiveKind }) => `${row.kind === 'bid_war' ? 'Bid war' : 'Incentive'}: ${row.name}`;

export class IncentiveRefused extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'IncentiveRefused';
  }
}

/**
 * Incentives and bid wars: what the owner plans, the options donors and moderators add, and
 * their totals from the donations assigned to them (main/incentives/assignments.ts). A closed
 * incentive takes no more money; its deadline passing or its segment ending closes it.
 */
export class Incentives {
  private readonly sql;
  /** Until the core says otherwise, a donor's option waits for a moderator. */
  private suggestionRule: SuggestionRule = () => ({ screening: 'pending', reason: null });
  private screeningIsOff: () => boolean = () => false;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: { changed(): void; alert(alert: IncentiveAlert): void },
    private readonly now: () => number = Date.now,
  ) {
    const columns = `id, kind, name, tag, description, goal_minor, currency, segment_id, deadline, allow_suggestions, state, closed_at, closed_reason, met_at, external_platform, external_id`;
    this.sql = {
      all: db.prepare<[], IncentiveRow>(`SELECT ${columns} FROM incentives ORDER BY id`),
      get: db.prepare<[number], IncentiveRow>(`SELECT ${columns} FROM incentives WHERE id = ?`),
      options: db.prepare<[], OptionRow>('SELECT id, incentive_id, name, name_key, state, suggested_by_seq FROM incentive_options ORDER BY id'),
      optionsOf: db.prepare<[number], OptionRow>('SELECT id, incentive_id, name, name_key, state, suggested_by_seq FROM incentive_options WHERE incentive_id = ? ORDER BY id'),
      option: db.prepare<[number], OptionRow>('SELECT id, incentive_id, name, name_key, state, suggested_by_seq FROM incentive_options WHERE id = ?'),
      campaignCurrency: db.prepare<[], { currency: string }>('SELECT currency FROM campaign WHERE id = 1'),
      segment: db.prepare<[number], { id: number }>('SELECT id FROM schedule_segments WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO incentives (kind, name, tag, description, goal_minor, currency, segment_id, deadline, allow_suggestions, external_platform, external_id, created_at, updated_at)
         VALUES (@kind, @name, @tag, @description, @goal, @currency, @segment, @deadline, @allow, @platform, @external, @at, @at)`,
      ),
      update: db.prepare(
        `UPDATE incentives SET name = @name, tag = @tag, description = @description, goal_minor = @goal, segment_id = @segment, deadline = @deadline,
           allow_suggestions = @allow, external_platform = @platform, external_id = @external, updated_at = @at WHERE id = @id`,
      ),
      setState: db.prepare('UPDATE incentives SET state = ?, closed_at = COALESCE(closed_at, ?), closed_reason = COALESCE(closed_reason, ?), updated_at = ? WHERE id = ?'),
      met: db.prepare('UPDATE incentives SET met_at = ?, updated_at = ? WHERE id = ? AND met_at IS NULL'),
      insertOption: db.prepare(
        `INSERT INTO incentive_options (incentive_id, name, name_key, state, suggested_by_seq, decided_by, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      decideOption: db.prepare('UPDATE incentive_options SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?'),
      renameOption: db.prepare('UPDATE incentive_options SET name = ?, name_key = ? WHERE id = ?'),
      due: db.prepare<[number], IncentiveRow>(`SELECT ${columns} FROM incentives WHERE state = 'open' AND deadline IS NOT NULL AND deadline <= ?`),
      endedWith: db.prepare<[number], IncentiveRow>(
        `SELECT ${columns.split(', ').map((c) => `i.${c}`).join(', ')} FROM incentives i JOIN schedule_segments s ON s.id = i.segment_id
         WHERE i.state = 'open' AND i.deadline IS NULL AND s.planned_start < (SELECT planned_start FROM schedule_segments WHERE id = ?)`,
      ),
    };
  }

  get(id: number): IncentiveRow | undefined {
    return this.sql.get.get(id);
  }

  /** Donors' options follow the campaign's screening mode and word list. */
  followScreening(rule: SuggestionRule, off: () => boolean): void {
    this.suggestionRule = rule;
    this.screeningIsOff = off;
  }

  /** Whether donors' choices count without a moderator (screening is off). */
  screeningOff(): boolean {
    return this.screeningIsOff();
  }

  option(id: number): OptionRow | undefined {
    return this.sql.option.get(id);
  }

  rows(): IncentiveRow[] {
    return this.sql.all.all();
  }

  optionRows(): OptionRow[] {
    return this.sql.options.all();
  }

  create(input: IncentiveInput, caller: Caller): Result<IncentiveView> {
    const currency = this.sql.campaignCurrency.get()?.currency;
    if (!currency) return fail('create the campaign first: incentives count money in its currency');
    const fields = this.fields(input, currency, null);
    if (!fields.ok) return fields;
    const optionNames = input.kind === 'bid_war' ? (input.options ?? []) : [];
    if (input.kind === 'incentive' && (input.options ?? []).length > 0) return fail('an incentive has a goal, not options: make it a bid war to race options');
    const keys = new Set<string>();
    for (const name of optionNames) {
      const key = lookalikeKey(name);
      if (key === '') return fail(`the option “${name}” has no letter or digit to tell it by`);
      if (keys.has(key)) return fail(`the option “${name}” repeats another option of the list (same letters, or look-alike ones)`);
      keys.add(key);
    }
    const at = this.now();
    const id = this.db.transaction(() => {
      const created = Number(this.sql.insert.run({ ...fields.value, kind: input.kind, currency, at }).lastInsertRowid);
      for (const name of optionNames) this.sql.insertOption.run(created, name, lookalikeKey(name), 'approved', null, caller.actor, at, at);
      this.audit.record(caller, { kind: 'incentive', id: String(created), label: label({ name: input.name, kind: input.kind }) }, 'incentive_created', {
        to: input.kind === 'incentive' ? `goal ${formatMinor(fields.value.goal ?? 0, currency as CurrencyCode)} ${currency}` : `options: ${optionNames.join(', ') || 'none yet'}`,
      });
      return created;
    })();
    this.events.changed();
    return ok(this.view(id));
  }

  update(id: number, edit: IncentiveEdit, caller: Caller): Result<IncentiveView> | null {
    const row = this.get(id);
    if (!row) return null;
    if (row.state === 'archived') return fail(`“${row.name}” is archived: it cannot be changed`);
    const fields = this.fields(
      {
        kind: row.kind,
        name: edit.name ?? row.name,
        tag: edit.tag ?? (edit.name !== undefined && row.tag === matchKey(row.name) ? undefined : row.tag),
        description: edit.description ?? row.description,
        goal: edit.goal !== undefined ? edit.goal : row.goal_minor === null ? null : formatMinor(row.goal_minor, row.currency as CurrencyCode),
        segment_id: edit.segment_id !== undefined ? edit.segment_id : row.segment_id,
        deadline: edit.deadline !== undefined ? edit.deadline : iso(row.deadline),
        allow_suggestions: edit.allow_suggestions ?? row.allow_suggestions === 1,
        external: edit.external !== undefined ? edit.external : row.external_platform && row.external_id ? { platform: row.external_platform, id: row.external_id } : null,
      },
      row.currency,
      id,
    );
    if (!fields.ok) return fields;
    this.db.transaction(() => {
      this.sql.update.run({ ...fields.value, id, at: this.now() });
      const changed = Object.keys(edit).join(', ');
      this.audit.record(caller, { kind: 'incentive', id: String(id), label: label(row) }, 'incentive_changed', { reason: changed ? `changed: ${changed}` : null });
    })();
    this.events.changed();
    return ok(this.view(id));
  }

  /** Closes it: no more money. A bid war's closing announces its winner (or its tie). */
  close(id: number, caller: Caller, reason: ClosedReason = 'owner'): Result<IncentiveView> | null {
    const row = this.get(id);
    if (!row) return null;
    if (row.state !== 'open') return fail(`“${row.name}” is ${row.state} already`);
    const at = this.now();
    this.db.transaction(() => {
      this.sql.setState.run('closed', at, reason, at, id);
      const why = reason === 'deadline' ? 'its deadline passed' : reason === 'segment' ? 'its segment ended' : null;
      this.audit.record(caller, { kind: 'incentive', id: String(id), label: label(row) }, 'incentive_closed', { from: 'open', to: 'closed', reason: why });
    })();
    if (row.kind === 'bid_war') {
      const view = this.view(id);
      const winners = view.options.filter((o) => view.leaders.includes(o.id)).map((o) => ({ name: o.name, total: o.total }));
      this.events.alert({ kind: 'closed', id, name: row.name, winners });
    }
    this.events.changed();
    return ok(this.view(id));
  }

  /** Off the dashboard's list and the overlay; its money stays counted where it was assigned. */
  archive(id: number, caller: Caller): IncentiveView | null {
    const row = this.get(id);
    if (!row) return null;
    if (row.state === 'archived') return this.view(id);
    const at = this.now();
    this.db.transaction(() => {
      this.sql.setState.run('archived', at, 'owner', at, id);
      this.audit.record(caller, { kind: 'incentive', id: String(id), label: label(row) }, 'incentive_archived', { from: row.state, to: 'archived' });
    })();
    this.events.changed();
    return this.view(id);
  }

  /**
   * Adds an option to a bid war: the owner's is approved at once; a donor's (suggestedBy: the
   * donation) waits for a moderator. A name that repeats one under other case or look-alike
   * letters is refused.
   */
  addOption(incentiveId: number, name: string, caller: Caller, suggestedBy: number | null = null): Result<{ id: number; state: OptionState }> {
    const row = this.get(incentiveId);
    if (!row) return fail('there is no bid war with that id');
    if (row.kind !== 'bid_war') return fail(`“${row.name}” is an incentive with a goal: only bid wars have options`);
    if (row.state !== 'open') return fail(`“${row.name}” is ${row.state}: it takes no new options`);
    if (suggestedBy !== null && row.allow_suggestions !== 1) return fail(`“${row.name}” does not take donors' suggestions`);
    const key = lookalikeKey(name);
    if (key === '') return fail(`the option “${name}” has no letter or digit to tell it by`);
    const same = this.sql.optionsOf.all(incentiveId).find((o) => o.state !== 'refused' && o.name_key === key);
    if (same) return fail(`“${name}” repeats the option “${same.name}” (same letters under other case, spacing or look-alike letters)`);
    // A donor's option: the campaign's screening rules decide it when they can (word list: refused;
    // screening off: approved at once), otherwise it waits for a moderator.
    const rule = suggestedBy === null ? null : this.suggestionRule(name);
    const state: OptionState = rule === null || rule.screening === 'approved' ? 'approved' : rule.screening === 'denied' ? 'refused' : 'pending';
    const decider = suggestedBy === null ? caller.actor : SCREENING_CALLER.actor;
    const at = this.now();
    const id = this.db.transaction(() => {
      const created = Number(this.sql.insertOption.run(incentiveId, name, key, state, suggestedBy, state === 'pending' ? null : decider, state === 'pending' ? null : at, at).lastInsertRowid);
      this.audit.record(caller, { kind: 'incentive', id: String(incentiveId), label: label(row) }, suggestedBy === null ? 'option_added' : 'option_suggested', {
        to: name,
        reason: suggestedBy === null ? null : `suggested with donation ${suggestedBy}`,
      });
      if (rule && state !== 'pending') {
        this.audit.record(SCREENING_CALLER, { kind: 'incentive', id: String(incentiveId), label: label(row) }, state === 'approved' ? 'option_approved' : 'option_refused', {
          from: 'pending',
          to: `${state}: ${name}`,
          reason: rule.reason,
        });
      }
      return created;
    })();
    this.events.changed();
    return ok({ id, state });
  }

  /** A moderator approves or refuses a donor's suggested option. */
  decideOption(optionId: number, decision: 'approved' | 'refused', caller: Caller, reason: string | null = null): Result<IncentiveView> | null {
    const option = this.option(optionId);
    if (!option) return null;
    const row = this.get(option.incentive_id);
    if (!row) return null;
    if (option.state !== 'pending') return fail(`“${option.name}” was ${option.state} already`);
    this.db.transaction(() => {
      this.sql.decideOption.run(decision, caller.actor, this.now(), optionId);
      this.audit.record(caller, { kind: 'incentive', id: String(row.id), label: label(row) }, decision === 'approved' ? 'option_approved' : 'option_refused', {
        from: 'pending',
        to: `${decision}: ${option.name}`,
        reason,
      });
    })();
    this.events.changed();
    return ok(this.view(row.id));
  }

  /**
   * The owner renames a bid war's option (a typo, a donor's spelling): the money given to it
   * stays with it (assignments name the option by id). A name that repeats another option's
   * under other case or look-alike letters is refused; a refused option keeps its name.
   */
  renameOption(optionId: number, name: string, caller: Caller): Result<IncentiveView> | null {
    const option = this.option(optionId);
    const row = option && this.get(option.incentive_id);
    if (!option || !row) return null;
    if (row.state === 'archived') return fail(`“${row.name}” is archived: its options cannot be changed`);
    if (option.state === 'refused') return fail(`“${option.name}” was refused: there is nothing to rename`);
    const key = lookalikeKey(name);
    if (key === '') return fail(`the option “${name}” has no letter or digit to tell it by`);
    if (name === option.name) return ok(this.view(row.id));
    const same = this.sql.optionsOf.all(row.id).find((o) => o.id !== optionId && o.state !== 'refused' && o.name_key === key);
    if (same) return fail(`“${name}” repeats the option “${same.name}” (same letters under other case, spacing or look-alike letters)`);
    this.db.transaction(() => {
      this.sql.renameOption.run(name, key, optionId);
      this.audit.record(caller, { kind: 'incentive', id: String(row.id), label: label(row) }, 'option_renamed', { from: option.name, to: name });
    })();
    this.events.changed();
    return ok(this.view(row.id));
  }

  /** Closes the open incentives whose deadline has passed (called every second). */
  closeDue(): number {
    const due = this.sql.due.all(this.now());
    for (const row of due) this.close(row.id, SCHEDULE_CALLER, 'deadline');
    return due.length;
  }

  /** A segment started: the incentives of the segments before it (without a deadline of their own) close. */
  segmentStarted(segmentId: number): void {
    for (const row of this.sql.endedWith.all(segmentId)) this.close(row.id, SCHEDULE_CALLER, 'segment');
  }

  /** Incentives that reached their goal since last asked: marked met (once) and announced. */
  checkMet(totals: IncentiveTotals = assignmentTotals(this.db, this.now())): boolean {
    let met = false;
    for (const row of this.rows()) {
      if (row.kind !== 'incentive' || row.met_at !== null || row.goal_minor === null || row.state === 'archived') continue;
      const total = totals.byIncentive.get(row.id)?.total ?? 0;
      if (total < row.goal_minor) continue;
      if (this.sql.met.run(this.now(), this.now(), row.id).changes === 0) continue;
      met = true;
      const currency = row.currency as CurrencyCode;
      this.events.alert({ kind: 'met', id: row.id, name: row.name, goal: amount(row.goal_minor, currency), total: amount(total, currency) });
    }
    return met;
  }

  view(id: number): IncentiveView {
    const found = this.list(true).find((v) => v.id === id);
    if (!found) throw new Error(`incentive ${id} vanished`);
    return found;
  }

  /** Every incentive with its totals (archived ones only when asked), newest plans last. */
  list(withArchived = false, totals: IncentiveTotals = assignmentTotals(this.db, this.now())): IncentiveView[] {
    const options = this.optionRows();
    return this.rows()
      .filter((row) => withArchived || row.state !== 'archived')
      .map((row) => {
        const currency = row.currency as CurrencyCode;
        const sums = totals.byIncentive.get(row.id);
        const own = options
          .filter((o) => o.incentive_id === row.id)
          .map((o) => ({ id: o.id, name: o.name, state: o.state, total: amount(sums?.byOption.get(o.id) ?? 0, currency), minor: sums?.byOption.get(o.id) ?? 0, suggested_by: o.suggested_by_seq }));
        const approved = own.filter((o) => o.state === 'approved');
        const best = approved.reduce((max, o) => Math.max(max, o.minor), 0);
        const order = (o: { state: OptionState; minor: number; id: number }) => (o.state === 'approved' ? 0 : o.state === 'pending' ? 1 : 2);
        own.sort((a, b) => order(a) - order(b) || b.minor - a.minor || a.id - b.id);
        return {
          id: row.id,
          kind: row.kind,
          name: row.name,
          tag: row.tag,
          description: row.description,
          goal: row.goal_minor === null ? null : amount(row.goal_minor, currency),
          total: amount(sums?.total ?? 0, currency),
          pace_per_hour: amount(sums?.lastHour ?? 0, currency),
          segment_id: row.segment_id,
          deadline: iso(row.deadline),
          allow_suggestions: row.allow_suggestions === 1,
          state: row.state,
          closed_at: iso(row.closed_at),
          closed_reason: row.closed_reason,
          met_at: iso(row.met_at),
          options: own.map(({ minor: _minor, ...o }) => o),
          leaders: best > 0 ? approved.filter((o) => o.minor === best).map((o) => o.id) : [],
          suggested_waiting: totals.waiting.get(row.id) ?? 0,
          external: row.external_platform && row.external_id ? { platform: row.external_platform, id: row.external_id } : null,
        };
      });
  }

  /** The checked columns of an incentive (create and edit). */
  private fields(input: IncentiveInput, currency: string, self: number | null) {
    const tag = matchKey(input.tag ?? input.name);
    if (tag === '') {
      return fail<never>(input.tag === undefined
        ? `“${input.name}” gives no word donors could write: add a tag of letters or digits (such as "blindfold")`
        : `the tag “${input.tag}” must be letters or digits in one script (such as "blindfold")`);
    }
    let goal: number | null = null;
    if (input.kind === 'incentive') {
      if (input.goal === undefined || input.goal === null) return fail<never>(`an incentive needs a goal in ${currency}`);
      const parsed = parseDecimalMinor(input.goal, minorUnitExponent(currency as CurrencyCode));
      if (!parsed.ok) return fail<never>(`the goal: ${parsed.error}`);
      if (parsed.value <= 0) return fail<never>('the goal must be more than zero');
      goal = parsed.value;
    } else if (input.goal !== undefined && input.goal !== null) {
      return fail<never>('a bid war has no goal: its options race each other');
    }
    if (input.segment_id !== undefined && input.segment_id !== null && !this.sql.segment.get(input.segment_id)) {
      return fail<never>(`there is no schedule segment with id ${input.segment_id}`);
    }
    const deadline = input.deadline ? Date.parse(input.deadline) : null;
    const nameKey = lookalikeKey(input.name);
    for (const other of this.rows()) {
      if (other.id === self || other.state === 'archived') continue;
      if (lookalikeKey(other.name) === nameKey) return fail<never>(`“${input.name}” repeats “${other.name}” (same letters under other case or look-alike letters)`);
      if (other.tag === tag) return fail<never>(`the tag “${tag}” is “${other.name}”'s already: donors could not tell them apart`);
    }
    return ok({
      name: input.name,
      tag,
      description: input.description ?? '',
      goal,
      segment: input.segment_id ?? null,
      deadline,
      allow: input.allow_suggestions ? 1 : 0,
      platform: input.external?.platform ?? null,
      external: input.external?.id ?? null,
    });
  }
}

export const amount = (minor: number, currency: CurrencyCode) => ({ value: formatMinor(minor, currency), currency });

/** What viewers and the overlay may see of an incentive (null for archived ones). */
export function publicIncentive(view: IncentiveView): PublicIncentiveView | null {
  if (view.state === 'archived') return null;
  return {
    id: view.id,
    kind: view.kind,
    name: view.name,
    tag: view.tag,
    description: view.description,
    goal: view.goal,
    total: view.total,
    segment_id: view.segment_id,
    deadline: view.deadline,
    state: view.state,
    met_at: view.met_at,
    options: view.options.filter((o) => o.state === 'approved').map((o) => ({ id: o.id, name: o.name, total: o.total })),
    leaders: view.leaders,
  };
}
