/**
 * A polling loop whose every step says how long to wait before the next (a platform's asked
 * interval, a backoff, a quota's pace). One step at a time; `stop` waits for the one running.
 */
export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  /** `step` returns the wait in ms before the next step, or null to stop for good. */
  constructor(private readonly step: () => Promise<number | null>) {}

  start(delayMs = 0): void {
    this.schedule(delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.step().then((next) => {
        this.running = null;
        if (next === null) this.stopped = true;
        else this.schedule(next);
      });
    }, delayMs);
    this.timer.unref();
  }
}
