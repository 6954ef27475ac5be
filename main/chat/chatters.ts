import type { Db } from '../store/database.js';

const THROUGH_SEQ = 'chatter_sets_through_seq';
export const ALL_SOURCES = '*';

interface MinuteSet {
  minute: number;
  source: string;
  users: Set<number>;
  dirty: boolean;
}

/** What one chat batch adds, applied to memory only once its transaction has committed. */
export interface ChatterStaging {
  newIds: Map<string, number>;
  added: Map<string, { minute: number; source: string; users: Set<number> }>;
  persisted: string[];
  throughSeq: number;
}

interface ReplayRow {
  source_id: string;
  actor_key: string;
  occurred_at: number;
  body: string | null;
}

const setKey = (minute: number, source: string) => `${minute}\u0000${source}`;
const blockKey = (source: string, step: number, start: number) => `${source}\u0000${step}\u0000${start}`;
/** Buckets walked one by one at most (a 14-day window of minutes); past it, only those with people. */
const WALKED_BUCKETS_MAX = 14 * 24 * 60;
/** Minutes of saved sets read in one turn of the event loop when warming (a few ms each, cold). */
const WARM_CHUNK_MINUTES = 180;
/** At most this much memory for counted buckets (a bit per person per bucket). */
const BLOCK_CACHE_BYTES = 32 * 1024 * 1024;

/** The people of one bucket of minutes, as a bitset over chatter ids, and how many they are. */
interface PeopleBlock {
  bits: Uint32Array;
  count: number;
}

function popcount(bits: Uint32Array): number {
  let count = 0;
  for (let i = 0; i < bits.length; i += 1) {
    let x = bits[i]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    count += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return count;
}

/** Adds the people of `bits` to `into` (ids past its end are left out). */
function orInto(into: Uint32Array, bits: Uint32Array): Uint32Array {
  const n = Math.min(into.length, bits.length);
  for (let w = 0; w < n; w += 1) into[w]! |= bits[w]!;
  return into;
}

/** The people of one minute and source: those already committed, and this batch's. */
export class ChatterSlot {
  constructor(private readonly committed: Set<number>, private readonly staged: Set<number>) {}

  /** True when the person is new here. */
  add(user: number): boolean {
    if (this.committed.has(user) || this.staged.has(user)) return false;
    this.staged.add(user);
    return true;
  }
}

/** Last byte of a set saved as a bitset (its length is then 4n + 1; a list of ids is 4n). */
const BITSET_FORMAT = 1;

/**
 * A saved set: the sorted ids (little-endian uint32), or, when shorter, a bitset of them (bit
 * id & 31 of word id >> 5, little-endian) and one format byte. A busy minute is a bitset: at 10M
 * messages a whole-marathon window is then 2 MB to read instead of 20 MB. Sets saved before the
 * bitset are lists, read as ever.
 */
export function encodePeople(users: Iterable<number>): Buffer {
  const sorted = Uint32Array.from(users).sort();
  const words = sorted.length === 0 ? 0 : (sorted[sorted.length - 1]! >>> 5) + 1;
  if (words * 4 + 1 >= sorted.byteLength) return Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength);
  const blob = Buffer.alloc(words * 4 + 1);
  const bits = new Uint32Array(blob.buffer, blob.byteOffset, words);
  for (const id of sorted) bits[id >>> 5]! |= 1 << (id & 31);
  blob[words * 4] = BITSET_FORMAT;
  return blob;
}

const isBitset = (blob: Buffer) => blob.byteLength % 4 === 1 && blob[blob.byteLength - 1] === BITSET_FORMAT;

/** The blob's uint32 words (ids or bitset) without copying when aligned (it usually is). */
function wordsOf(blob: Buffer): Uint32Array {
  const length = blob.byteLength >> 2;
  if (blob.byteOffset % 4 === 0) return new Uint32Array(blob.buffer, blob.byteOffset, length);
  const copy = new Uint8Array(length * 4);
  copy.set(blob.subarray(0, length * 4));
  return new Uint32Array(copy.buffer, 0, length);
}

/** Adds a saved set's people to a bitset over chatter ids (ids past its end are left out). */
function markPeople(target: Uint32Array, blob: Buffer): void {
  const words = wordsOf(blob);
  if (isBitset(blob)) {
    const n = Math.min(words.length, target.length);
    for (let w = 0; w < n; w += 1) target[w]! |= words[w]!;
    return;
  }
  for (const id of words) if (id >>> 5 < target.length) target[id >>> 5]! |= 1 << (id & 31);
}

