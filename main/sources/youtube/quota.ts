/**
 * The YouTube Data API's daily quota, as Google counts it: 10,000 units a day by default, reset
 * at midnight Pacific time; every request costs its method's units even when it fails
 * (developers.google.com/youtube/v3/determine_quota_cost). A marathon of 48 hours spans three
 * Pacific days: each day's units are planned to last until that day's reset.
 */
export const DEFAULT_DAILY_QUOTA = 10_000;
export const COST = { chatMessages: 5, videos: 1, channels: 1, playlistItems: 1 } as const;
/** Units kept for finding the broadcast again (a chat that moved, a stream restarted). */
export const FINDING_RESERVE = 30;

const PACIFIC = 'America/Los_Angeles';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const pacificParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: PACIFIC,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(ms: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pacificParts.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The Pacific-time day a moment belongs to: "2026-12-02". */
export function pacificDay(ms: number): string {
  const p = parts(ms);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The next midnight in Pacific time after `ms` (exact across daylight-saving changes). */
export function nextPacificMidnight(ms: number): number {
  const p = parts(ms);
  const intoDay = (((p.hour ?? 0) * 60 + (p.minute ?? 0)) * 60 + (p.second ?? 0)) * 1000 + (ms % 1000);
  let candidate = ms - intoDay + DAY;
  // A day of 23 or 25 hours: the guess lands an hour off midnight; step onto it.
  const hour = parts(candidate).hour ?? 0;
  if (hour === 23) candidate += HOUR;
  else if (hour === 1) candidate -= HOUR;
  return candidate;
}

export interface PollPlan {
  /** Wait before the next read of chat. */
  waitMs: number;
  /** Slower than the server asked, to make the day's units last. */
  slowed: boolean;
  /** When the units run out at this pace (the reset when they last the day). */
  lastsUntil: number;
  /** Reads the day's units still allow. */
  readsLeft: number;
}

/**
 * How long to wait before the next chat read: never sooner than the server asked
 * (pollingIntervalMillis), and spread so the units left (less a reserve for finding the
 * broadcast again) last until the quota resets. With no units left, the wait is until the reset.
 */
export function planPoll(input: { now: number; serverMs: number; spent: number; limit: number; readers?: number }): PollPlan {
  const reset = nextPacificMidnight(input.now);
  const untilReset = reset - input.now;
  // Sources reading with the same key share its units: each plans on its part of them.
  const readers = Math.max(1, input.readers ?? 1);
  const readsLeft = Math.max(0, Math.floor((input.limit - input.spent - FINDING_RESERVE) / COST.chatMessages / readers));
  if (readsLeft === 0) return { waitMs: untilReset + 5_000, slowed: true, lastsUntil: input.now, readsLeft };
  const evenly = Math.ceil(untilReset / readsLeft);
  const waitMs = Math.max(input.serverMs, evenly);
  return { waitMs, slowed: evenly > input.serverMs, lastsUntil: Math.min(reset, input.now + readsLeft * waitMs), readsLeft };
}

/** One quota-spending reader, as its key's ledger sees it. */
export interface QuotaMember {
  spentToday(): number;
  reading(): boolean;
}

/**
 * The units of one API key (one Google Cloud project's quota) across the sources that use it:
 * a channel handle and a video link added with the same key spend the same 10,000 units. Kept
 * in memory by the connector, keyed by the key itself (never stored); each source keeps its
 * own spent units in the database, and the ledger adds them up.
 */
export class QuotaLedger {
  private readonly members = new Set<QuotaMember>();

  join(member: QuotaMember): () => void {
    this.members.add(member);
    return () => this.members.delete(member);
  }

  spent(): number {
    let sum = 0;
    for (const member of this.members) sum += member.spentToday();
    return sum;
  }

  /** Sources reading chat now with this key (at least the one asking). */
  readers(): number {
    let count = 0;
    for (const member of this.members) if (member.reading()) count += 1;
    return Math.max(1, count);
  }

  get size(): number {
    return this.members.size;
  }
}
