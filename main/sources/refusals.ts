const MINUTE = 60_000;
/** The window the dashboard shows: "N refused requests in the last hour". */
const WINDOW_MINUTES = 60;

/**
 * Requests to a hook URL that did not prove they come from the platform (bad or missing
 * signature, too old, too large to check), counted per minute over the last hour. Kept apart
 * from the source's health: anyone who learns a hook URL can send these, and they say nothing
 * about whether the platform's genuine events arrive. Memory stays bounded however many come:
 * at most one bucket per minute of the window.
 */
export class RefusalCounter {
  private buckets: { minute: number; count: number }[] = [];
  private lastAt: number | null = null;
  private lastReason: string | null = null;

  add(reason: string, now: number): void {
    const minute = Math.floor(now / MINUTE);
    const newest = this.buckets[this.buckets.length - 1];
    if (newest?.minute === minute) newest.count += 1;
    else this.buckets.push({ minute, count: 1 });
    this.prune(now);
    this.lastAt = now;
    this.lastReason = reason;
  }

  /** Refusals in the last hour, the last one's time and reason; null when none in the hour. */
  view(now: number): { last_hour: number; last_at: string; last_reason: string } | null {
    this.prune(now);
    const count = this.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    if (count === 0 || this.lastAt === null || this.lastReason === null) return null;
    return { last_hour: count, last_at: new Date(this.lastAt).toISOString(), last_reason: this.lastReason };
  }

  get bucketCount(): number {
    return this.buckets.length;
  }

  private prune(now: number): void {
    const oldest = Math.floor(now / MINUTE) - WINDOW_MINUTES + 1;
    let drop = 0;
    while (drop < this.buckets.length && (this.buckets[drop]?.minute ?? oldest) < oldest) drop += 1;
    if (drop > 0) this.buckets = this.buckets.slice(drop);
  }
}
