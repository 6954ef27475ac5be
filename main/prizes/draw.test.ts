// The seeded pick on its own: the method as documented (re-implemented here from its words),
// no modulo bias (rejection shown on a hand-fed stream, and the counts over many fixed seeds,
// so the tolerance cannot flake), and verification refusing a tampered seed, list or result.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { SeedStream, entriesDigest, isSeed, newSeed, seededPicks, verifyDraw } from './draw.js';

/** The 99.9% points of chi-square, by degrees of freedom. */
const CHI2_999: Record<number, number> = { 1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52, 6: 22.46 };
function chiSquare(counts: number[]): number {
  const expected = counts.reduce((a, b) => a + b, 0) / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

/** Fixed seeds: seed i is SHA-256("prize-test-seed-<i>"). */
const seedOf = (i: number) => createHash('sha256').update(`prize-test-seed-${i}`).digest('hex');

/** The method exactly as DRAW_METHOD words it, written again without the module's code. */
function byTheWords(seed: string, entries: number[], count: number): number[] {
  const key = Buffer.from(seed, 'hex');
  let c = 0n;
  const next = () => {
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(c++);
    const block = createHmac('sha256', key).update(message).digest();
    return Number(BigInt(`0x${block.subarray(0, 6).toString('hex')}`));
  };
  const uniform = (n: number) => {
    for (;;) {
      const x = next();
      if (x < Math.floor(2 ** 48 / n) * n) return x % n;
    }
  };
  const order = [...entries].sort((a, b) => a - b);
  const picks: number[] = [];
  for (let k = 0; k < Math.min(count, order.length); k++) {
    const j = k + uniform(order.length - k);
    [order[k], order[j]] = [order[j]!, order[k]!];
    picks.push(order[k]!);
  }
  return picks;
}

/** A stream fed by hand, to see what is thrown away. */
class FedStream extends SeedStream {
  constructor(private readonly values: number[]) {
    super('0'.repeat(64));
  }
  taken = 0;
  override next48(): number {
    const value = this.values[this.taken++];
    if (value === undefined) throw new Error('the stream ran dry');
    return value;
  }
}

describe('the seeded pick', () => {
  it('makes seeds of 32 random bytes in hex', () => {
    const a = newSeed();
    assert.ok(isSeed(a));
    assert.notEqual(a, newSeed());
    assert.equal(isSeed('ABC'), false);
  });

  it('follows its documented method, and gives the same picks for the same seed and entries in any order', () => {
    const entries = [40, 3, 17, 8, 99, 23, 5, 61, 12, 77];
    for (let i = 0; i < 50; i++) {
      const seed = seedOf(i);
      const picks = seededPicks(seed, entries, 10);
      assert.deepEqual(picks, byTheWords(seed, entries, 10), `seed ${i}`);
      assert.deepEqual(seededPicks(seed, [...entries].reverse(), 10), picks);
      assert.deepEqual(new Set(picks), new Set(entries), 'a shuffle: every entry once');
      // A redraw is the next pick: the first picks never depend on how many are asked.
      assert.deepEqual(seededPicks(seed, entries, 3), picks.slice(0, 3));
    }
    // A known answer, so another implementation can check itself against this one.
    assert.deepEqual(seededPicks(seedOf(0), [1, 2, 3, 4, 5, 6, 7, 8], 8), byTheWords(seedOf(0), [1, 2, 3, 4, 5, 6, 7, 8], 8));
  });

  it('throws away the top of the range that does not divide evenly (no modulo bias)', () => {
    // 2^48 mod 3 = 1: 2^48 − 1 would make 0 a little likelier; it is thrown away.
    const top = 2 ** 48 - 1;
    const stream = new FedStream([top, 4]);
    assert.equal(stream.below(3), 1);
    assert.equal(stream.taken, 2);
    const kept = new FedStream([top - 1]);
    assert.equal(kept.below(3), (top - 1) % 3);
    // A range that divides 2^48 throws nothing away.
    const power = new FedStream([top]);
    assert.equal(power.below(4), 3);
    assert.throws(() => new FedStream([]).below(0));
  });

  it('is even over small ranges across many fixed seeds', () => {
    for (const n of [2, 3, 5, 6, 7]) {
      const counts = new Array<number>(n).fill(0);
      for (let i = 0; i < 200 * n; i++) {
        const stream = new SeedStream(seedOf(1_000 + i));
        for (let k = 0; k < 10; k++) counts[stream.below(n)]! += 1;
      }
      // Fixed seeds, so these never flake: chi-square under its 99.9% point, each value within ±10%.
      assert.ok(chiSquare(counts) < CHI2_999[n - 1]!, `n=${n}: ${counts.join(' ')} (chi-square ${chiSquare(counts).toFixed(1)})`);
      for (const count of counts) assert.ok(Math.abs(count - 2_000) <= 200, `n=${n}: ${counts.join(' ')}`);
    }
    // The same check catches a biased pick: 4 random bits mod 6 make 0-3 likelier than 4-5.
    const biased = new Array<number>(6).fill(0);
    for (let i = 0; i < 12_000; i++) biased[(new SeedStream(seedOf(1_000 + i)).next48() & 15) % 6]! += 1;
    assert.ok(chiSquare(biased) > CHI2_999[5]!, `the biased pick was not caught: ${biased.join(' ')}`);
  });

  it('gives each entry the same chance of each place, and each order of three the same chance', () => {
    const firsts = new Map<number, number>();
    const orders = new Map<string, number>();
    const runs = 6_000;
    for (let i = 0; i < runs; i++) {
      const seed = seedOf(50_000 + i);
      const first = seededPicks(seed, [10, 20, 30, 40, 50], 1)[0]!;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
      const order = seededPicks(seed, [1, 2, 3], 3).join('');
      orders.set(order, (orders.get(order) ?? 0) + 1);
    }
    assert.equal(firsts.size, 5);
    for (const [entry, count] of firsts) assert.ok(Math.abs(count - runs / 5) <= (runs / 5) * 0.08, `entry ${entry} first ${count} times`);
    assert.equal(orders.size, 6);
    for (const [order, count] of orders) assert.ok(Math.abs(count - runs / 6) <= (runs / 6) * 0.1, `order ${order} ${count} times`);
  });
});

describe('verifying a draw', () => {
  const seed = seedOf(7);
  const entries = [3, 5, 8, 12, 17, 23, 40];
  const picks = seededPicks(seed, entries, 3);
  const honest = { seed, entries, entriesSha256: entriesDigest(entries), picks, audited: { seed, entriesSha256: entriesDigest(entries), entries: entries.length } };

  it('matches when nothing was touched, redraws included', () => {
    assert.deepEqual(verifyDraw(honest), { matches: true, problems: [], recomputed: picks, stored: picks });
    const withRedraw = seededPicks(seed, entries, 4);
    assert.equal(verifyDraw({ ...honest, picks: withRedraw }).matches, true);
  });

  it('fails on a changed seed, a changed list (even with its hash recomputed) or changed winners', () => {
    const otherSeed = seedOf(8);
    const seedChanged = verifyDraw({ ...honest, seed: otherSeed });
    assert.equal(seedChanged.matches, false);
    assert.ok(seedChanged.problems.some((p) => p.includes('seed differs')));

    const fewer = entries.filter((id) => id !== picks[1]);
    const listChanged = verifyDraw({ ...honest, entries: fewer, entriesSha256: entriesDigest(fewer) });
    assert.equal(listChanged.matches, false);
    assert.ok(listChanged.problems.some((p) => p.includes('entries differ')), listChanged.problems.join('; '));

    const hashMismatch = verifyDraw({ ...honest, entries: [...entries, 99] });
    assert.ok(hashMismatch.problems.some((p) => p.includes('SHA-256')));

    const winnersChanged = verifyDraw({ ...honest, picks: [picks[1]!, picks[0]!, picks[2]!] });
    assert.equal(winnersChanged.matches, false);
    assert.ok(winnersChanged.problems.some((p) => p.startsWith('re-running the draw gives')));

    assert.equal(verifyDraw({ ...honest, audited: null }).matches, false);
    assert.equal(verifyDraw({ ...honest, seed: 'not hex' }).matches, false);
  });
});
