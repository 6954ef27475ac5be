/**
 * The seeded pick, written so that anyone can re-run it from the audit with a few lines of any
 * language that has HMAC-SHA256:
 *
 * 1. The seed is 32 random bytes (shown as 64 hex digits). The entries are donation ids, sorted
 *    ascending.
 * 2. The random stream: block c (c = 0, 1, 2, ...) is HMAC-SHA256(key = seed bytes, message = c as
 *    an 8-byte unsigned big-endian integer); each number taken from the stream is the first 6
 *    bytes of the next block, read as an unsigned big-endian 48-bit integer x.
 * 3. A uniform number below n: take x; if x >= floor(2^48 / n) * n, throw it away and take the
 *    next (rejection sampling: no residue is likelier than another); else the answer is x mod n.
 * 4. Fisher–Yates, forward: for pick k = 0, 1, 2, ...: j = k + uniform(n − k); swap entries k and
 *    j; entry k is pick k. The first picks are the winners in order; a redraw (a winner who never
 *    answered) is simply the next pick, so redraws are as fixed by the seed as the winners.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { PrizeVerification } from '../../shared/prizes.js';

const RANGE = 2 ** 48;
const SEED_HEX = /^[0-9a-f]{64}$/;

/** 32 random bytes from the operating system, as 64 hex digits. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

export function isSeed(seed: string): boolean {
  return SEED_HEX.test(seed);
}

/** The SHA-256 of an entry list as the audit writes it: the ids joined by "," (hex). */
export function entriesDigest(entries: readonly number[]): string {
  return createHash('sha256').update(entries.join(',')).digest('hex');
}

/** The random stream of a seed: 48-bit numbers, one HMAC block each. */
export class SeedStream {
  private readonly key: Buffer;
  private counter = 0n;

  constructor(seed: string) {
    if (!isSeed(seed)) throw new Error('a seed is 64 lowercase hex digits');
    this.key = Buffer.from(seed, 'hex');
  }

  /** Blocks used so far. */
  get used(): number {
    return Number(this.counter);
  }

  next48(): number {
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(this.counter);
    this.counter += 1n;
    return createHmac('sha256', this.key).update(message).digest().readUIntBE(0, 6);
  }

  /** A uniform whole number in [0, n), without modulo bias. */
  below(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > RANGE) throw new Error(`cannot pick below ${n}`);
    const limit = Math.floor(RANGE / n) * n;
    for (;;) {
      const x = this.next48();
      if (x < limit) return x % n;
    }
  }
}

/**
 * The first `count` picks of the seeded shuffle of `entries` (sorted ascending here, whatever
 * order they come in); fewer when there are fewer entries.
 */
export function seededPicks(seed: string, entries: readonly number[], count: number): number[] {
  const order = [...entries].sort((a, b) => a - b);
  const stream = new SeedStream(seed);
  const picks: number[] = [];
  for (let k = 0; k < Math.min(count, order.length); k++) {
    const j = k + stream.below(order.length - k);
    const chosen = order[j]!;
    order[j] = order[k]!;
    order[k] = chosen;
    picks.push(chosen);
  }
  return picks;
}

/** What a stored draw says, for verification. */
export interface StoredDraw {
  seed: string;
  entries: readonly number[];
  entriesSha256: string;
  /** The picks stored, in pick order (winners, then redraws). */
  picks: readonly number[];
  /** What the audit log recorded when the draw was made (null: no audit entry found). */
  audited: { seed: string; entriesSha256: string; entries: number } | null;
}

/**
 * Re-runs a draw from its stored seed and entries and says whether it gives the stored picks,
 * and whether seed and entries are still those the audit log recorded at the draw.
 */
export function verifyDraw(draw: StoredDraw): PrizeVerification {
  const problems: string[] = [];
  const sorted = draw.entries.every((id, i) => i === 0 || id > draw.entries[i - 1]!);
  if (!sorted) problems.push('the stored entries are not in ascending order without repeats');
  if (!isSeed(draw.seed)) {
    problems.push('the stored seed is not 64 hex digits');
    return { matches: false, problems, recomputed: [], stored: [...draw.picks] };
  }
  const digest = entriesDigest(draw.entries);
  if (digest !== draw.entriesSha256) problems.push('the stored entries do not match their stored SHA-256');
  if (draw.audited === null) problems.push('the audit log has no record of this draw');
  else {
    if (draw.audited.seed !== draw.seed) problems.push('the seed differs from the one the audit log recorded at the draw');
    if (draw.audited.entriesSha256 !== digest) problems.push('the entries differ from those the audit log recorded at the draw');
    if (draw.audited.entries !== draw.entries.length) problems.push(`the audit log recorded ${draw.audited.entries} entries; ${draw.entries.length} are stored`);
  }
  const recomputed = seededPicks(draw.seed, draw.entries, draw.picks.length);
  const differs = recomputed.length !== draw.picks.length || recomputed.some((id, i) => id !== draw.picks[i]);
  if (differs) problems.push(`re-running the draw gives ${recomputed.join(', ') || 'nothing'}, but ${draw.picks.join(', ') || 'nothing'} is stored`);
  return { matches: problems.length === 0, problems, recomputed, stored: [...draw.picks] };
}

/** The method in words, stored with each draw record the API gives. */
export const DRAW_METHOD =
  'Sort the entries ascending. Block c of the random stream is HMAC-SHA256(key = the 32 seed bytes, message = c as an ' +
  '8-byte big-endian unsigned integer), c = 0, 1, 2...; each number x is the first 6 bytes of the next block (big-endian). ' +
  'uniform(n): take x; if x >= floor(2^48 / n) * n take the next one, else answer x mod n. For pick k = 0, 1, 2...: ' +
  'j = k + uniform(n - k), swap entries k and j, entry k is pick k. Picks 0..winners-1 are the winners in order; each ' +
  'redraw is the next pick.';
