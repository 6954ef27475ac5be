import type { EventLoopWindow, HealthView } from '../shared/views.js';
import { EventLoopDelay } from './safety/event-loop.js';

/** What the app was doing when an unexpected error happened ("GET /api/totals", "Twitch chat of relay"). */
export type ReportInternal = (context: string, error: unknown) => void;

/** Requests that wait longer than this (p99 over 5 s) make the banner say the app is at its limit. */
const BUSY_MS = 250;

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** The error's own words, one line, without a stack. */
export function errorWords(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line || 'no message';
}

/**
 * Problems of the whole app right now, in plain words (the disk is full...). A problem is
 * cleared when the thing it is about works again.
 */
export class Health {
  private readonly problems = new Map<string, { message: string; since: number }>();
  private backup: { lastAt: number | null; lastFile: string | null; lastError: string | null } = {
    lastAt: null,
    lastFile: null,
    lastError: null,
  };
  private backupSpace: HealthView['backups']['space'] = null;
  private internal: { count: number; firstAt: number; lastAt: number; lastContext: string; lastMessage: string } | null = null;

  private readonly loop: EventLoopDelay;

  constructor(
    private readonly databaseFile: string,
    private readonly onChange: () => void = () => {},
    /** How often the event loop's delay is read (5 s; shorter in tests). */
    loopWindowMs?: number,
  ) {
    this.loop = new EventLoopDelay((window) => this.loopWindow(window), loopWindowMs);
  }

  close(): void {
    this.loop.close();
  }

  /**
   * Every 5 s the dashboards get the new figure; past BUSY_MS of waiting the banner says the
   * app works at its limit, until a window is back under half of it.
   */
  private loopWindow(window: EventLoopWindow): void {
    if (window.p99_ms > BUSY_MS) {
      const waited = window.p99_ms >= 1_000 ? `${(window.p99_ms / 1_000).toFixed(1)} s` : `${Math.round(window.p99_ms)} ms`;
      this.report('busy', `Telethon Desk is working at its limit: requests waited up to ${waited} in the last 5 seconds. Nothing is lost; the dashboards may lag until the rush passes.`);
    } else if (window.p99_ms < BUSY_MS / 2) {
      this.clear('busy');
    }
    this.onChange();
  }

  report(code: string, message: string, now = Date.now()): void {
    const existing = this.problems.get(code);
    if (existing?.message === message) return;
    this.problems.set(code, { message, since: existing?.since ?? now });
    this.onChange();
  }

  clear(code: string): void {
    if (this.problems.delete(code)) this.onChange();
  }

  /**
   * An error the app did not expect (a bug, or a platform sending what it never sent before):
   * the request, socket or timer it happened in was answered or skipped and the app kept
   * running. Logged here, once, with its context and stack; counted and shown on the banner
   * until the app restarts, so the owner can mention it when asking for help.
   */
  internalError(context: string, error: unknown, now = Date.now()): void {
    console.error(`Internal error while ${context}:`, error);
    const previous = this.internal;
    this.internal = {
      count: (previous?.count ?? 0) + 1,
      firstAt: previous?.firstAt ?? now,
      lastAt: now,
      lastContext: context,
      lastMessage: errorWords(error),
    };
    const { count, firstAt } = this.internal;
    const times = count === 1 ? 'An unexpected error' : `${count} unexpected errors since ${clock(firstAt)} UTC`;
    this.report(
      'internal',
      `${times}: Telethon Desk kept running. The last one at ${clock(now)} UTC, while ${context}: ${errorWords(error)}. ` +
        'The log has the details; the rest of the app works.',
      now,
    );
  }

  backedUp(file: string, now = Date.now()): void {
    this.backup = { lastAt: now, lastFile: file, lastError: null };
    this.clear('backup');
    this.onChange();
  }

  backupFailed(message: string): void {
    this.backup = { ...this.backup, lastError: message };
    this.report('backup', `The last backup failed: ${message}`);
  }

  /** The backups' size against their budget and the disk's free space, after each backup or check. */
  backupSpaceMeasured(space: NonNullable<HealthView['backups']['space']>): void {
    this.backupSpace = space;
    this.onChange();
  }

  view(): HealthView {
    return {
      ok: this.problems.size === 0,
      problems: [...this.problems].map(([code, p]) => ({ code, message: p.message, since: new Date(p.since).toISOString() })),
      backups: {
        last_at: this.backup.lastAt === null ? null : new Date(this.backup.lastAt).toISOString(),
        last_file: this.backup.lastFile,
        last_error: this.backup.lastError,
        space: this.backupSpace,
      },
      internal_errors: this.internal
        ? {
            count: this.internal.count,
            last_at: new Date(this.internal.lastAt).toISOString(),
            last_context: this.internal.lastContext,
            last_message: this.internal.lastMessage,
          }
        : { count: 0, last_at: null, last_context: null, last_message: null },
      database: this.databaseFile,
      event_loop: this.loop.recent(),
    };
  }
}
