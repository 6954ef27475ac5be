import { shareOut } from '../../shared/incentives.js';
import type { Db } from '../store/database.js';

/**
 * A donation's amount in campaign currency as it counts now: its first amount, its applied
 * platform corrections and its refunds (NULL while no rate is known).
 */
export const DONATION_NOW_SQL = `d.campaign_minor
  + COALESCE((SELECT SUM(c.campaign_delta_minor) FROM donation_corrections c WHERE c.donation_seq = d.event_seq AND c.applied = 1), 0)
  + COALESCE((SELECT SUM(r.campaign_minor) FROM donations r WHERE r.refunds_seq = d.event_seq), 0)`;

interface PartRow {
  assignment_id: number;
  status: 'suggested' | 'accepted';
  basis: number | null;
  now_minor: number | null;
  occurred_at: number;
  incentive_id: number;
  option_id: number | null;
  amount_minor: number | null;
}

export interface IncentiveTotals {
  byIncentive: Map<number, { total: number; byOption: Map<number, number>; lastHour: number }>;
  /** Donations whose current assignment is a suggestion naming the incentive. */
  waiting: Map<number, number>;
}

const statements = new WeakMap<Db, { parts: { all(): unknown[] } }>();

/** Pace: the money of the donations of the last 60 minutes (the current one included). */
export const PACE_MINUTES = 60;

/**
 * The reference the running totals (running.ts) are checked against, and what they were before:
 * the money of every incentive and option, from each donation's current assignment (its
 * highest version): the parts as given while the donation's amount is the one they were given
 * for; after a refund or correction, the donation's new amount shared out in the same
 * proportions (the campaign's remainder included), exactly. Read in one statement: whatever
 * was committed, never half an assignment.
 */
export function recomputedTotals(db: Db, now: number): IncentiveTotals {
  let sql = statements.get(db);
  if (!sql) {
    sql = {
      parts: db.prepare<[], PartRow>(
        `WITH current AS (SELECT donation_seq, MAX(version) AS version FROM donation_assignments GROUP BY donation_seq)
         SELECT a.id AS assignment_id, a.status, a.basis_minor AS basis, ${DONATION_NOW_SQL} AS now_minor, d.occurred_at,
                p.incentive_id, p.option_id, p.amount_minor
         FROM current c
         JOIN donation_assignments a ON a.donation_seq = c.donation_seq AND a.version = c.version
         JOIN donations d ON d.event_seq = a.donation_seq
         JOIN donation_assignment_parts p ON p.assignment_id = a.id
         ORDER BY a.id, p.id`,
      ),
    };
    statements.set(db, sql);
  }
  const rows = sql.parts.all() as PartRow[];
  const totals: IncentiveTotals = { byIncentive: new Map(), waiting: new Map() };
  const paceFrom = Math.floor(now / 60_000) - PACE_MINUTES;
  let i = 0;
  while (i < rows.length) {
    const first = rows[i]!;
    const parts: PartRow[] = [];
    while (i < rows.length && rows[i]!.assignment_id === first.assignment_id) parts.push(rows[i++]!);
    if (first.status === 'suggested') {
      for (const id of new Set(parts.map((p) => p.incentive_id))) totals.waiting.set(id, (totals.waiting.get(id) ?? 0) + 1);
      continue;
    }
    const shares = partShares(first.basis, first.now_minor, parts.map((p) => p.amount_minor));
    parts.forEach((part, k) => {
      const share = shares[k] ?? 0;
      let sums = totals.byIncentive.get(part.incentive_id);
      if (!sums) totals.byIncentive.set(part.incentive_id, (sums = { total: 0, byOption: new Map(), lastHour: 0 }));
      sums.total += share;
      if (part.option_id !== null) sums.byOption.set(part.option_id, (sums.byOption.get(part.option_id) ?? 0) + share);
      if (Math.floor(first.occurred_at / 60_000) > paceFrom) sums.lastHour += share;
    });
  }
  return totals;
}

/**
 * What each part counts now. amounts: as given (null: the whole donation); basis: the
 * donation's amount they were given for; nowMinor: its amount now.
 */
export function partShares(basis: number | null, nowMinor: number | null, amounts: readonly (number | null)[]): number[] {
  const now = Math.max(0, nowMinor ?? 0);
  if (amounts.some((a) => a === null)) return amounts.map((a, k) => (a === null && k === 0 ? now : 0));
  const given = amounts as number[];
  if (basis === null) return given.map(() => 0);
  if (now === basis) return [...given];
  const toCampaign = Math.max(0, basis - given.reduce((a, b) => a + b, 0));
  return shareOut(now, [...given, toCampaign]).slice(0, given.length);
}
