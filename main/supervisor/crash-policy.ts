/** How many unexpected stops within WINDOW_MS make a crash loop worth saying so. */
export const CRASH_LOOP_COUNT = 5;
export const CRASH_LOOP_WINDOW_MS = 2 * 60_000;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 30_000;

/**
 * When to restart a core that stopped unexpectedly. The first restart is almost immediate (a
 * marathon wants its webhooks and overlay back within seconds); each further stop within the
 * window doubles the wait, up to 30 s, so a core that cannot start does not spin the CPU. A
 * crash loop never stops the retries (an event organiser may fix the cause, such as a full
 * disk, while the stream goes on), but it is said in words once per loop.
 */
export class CrashPolicy {
  private stops: number[] = [];
  private loopAnnounced = false;

  /** Records a stop; returns the delay before the next start and whether this stop makes a loop. */
  stopped(now: number): { delayMs: number; loop: boolean; recent: number } {
    this.stops = this.stops.filter((at) => at > now - CRASH_LOOP_WINDOW_MS);
    this.stops.push(now);
    const recent = this.stops.length;
    const delayMs = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (recent - 1));
    const loop = recent >= CRASH_LOOP_COUNT && !this.loopAnnounced;
    if (loop) this.loopAnnounced = true;
    return { delayMs, loop, recent };
  }

  /** The core has run well for a whole window: the next stop starts counting afresh. */
  healthyFor(ms: number): void {
    if (ms >= CRASH_LOOP_WINDOW_MS) {
      this.stops = [];
      this.loopAnnounced = false;
    }
  }
}
