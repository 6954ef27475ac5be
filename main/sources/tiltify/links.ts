import type { CurrencyCode } from '../../../shared/currencies.js';
import { type TiltifyItemView, matchKey } from '../../../shared/incentives.js';
import { type Amount, formatMinor } from '../../../shared/money.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import type { IncentiveDesk } from '../../incentives/desk.js';
import type { Caller } from '../../people/invites.js';
import type { AuditLog } from '../../screening/audit.js';
import type { Db } from '../../store/database.js';
import { type TiltifyItem, tiltifyChoice } from './payload.js';

type Kind = TiltifyItem['kind'];

interface ItemRow {
  source_id: string;
  kind: Kind;
  tiltify_id: string;
  parent_id: string | null;
  name: string;
  currency: string | null;
  goal_minor: number | null;
  raised_minor: number | null;
  active: number;
  incentive_id: number | null;
  option_id: number | null;
}


/** Donations re-read when a link is made: a campaign's worth, a bound not a limit. */
const REAPPLY_MAX = 20_000;
/** Items kept per source and kind from one poll. */
export const ITEMS_MAX = 1_000;

const money = (minor: number | null, currency: string | null): Amount | null =>
  minor === null || currency === null ? null : { value: formatMinor(minor, currency as CurrencyCode), currency: currency as CurrencyCode };

/**
 * A Tiltify campaign's polls (with options), targets and rewards as the poller last read them,
 * and the owner's links from them to our bid wars, options and incentives. A link re-applies
 * over the source's donations not yet assigned, in one transaction.
 */
