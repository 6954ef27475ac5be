import type { Db } from '../store/database.js';
import { DONATION_NOW_SQL, type IncentiveTotals, PACE_MINUTES, partShares } from './totals.js';

const MINUTE = 60_000;

interface DonationNow {
  status: 'suggested' | 'accepted' | null;
  assignment_id: number | null;
  basis: number | null;
  now_minor: number | null;
  occurred_at: number;
}

interface ShareRow {
  incentive_id: number;
  option_id: number;
  minute: number;
  share_minor: number;
  waiting: number;
}

function statementsFor(db: Db) {
  return {
    dirty: db.prepare<[number], { seq: number }>('SELECT donation_seq AS seq FROM incentive_dirty LIMIT ?'),
    clean: db.prepare('DELETE FROM incentive_dirty WHERE donation_seq = ?'),
    donation: db.prepare<[number], DonationNow>(
      `SELECT a.status, a.id AS assignment_id, a.basis_minor AS basis, ${DONATION_NOW_SQL} AS now_minor, d.occurred_at
       FROM donations d LEFT JOIN donation_assignments a ON a.donation_seq = d.event_seq
         AND a.version = (SELECT MAX(version) FROM donation_assignments WHERE donation_seq = d.event_seq)
       WHERE d.event_seq = ?`,
    ),
    parts: db.prepare<[number], { incentive_id: number; option_id: number | null; amount_minor: number | null }>(
      'SELECT incentive_id, option_id, amount_minor FROM donation_assignment_parts WHERE assignment_id = ? ORDER BY id',
    ),
    oldShares: db.prepare<[number], ShareRow>('SELECT incentive_id, option_id, minute, share_minor, waiting FROM incentive_shares WHERE donation_seq = ?'),
    dropShares: db.prepare('DELETE FROM incentive_shares WHERE donation_seq = ?'),
    addShare: db.prepare(
      `INSERT INTO incentive_shares (donation_seq, incentive_id, option_id, minute, share_minor, waiting) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (donation_seq, incentive_id, option_id) DO UPDATE SET share_minor = share_minor + excluded.share_minor, waiting = MAX(waiting, excluded.waiting)`,
    ),
    moveTotal: db.prepare(
      `INSERT INTO incentive_totals (incentive_id, option_id, total_minor, waiting) VALUES (?, ?, ?, ?)
       ON CONFLICT (incentive_id, option_id) DO UPDATE SET total_minor = total_minor + excluded.total_minor, waiting = waiting + excluded.waiting`,
    ),
    moveMinute: db.prepare(
      `INSERT INTO incentive_minutes (incentive_id, minute, raised_minor) VALUES (?, ?, ?)
       ON CONFLICT (incentive_id, minute) DO UPDATE SET raised_minor = raised_minor + excluded.raised_minor`,
    ),
    totals: db.prepare<[], { incentive_id: number; option_id: number; total_minor: number; waiting: number }>(
      'SELECT incentive_id, option_id, total_minor, waiting FROM incentive_totals',
    ),
    pace: db.prepare<[number], { incentive_id: number; raised: number }>(
      'SELECT incentive_id, SUM(raised_minor) AS raised FROM incentive_minutes WHERE minute > ? GROUP BY incentive_id',
    ),
  };
}

const statements = new WeakMap<Db, ReturnType<typeof statementsFor>>();
const sqlOf = (db: Db) => {
  let sql = statements.get(db);
  if (!sql) statements.set(db, (sql = statementsFor(db)));
  return sql;
};

/** What a donation counts now for each incentive and option, from its current assignment. */
function currentShares(sql: ReturnType<typeof statementsFor>, seq: number): ShareRow[] {
  const donation = sql.donation.get(seq);
  if (!donation || donation.assignment_id === null) return [];
  const minute = Math.floor(donation.occurred_at / MINUTE);
  const parts = sql.parts.all(donation.assignment_id);
  if (donation.status === 'suggested') {
    return [...new Set(parts.map((p) => p.incentive_id))].map((id) => ({ incentive_id: id, option_id: 0, minute, share_minor: 0, waiting: 1 }));
  }
  const shares = partShares(donation.basis, donation.now_minor, parts.map((p) => p.amount_minor));
  return parts.map((p, k) => ({ incentive_id: p.incentive_id, option_id: p.option_id ?? 0, minute, share_minor: shares[k] ?? 0, waiting: 0 }));
}

/**
 * Takes a share in or out of the running sums: the incentive's, its option's, its minute's.
 * sign -1 takes back exactly what was added.
 */
function move(sql: ReturnType<typeof statementsFor>, share: ShareRow, sign: 1 | -1): void {
  const money = sign * share.share_minor;
  sql.moveTotal.run(share.incentive_id, 0, money, sign * share.waiting);
  if (share.option_id !== 0) sql.moveTotal.run(share.incentive_id, share.option_id, money, 0);
  if (money !== 0) sql.moveMinute.run(share.incentive_id, share.minute, money);
}

/**
 * Rewrites the shares of the donations marked dirty (by the triggers of migration 27) and moves
 * the running sums by the difference: the old shares are taken back, the new ones added. Runs
 * in the caller's transaction when there is one (an assignment's), else in its own.
 */
export function settleIncentiveShares(db: Db): number {
  const sql = sqlOf(db);
  let settled = 0;
  // Most reads find nothing to settle: no write transaction for them.
  if (sql.dirty.all(1).length === 0) return 0;
  db.transaction(() => {
    // Bounded batches: each pass clears what it read; a migration's backlog takes several.
    for (;;) {
      const dirty = sql.dirty.all(1_000);
      if (dirty.length === 0) break;
      for (const { seq } of dirty) {
        for (const old of sql.oldShares.all(seq)) move(sql, old, -1);
        sql.dropShares.run(seq);
        for (const share of currentShares(sql, seq)) {
          sql.addShare.run(seq, share.incentive_id, share.option_id, share.minute, share.share_minor, share.waiting);
          move(sql, share, 1);
        }
        sql.clean.run(seq);
        settled += 1;
      }
    }
  }).immediate();
  return settled;
}

/** Every incentive's and option's money, read from the running sums: O(incentives + options). */
export function assignmentTotals(db: Db, now: number): IncentiveTotals {
  const sql = sqlOf(db);
  settleIncentiveShares(db);
  const totals: IncentiveTotals = { byIncentive: new Map(), waiting: new Map() };
  const sumsOf = (id: number) => {
    let sums = totals.byIncentive.get(id);
    if (!sums) totals.byIncentive.set(id, (sums = { total: 0, byOption: new Map(), lastHour: 0 }));
    return sums;
  };
  for (const row of sql.totals.all()) {
    if (row.option_id === 0 && row.waiting > 0) totals.waiting.set(row.incentive_id, row.waiting);
    if (row.total_minor === 0) continue;
    if (row.option_id === 0) sumsOf(row.incentive_id).total = row.total_minor;
    else sumsOf(row.incentive_id).byOption.set(row.option_id, row.total_minor);
  }
  for (const row of sql.pace.all(Math.floor(now / MINUTE) - PACE_MINUTES)) {
    if (row.raised !== 0) sumsOf(row.incentive_id).lastHour = row.raised;
  }
  return totals;
}
