/**
 * A milestone is not celebrated before the donation that reached it. The overlay sees the total
 * cross a milestone as soon as a donation is counted, but that donation's own alert comes only
 * once it is screened (approved), possibly minutes later. So a crossing waits for the newest
 * donation counted in the totals that crossed it (`after`: OverlayTotals.last_donation_id) to be
 * settled on this page (its alert queued, shown or left out by the threshold, or it was denied),
 * at most MILESTONE_WAIT_MS, after which it plays anyway: a milestone is never lost.
 * Milestones leave in the order they were reached.
 */
export const MILESTONE_WAIT_MS = 3 * 60_000;

interface Held<M> {
  milestone: M;
  after: number;
  until: number;
}

export class MilestoneGate<M> {
  private held: Held<M>[] = [];

  constructor(
    /** Whether the donation with this id was settled on this page. */
    private readonly settled: (id: number) => boolean,
    private readonly release: (milestone: M) => void,
  ) {}

  /** A milestone was crossed; `after` is the donation that must come first (null: none). */
  crossed(milestone: M, after: number | null, now: number): void {
    if (after === null || (this.held.length === 0 && this.settled(after))) {
      this.release(milestone);
      return;
    }
    this.held.push({ milestone, after, until: now + MILESTONE_WAIT_MS });
    this.releaseDue(now);
  }

  /** A donation was settled, or time passed: what may go now goes, in order. */
  releaseDue(now: number): void {
    while (this.held[0] && (this.settled(this.held[0].after) || this.held[0].until <= now)) {
      const next = this.held.shift();
      if (next) this.release(next.milestone);
    }
  }

  /** When the first held milestone plays anyway; null when none waits. */
  get deadline(): number | null {
    return this.held[0]?.until ?? null;
  }

  get waiting(): number {
    return this.held.length;
  }
}
