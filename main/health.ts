import type { HealthView } from '../shared/views.js';

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

  constructor(private readonly databaseFile: string, private readonly onChange: () => void = () => {}) {}

  report(code: string, message: string, now = Date.now()): void {
    const existing = this.problems.get(code);
    if (existing?.message === message) return;
    this.problems.set(code, { message, since: existing?.since ?? now });
    this.onChange();
  }

  clear(code: string): void {
    if (this.problems.delete(code)) this.onChange();
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

  view(): HealthView {
    return {
      ok: this.problems.size === 0,
      problems: [...this.problems].map(([code, p]) => ({ code, message: p.message, since: new Date(p.since).toISOString() })),
      backups: {
        last_at: this.backup.lastAt === null ? null : new Date(this.backup.lastAt).toISOString(),
        last_file: this.backup.lastFile,
        last_error: this.backup.lastError,
      },
      database: this.databaseFile,
    };
  }
}
