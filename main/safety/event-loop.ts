import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { EventLoopWindow } from '../../shared/views.js';

export const EVENT_LOOP_WINDOW_MS = 5_000;
/** Twelve windows: the last minute. */
const WINDOWS_KEPT = 12;
/**
 * The histogram records the time between two of its timer's turns, which is at least the
 * timer's interval: the interval is taken off, so an idle loop reads about 0, not about 1 ms.
 */
const RESOLUTION_MS = 1;
const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4) / 100 - RESOLUTION_MS);

/**
 * How long the server's single thread made work wait, in windows of 5 s over the last minute:
 * every request, socket message and commit waits behind whatever holds the event loop. Read by
 * the health view (the owner sees when the app is saturated) and by `npm run bench load`.
 */
export class EventLoopDelay {
  private readonly histogram: IntervalHistogram;
  private readonly windows: EventLoopWindow[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** Called with each window as it closes. */
    private readonly onWindow: (window: EventLoopWindow) => void = () => {},
    windowMs = EVENT_LOOP_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
  }

  /** The closed windows of the last minute, oldest first. */
  recent(): EventLoopWindow[] {
    return [...this.windows];
  }

  close(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private roll(): void {
    const h = this.histogram;
    const window: EventLoopWindow = {
      ends_at: new Date(this.now()).toISOString(),
      p50_ms: h.count === 0 ? 0 : ms(h.percentile(50)),
      p99_ms: h.count === 0 ? 0 : ms(h.percentile(99)),
      max_ms: h.count === 0 ? 0 : ms(h.max),
    };
    this.windows.push(window);
    if (this.windows.length > WINDOWS_KEPT) this.windows.shift();
    h.reset();
    this.onWindow(window);
  }
}
