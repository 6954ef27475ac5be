import type { PrizeVerification } from '../../shared/prizes.js';
import type { Db } from '../store/database.js';
import { verifyDraw } from './draw.js';

interface StoredRow {
  id: number;
  prize_id: number;
  seed: string;
  entries: string;
  entries_sha256: string;
}

/**
 * Re-runs a stored draw (by its prize or its own id) from the seed and entries in the database,
 * checked against what the audit log recorded when it was made. Reads only: the app's own route
 * and the command-line check (verify-cli.ts) run the same code. Null when there is no such draw.
 */
export function verifyStoredDraw(db: Db, which: { prizeId: number } | { drawId: number }): (PrizeVerification & { prize_id: number; draw_id: number; seed: string; entries: number }) | null {
  const draw = 'prizeId' in which
    ? db.prepare<[number], StoredRow>('SELECT id, prize_id, seed, entries, entries_sha256 FROM prize_draws WHERE prize_id = ?').get(which.prizeId)
    : db.prepare<[number], StoredRow>('SELECT id, prize_id, seed, entries, entries_sha256 FROM prize_draws WHERE id = ?').get(which.drawId);
  if (!draw) return null;
  const picks = db.prepare<[number], { donation_seq: number }>('SELECT donation_seq FROM prize_winners WHERE draw_id = ? ORDER BY pick').all(draw.id);
  const reason = db
    .prepare<[string], { reason: string | null }>(`SELECT reason FROM audit_log WHERE subject_kind = 'prize' AND subject_id = ? AND action = 'drawn' ORDER BY id LIMIT 1`)
    .get(String(draw.prize_id))?.reason ?? null;
  const entries = readEntries(draw.entries);
  const result = verifyDraw({
    seed: draw.seed,
    entries: entries ?? [],
    entriesSha256: draw.entries_sha256,
    picks: picks.map((p) => p.donation_seq),
    audited: readAudited(reason),
  });
  if (entries === null) {
    result.problems.unshift('the stored entries are not a list of donation ids');
    result.matches = false;
  }
  return { ...result, prize_id: draw.prize_id, draw_id: draw.id, seed: draw.seed, entries: entries?.length ?? 0 };
}

function readEntries(text: string): number[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((n) => Number.isSafeInteger(n)) ? (parsed as number[]) : null;
  } catch {
    return null;
  }
}

/** The seed and entries the audit log recorded when the draw was made ("seed=… entries=… sha256=…"). */
function readAudited(reason: string | null): { seed: string; entriesSha256: string; entries: number } | null {
  const match = reason ? /^seed=([0-9a-f]+) entries=(\d+) sha256=([0-9a-f]+)/.exec(reason) : null;
  if (!match) return null;
  return { seed: match[1] ?? '', entries: Number(match[2]), entriesSha256: match[3] ?? '' };
}