function decodePeople(blob: Buffer): number[] {
  const words = wordsOf(blob);
  if (!isBitset(blob)) return Array.from(words);
  const ids: number[] = [];
  words.forEach((word, w) => {
    for (let bit = 0; word !== 0; bit += 1, word >>>= 1) if (word & 1) ids.push(w * 32 + bit);
  });
  return ids;
}

/**
 * Exact distinct chatters per minute and source, without a row per (minute, person): each
 * person gets an integer id, the sets of the minutes being written stay in memory, and are
 * saved as sorted-id blobs every few seconds (in the chat transaction). On start, the events
 * after the last save are replayed into the sets, so a crash loses nothing.
 */
export class ChatterSets {
  private readonly ids = new Map<string, number>();
  private readonly sets = new Map<string, MinuteSet>();
  private lastPersistAt = 0;
  /** Counted buckets (see distinctByBucket), least recently used first. */
  private readonly blocks = new Map<string, PeopleBlock>();
  private readonly blockSteps = new Map<string, Set<number>>();
  private blockBytes = 0;
  private newestMinute = 0;
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly options: { persistEveryMs?: number; openMinutes?: number; now?: () => number } = {},
  ) {
    this.sql = {
      insertChatter: db.prepare('INSERT INTO chatters (user_key) VALUES (?)'),
      loadSet: db.prepare<[number, string], { users: Buffer }>('SELECT users FROM minute_chatter_sets WHERE minute = ? AND source_id = ?'),
      saveSet: db.prepare(
        'INSERT INTO minute_chatter_sets (minute, source_id, users) VALUES (?, ?, ?) ON CONFLICT (minute, source_id) DO UPDATE SET users = excluded.users',
      ),
      saveThrough: db.prepare(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
      // Two subqueries, not MIN and MAX in one SELECT: SQLite answers a lone MIN or MAX from the
      // key's ends, but both together by scanning the source's sets (5 ms warm, 50 ms cold at
      // 10M messages, on every distinct count).
      extent: db.prepare<[{ source: string }], { first: number | null; last: number | null }>(
        `SELECT (SELECT MIN(minute) FROM minute_chatter_sets WHERE source_id = @source) AS first,
                (SELECT MAX(minute) FROM minute_chatter_sets WHERE source_id = @source) AS last`,
      ),
      minutesInRange: db.prepare<[string, number, number], { minute: number }>(
        'SELECT minute FROM minute_chatter_sets WHERE source_id = ? AND minute BETWEEN ? AND ?',
      ),
      setsInRange: db.prepare<[string, number, number], { minute: number; users: Buffer }>(
        'SELECT minute, users FROM minute_chatter_sets WHERE source_id = ? AND minute BETWEEN ? AND ?',
      ),
    };
    for (const row of db.prepare<[], { id: number; user_key: string }>('SELECT id, user_key FROM chatters').iterate()) {
      this.ids.set(row.user_key, row.id);
    }
    this.replayUnsaved();
  }

  begin(): ChatterStaging {
    return { newIds: new Map(), added: new Map(), persisted: [], throughSeq: 0 };
  }

  /** Inside the batch's transaction: the person's id, made if new. */
  idOf(userKey: string, staging: ChatterStaging): number {
    let id = this.ids.get(userKey) ?? staging.newIds.get(userKey);
    if (id === undefined) {
      id = Number(this.sql.insertChatter.run(userKey).lastInsertRowid);
      staging.newIds.set(userKey, id);
    }
    return id;
  }

  /**
   * Inside the transaction: the (minute, source) slot to add people to. Hold on to it while
   * consecutive messages share minute and source; `add` is then two set look-ups.
   */
  slot(minute: number, source: string, staging: ChatterStaging): ChatterSlot {
    const key = setKey(minute, source);
    const committed = this.setFor(minute, source, key).users;
    let staged = staging.added.get(key);
    if (!staged) {
      staged = { minute, source, users: new Set() };
      staging.added.set(key, staged);
    }
    if (minute > this.newestMinute) this.newestMinute = minute;
    return new ChatterSlot(committed, staged.users);
  }

  /** Inside the transaction: true when this person is new in that minute and source. */
  add(minute: number, source: string, user: number, staging: ChatterStaging): boolean {
    return this.slot(minute, source, staging).add(user);
  }

  /** Inside the transaction, last: saves the sets that changed, every few seconds or when they close. */
  persistIfDue(staging: ChatterStaging, lastSeq: number, force = false): void {
    staging.throughSeq = lastSeq;
    const now = (this.options.now ?? Date.now)();
    const closeBefore = this.newestMinute - (this.options.openMinutes ?? 2);
    const due = force || now - this.lastPersistAt >= (this.options.persistEveryMs ?? 5_000);
    const toSave = new Set<string>();
    for (const [key, set] of this.sets) if (set.dirty && (due || set.minute < closeBefore)) toSave.add(key);
    for (const [key, staged] of staging.added) if (staged.users.size > 0 && (due || staged.minute < closeBefore)) toSave.add(key);
    if (!due && toSave.size === 0) return;
    for (const key of toSave) {
      const set = this.sets.get(key);
      const staged = staging.added.get(key);
      const minute = set?.minute ?? staged?.minute ?? 0;
      const source = set?.source ?? staged?.source ?? '';
      const users = new Set(set?.users);
      for (const u of staged?.users ?? []) users.add(u);
      this.sql.saveSet.run(minute, source, encodePeople(users));
      staging.persisted.push(key);
    }
    // Only when every changed set is saved is the log complete up to here.
    const allSaved = [...this.sets.values()].every((s) => !s.dirty || toSave.has(setKey(s.minute, s.source))) &&
      [...staging.added].every(([k, staged]) => staged.users.size === 0 || toSave.has(k));
    if (allSaved) {
      this.sql.saveThrough.run(THROUGH_SEQ, String(lastSeq));
      this.lastPersistAt = now;
    }
  }

  /** After the transaction committed: apply the staged changes to memory. */
  commit(staging: ChatterStaging): void {
    for (const [key, id] of staging.newIds) this.ids.set(key, id);
    for (const [key, staged] of staging.added) {
      if (staged.users.size > 0) this.dropBlocks(staged.minute, staged.source);
      const set = this.setFor(staged.minute, staged.source, key);
      for (const u of staged.users) set.users.add(u);
      set.dirty = true;
    }
    for (const key of staging.persisted) {
      const set = this.sets.get(key);
      if (set) set.dirty = false;
    }
    // Closed minutes that are saved leave memory.
    const closeBefore = this.newestMinute - (this.options.openMinutes ?? 2);
    for (const [key, set] of this.sets) if (!set.dirty && set.minute < closeBefore) this.sets.delete(key);
  }

  /**
   * Counts the window's complete buckets a few hours at a time, with a turn of the event loop
   * between, so that distinctByBucket for the same window then finds them counted. Reading a
   * marathon's sets cold takes 200 ms or more (20 MB at 10M messages): in one piece, every other
   * request (webhooks included) would wait that long.
   */
  async warm(fromMinute: number, toMinute: number, step: number, source = ALL_SOURCES): Promise<void> {
    const extent = this.extent(source);
    if (!extent) return;
    const from = Math.max(fromMinute, extent.first);
    const to = Math.min(toMinute, extent.last);
    const chunk = step * Math.max(1, Math.round(WARM_CHUNK_MINUTES / step));
    for (let start = Math.floor(from / chunk) * chunk; start <= to; start += chunk) {
      const lo = Math.max(start, from);
      const hi = Math.min(start + chunk - 1, to);
      if (!this.uncounted(lo, hi, step, source)) continue;
      this.distinctByBucket(lo, hi, step, source);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Whether [from, to] has a complete bucket not counted yet (the partial ones at its ends are cheap). */
  private uncounted(fromMinute: number, toMinute: number, step: number, source: string): boolean {
    for (let start = Math.ceil(fromMinute / step) * step; start + step - 1 <= toMinute; start += step) {
      if (!this.blocks.has(blockKey(source, step, start))) return true;
    }
    return false;
  }

  /** Exact distinct chatters over minutes [from, to] for one source ('*' = all). */
  distinct(fromMinute: number, toMinute: number, source = ALL_SOURCES): number {
    return this.distinctByBucket(fromMinute, toMinute, 60, source).total;
  }

  /**
   * Exact distinct chatters per bucket of `step` minutes (buckets start at multiples of `step`,
   * the first and last clipped to [from, to]) and over the whole range.
   *
   * A 48-hour window of all sources holds ~2 MB of saved sets at 10M messages (bitsets, one
   * source's minutes side by side: migration 12), a few milliseconds to read and mark. Each
   * complete bucket's people are then kept as a bitset, and dropped when a commit adds someone to
   * one of its minutes (commit(), forget()); only buckets not known yet are read.
   */
  distinctByBucket(
    fromMinute: number,
    toMinute: number,
    step: number,
    source = ALL_SOURCES,
  ): { buckets: Map<number, number>; total: number } {
    return this.distinctAcross(fromMinute, toMinute, step, [source]);
  }

  /**
   * distinctByBucket over several sources together (a person on two of them counts once): each
   * source's buckets are counted (and kept) as for one source, then their bitsets joined.
   */
  distinctAcross(fromMinute: number, toMinute: number, step: number, sources: readonly string[]): { buckets: Map<number, number>; total: number } {
    const words = ((this.ids.size + 2) >> 5) + 1;
    // One source: its kept bitsets and counts as they are; several: joined into new ones.
    const joined = new Map<number, PeopleBlock>();
    for (const source of sources) {
      for (const b of this.countedBlocks(fromMinute, toMinute, step, source)) {
        const into = joined.get(b.start);
        if (sources.length === 1) joined.set(b.start, b.block);
        else if (into) orInto(into.bits, b.block.bits);
        else joined.set(b.start, { bits: orInto(new Uint32Array(words), b.block.bits), count: -1 });
      }
    }
    const union = new Uint32Array(words);
    const buckets = new Map<number, number>();
    for (const start of [...joined.keys()].sort((x, y) => x - y)) {
      const block = joined.get(start)!;
      buckets.set(start, block.count >= 0 ? block.count : popcount(block.bits));
      orInto(union, block.bits);
    }
    return { buckets, total: popcount(union) };
  }

  /** The window's buckets of one source with their people, counted or read (see distinctByBucket). */
  private countedBlocks(fromMinute: number, toMinute: number, step: number, source: string): { start: number; block: PeopleBlock }[] {
    // Minutes before the source's first or after its last set add nobody: leaving them out keeps the
    // work (a bucket and a bitset each) bounded by the span of chat kept, whatever window is asked;
    // a span stretched by a stray far-off chat time is handled by bucketStarts.
    const extent = this.extent(source);
    if (!extent) return [];
    fromMinute = Math.max(fromMinute, extent.first);
    toMinute = Math.min(toMinute, extent.last);
    if (fromMinute > toMinute) return [];
    const words = ((this.ids.size + 2) >> 5) + 1;
    const startOf = (minute: number) => Math.floor(minute / step) * step;
    const blocks: { start: number; lo: number; hi: number; block: PeopleBlock | null }[] = [];
    for (const start of this.bucketStarts(fromMinute, toMinute, step, source, startOf)) {
      const lo = Math.max(start, fromMinute);
      const hi = Math.min(start + step - 1, toMinute);
      const complete = lo === start && hi === start + step - 1;
      blocks.push({ start, lo, hi, block: complete ? this.cachedBlock(source, step, start) : null });
    }
    // Read what is missing, one range query per run of consecutive missing buckets.
    for (let i = 0; i < blocks.length; ) {
      if (blocks[i]!.block) {
        i += 1;
        continue;
      }
      let j = i;
      while (j + 1 < blocks.length && !blocks[j + 1]!.block) j += 1;
      const run = blocks.slice(i, j + 1);
      const bits = run.map(() => new Uint32Array(words));
      const indexOf = new Map(run.map((b, k) => [b.start, k]));
      const bitsOf = (minute: number) => {
        const index = indexOf.get(startOf(minute));
        return index === undefined ? undefined : bits[index];
      };
      const lo = run[0]!.lo;
      const hi = run[run.length - 1]!.hi;
      const inMemory = new Set<number>();
      for (const set of this.sets.values()) {
        if (set.source === source && set.minute >= lo && set.minute <= hi) {
          inMemory.add(set.minute);
          const target = bitsOf(set.minute);
          if (target) for (const id of set.users) if (id >> 5 < words) target[id >> 5]! |= 1 << (id & 31);
        }
      }
      for (const row of this.sql.setsInRange.iterate(source, lo, hi)) {
        const target = inMemory.has(row.minute) ? undefined : bitsOf(row.minute);
        if (target) markPeople(target, row.users);
      }
      run.forEach((b, k) => {
        b.block = { bits: bits[k]!, count: popcount(bits[k]!) };
        if (b.lo === b.start && b.hi === b.start + step - 1) this.storeBlock(source, step, b.start, b.block);
      });
      i = j + 1;
    }
    return blocks.map((b) => ({ start: b.start, block: b.block! }));
  }

  /**
   * The buckets to count, in order: every one of the window, or (when that would be more than
   * a 14-day window of minutes, a chat time far from the others having stretched the span) only
   * those with people in them, found by reading the window's sets: work bounded by the chat kept.
   */
  private bucketStarts(fromMinute: number, toMinute: number, step: number, source: string, startOf: (minute: number) => number): number[] {
    const first = startOf(fromMinute);
    if ((toMinute - first) / step < WALKED_BUCKETS_MAX) {
      const starts: number[] = [];
      for (let start = first; start <= toMinute; start += step) starts.push(start);
      return starts;
    }
    const starts = new Set<number>();
    for (const set of this.sets.values()) {
      if (set.source === source && set.minute >= fromMinute && set.minute <= toMinute) starts.add(startOf(set.minute));
    }
    for (const row of this.sql.minutesInRange.iterate(source, fromMinute, toMinute)) starts.add(startOf(row.minute));
    return [...starts].sort((a, b) => a - b);
  }

  /** The first and last minute with people in them (saved or still in memory) of one source. */
  private extent(source: string): { first: number; last: number } | null {
    const saved = this.sql.extent.get({ source });
    let first = saved?.first ?? Number.POSITIVE_INFINITY;
    let last = saved?.last ?? Number.NEGATIVE_INFINITY;
    for (const set of this.sets.values()) {
      if (set.source !== source) continue;
      if (set.minute < first) first = set.minute;
      if (set.minute > last) last = set.minute;
    }
    return first <= last ? { first, last } : null;
  }

  private cachedBlock(source: string, step: number, start: number): PeopleBlock | null {
    const key = blockKey(source, step, start);
    const block = this.blocks.get(key);
    if (!block) return null;
    // Most recently used last: eviction takes from the front.
    this.blocks.delete(key);
    this.blocks.set(key, block);
    return block;
  }

  private storeBlock(source: string, step: number, start: number, block: PeopleBlock): void {
    this.blocks.set(blockKey(source, step, start), block);
    let steps = this.blockSteps.get(source);
    if (!steps) this.blockSteps.set(source, (steps = new Set()));
    steps.add(step);
    this.blockBytes += block.bits.byteLength;
    for (const [key, old] of this.blocks) {
      if (this.blockBytes <= BLOCK_CACHE_BYTES) break;
      this.blocks.delete(key);
      this.blockBytes -= old.bits.byteLength;
    }
  }

  /** Someone was added to (minute, source): the counted buckets holding that minute are stale. */
  private dropBlocks(minute: number, source: string): void {
    for (const step of this.blockSteps.get(source) ?? []) {
      const key = blockKey(source, step, Math.floor(minute / step) * step);
      const block = this.blocks.get(key);
      if (block) {
        this.blocks.delete(key);
        this.blockBytes -= block.bits.byteLength;
      }
    }
  }

  private dropAllBlocks(source: string): void {
    const prefix = `${source}\u0000`;
    for (const [key, block] of this.blocks) {
      if (key.startsWith(prefix)) {
        this.blocks.delete(key);
        this.blockBytes -= block.bits.byteLength;
      }
    }
  }

  /** Drops the in-memory sets of one key (its saved sets were deleted: a target counted again). */
  forget(source: string): void {
    this.dropAllBlocks(source);
    for (const [key, set] of this.sets) if (set.source === source) this.sets.delete(key);
  }

  /** Saves every set still in memory (on close). */
  flushAll(lastSeq: number): void {
    const staging = this.begin();
    this.db.transaction(() => this.persistIfDue(staging, lastSeq, true))();
    this.commit(staging);
  }

  private setFor(minute: number, source: string, key: string): MinuteSet {
    let set = this.sets.get(key);
    if (!set) {
      const stored = this.sql.loadSet.get(minute, source);
      set = { minute, source, users: new Set(stored ? decodePeople(stored.users) : []), dirty: false };
      this.sets.set(key, set);
    }
    return set;
  }

  /**
   * Like the start-up replay, for sets other than sources (a target's callers): the chat events
   * written after the last save, added to the sets `keysFor` names. Call once, at start.
   */
  replayInto(keysFor: (row: ReplayRow) => string[]): void {
    this.replayLog(keysFor);
  }

  /** Rebuilds the sets from the chat events written after the last save (after a crash). */
  private replayUnsaved(): void {
    this.replayLog((row) => [row.source_id, ALL_SOURCES]);
  }

  /** Adds the people of the chat events after the last save to the sets `keysFor` names. */
  private replayLog(keysFor: (row: ReplayRow) => string[]): void {
    const through = Number(
      this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(THROUGH_SEQ)?.value ?? 0,
    );
    const rows = this.db
      .prepare<[number], ReplayRow>("SELECT source_id, actor_key, occurred_at, body FROM events WHERE seq > ? AND kind = 'chat'")
      .iterate(through);
    for (const row of rows) {
      const id = this.ids.get(row.actor_key);
      if (id === undefined) continue;
      const minute = Math.floor(row.occurred_at / 60_000);
      for (const key of keysFor(row)) {
        const set = this.setFor(minute, key, setKey(minute, key));
        set.users.add(id);
        set.dirty = true;
        this.dropBlocks(minute, key);
      }
      if (minute > this.newestMinute) this.newestMinute = minute;
    }
  }
}