export class TiltifyLinks {
  constructor(
    private readonly db: Db,
    private readonly desk: IncentiveDesk,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes what one poll read, keeping the links. */
  store(sourceId: string, items: TiltifyItem[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO tiltify_items (source_id, kind, tiltify_id, parent_id, name, currency, goal_minor, raised_minor, active, seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, kind, tiltify_id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
         currency = excluded.currency, goal_minor = excluded.goal_minor, raised_minor = excluded.raised_minor,
         active = excluded.active, seen_at = excluded.seen_at`,
    );
    const at = this.now();
    this.db.transaction(() => {
      for (const item of items.slice(0, ITEMS_MAX * 4)) {
        const currency = item.raised?.currency ?? item.goal?.currency ?? null;
        upsert.run(sourceId, item.kind, item.tiltify_id, item.parent_id, item.name, currency, item.goal?.minor ?? null, item.raised?.minor ?? null, item.active ? 1 : 0, at);
      }
    })();
  }

  list(sourceId: string): TiltifyItemView[] {
    return this.rows(sourceId).map((row) => ({
      kind: row.kind,
      tiltify_id: row.tiltify_id,
      parent_id: row.parent_id,
      name: row.name,
      goal: money(row.goal_minor, row.currency),
      tiltify_raised: money(row.raised_minor, row.currency),
      active: row.active === 1,
      incentive_id: row.incentive_id,
      option_id: row.option_id,
    }));
  }

  /** Tiltify's raised figure for each linked incentive ("i:<id>") and option ("o:<id>"). */
  reportedFor(): Map<string, Amount> {
    const found = new Map<string, Amount>();
    const rows = this.db
      .prepare<[], ItemRow>("SELECT * FROM tiltify_items WHERE incentive_id IS NOT NULL AND raised_minor IS NOT NULL AND kind IN ('poll_option', 'target') LIMIT 4000")
      .all();
    for (const row of rows) {
      const shown = money(row.raised_minor, row.currency);
      if (!shown) continue;
      found.set(row.option_id === null ? `i:${row.incentive_id}` : `o:${row.option_id}`, shown);
    }
    return found;
  }

  /**
   * Links a poll to a bid war (each poll option to the option given, else to the option of the
   * same name), or a target or reward to an incentive. `incentive_id` null unlinks.
   */
  link(
    sourceId: string,
    input: { kind: 'poll' | 'target' | 'reward'; tiltify_id: string; incentive_id: number | null; options?: Record<string, number | null> | undefined },
    caller: Caller,
  ): Result<{ items: TiltifyItemView[]; assigned: number }> {
    const row = this.row(sourceId, input.kind, input.tiltify_id);
    if (!row) return fail(`this Tiltify source has no ${input.kind} with id ${input.tiltify_id}: wait for the next poll, or check the campaign`);
    const incentive = input.incentive_id === null ? null : this.desk.incentives.get(input.incentive_id);
    if (input.incentive_id !== null && !incentive) return fail(`there is no incentive or bid war with id ${input.incentive_id}`);
    if (incentive && input.kind === 'poll' && incentive.kind !== 'bid_war') return fail(`“${incentive.name}” is an incentive with a goal: link a Tiltify poll to a bid war`);
    if (incentive && input.kind !== 'poll' && incentive.kind !== 'incentive') return fail(`“${incentive.name}” is a bid war: link a Tiltify ${input.kind} to an incentive with a goal, or its poll to the bid war`);
    const setLink = this.db.prepare('UPDATE tiltify_items SET incentive_id = ?, option_id = ? WHERE source_id = ? AND kind = ? AND tiltify_id = ?');
    const pollOptions = input.kind === 'poll' ? this.rows(sourceId).filter((r) => r.kind === 'poll_option' && r.parent_id === row.tiltify_id) : [];
    const ours = incentive ? this.desk.incentives.optionRows().filter((o) => o.incentive_id === incentive.id && o.state === 'approved') : [];
    const chosen = new Map<string, number | null>();
    for (const option of pollOptions) {
      const given = input.options?.[option.tiltify_id];
      if (given !== undefined && given !== null && !ours.some((o) => o.id === given)) {
        return fail(`the Tiltify option “${option.name}”: “${incentive?.name ?? '?'}” has no approved option with id ${given}`);
      }
      chosen.set(option.tiltify_id, given !== undefined ? given : ours.find((o) => matchKey(o.name) === matchKey(option.name))?.id ?? null);
    }
    const what = incentive ? `${incentive.name}${pollOptions.length ? ` (${pollOptions.map((o) => `${o.name} → ${ours.find((x) => x.id === chosen.get(o.tiltify_id))?.name ?? 'not linked'}`).join(', ')})` : ''}` : 'nothing';
    let assigned = 0;
    this.db.transaction(() => {
      setLink.run(incentive?.id ?? null, null, sourceId, input.kind, input.tiltify_id);
      for (const option of pollOptions) {
        const optionId = chosen.get(option.tiltify_id) ?? null;
        setLink.run(incentive && optionId !== null ? incentive.id : null, incentive ? optionId : null, sourceId, 'poll_option', option.tiltify_id);
      }
      this.audit.record(caller, { kind: 'incentive', id: String(incentive?.id ?? row.incentive_id ?? 0), label: `Tiltify ${input.kind} “${row.name}”` }, 'tiltify_linked', {
        from: row.incentive_id === null ? 'not linked' : String(this.desk.incentives.get(row.incentive_id)?.name ?? row.incentive_id),
        to: what,
      });
      assigned = this.reapply(sourceId);
    }).immediate();
    return ok({ items: this.list(sourceId), assigned });
  }

  /** Makes our bid war from a Tiltify poll (its options by name), or our incentive from a target or reward (its amount the goal), and links it. */
  createFrom(sourceId: string, kind: 'poll' | 'target' | 'reward', tiltifyId: string, caller: Caller): Result<{ incentive_id: number; assigned: number }> {
    const row = this.row(sourceId, kind, tiltifyId);
    if (!row) return fail(`this Tiltify source has no ${kind} with id ${tiltifyId}: wait for the next poll, or check the campaign`);
    const options = kind === 'poll' ? this.rows(sourceId).filter((r) => r.kind === 'poll_option' && r.parent_id === tiltifyId).map((r) => r.name.slice(0, 80)) : undefined;
    const goal = kind === 'poll' ? undefined : money(row.goal_minor, row.currency);
    const created = this.desk.incentives.create(
      {
        kind: kind === 'poll' ? 'bid_war' : 'incentive',
        name: row.name.slice(0, 120),
        ...(options ? { options } : {}),
        ...(goal ? { goal: goal.value } : {}),
        external: { platform: 'tiltify', id: tiltifyId },
      },
      caller,
    );
    if (!created.ok) return created;
    const linked = this.link(sourceId, { kind, tiltify_id: tiltifyId, incentive_id: created.value.id }, caller);
    if (!linked.ok) return linked;
    return ok({ incentive_id: created.value.id, assigned: linked.value.assigned });
  }

  /** The source's donations with no assignment yet whose Tiltify pick is now linked. */
  private reapply(sourceId: string): number {
    const rows = this.db
      .prepare<[string, number], { seq: number; payload: string | null }>(
        `SELECT d.event_seq AS seq, e.payload FROM donations d JOIN events e ON e.seq = d.event_seq
         WHERE d.source_id = ? AND d.type = 'donation' AND NOT EXISTS (SELECT 1 FROM donation_assignments a WHERE a.donation_seq = d.event_seq)
         ORDER BY d.event_seq LIMIT ?`,
      )
      .all(sourceId, REAPPLY_MAX);
    const has = this.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM donation_assignments WHERE donation_seq = ?');
    let assigned = 0;
    for (const row of rows) {
      let payload: unknown;
      try {
        payload = JSON.parse(row.payload ?? 'null');
      } catch {
        continue;
      }
      if (typeof payload !== 'object' || payload === null) continue;
      const picked = tiltifyChoice(payload as Record<string, unknown>);
      if (!picked.poll_option_id && !picked.target_id && !picked.reward_id) continue;
      this.desk.assignments.suggest(row.seq, null, { tiltify: picked });
      if ((has.get(row.seq)?.n ?? 0) > 0) assigned += 1;
    }
    return assigned;
  }

  private row(sourceId: string, kind: Kind, tiltifyId: string): ItemRow | undefined {
    return this.db.prepare<[string, string, string], ItemRow>('SELECT * FROM tiltify_items WHERE source_id = ? AND kind = ? AND tiltify_id = ?').get(sourceId, kind, tiltifyId);
  }

  private rows(sourceId: string): ItemRow[] {
    return this.db.prepare<[string, number], ItemRow>('SELECT * FROM tiltify_items WHERE source_id = ? ORDER BY kind, parent_id, name LIMIT ?').all(sourceId, ITEMS_MAX * 4);
  }
}
