import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/database.js';
import { PRIVATE_DIR_MODE, createPrivateFile, tightenFile, tightenFolder } from '../store/private-files.js';

export const BACKUP_PREFIX = 'telethon-';

export interface BackupOptions {
  dir: string;
  intervalMs: number;
  keep: number;
  onDone?: (file: string) => void;
  onFailed?: (message: string) => void;
}

/**
 * Online backups with SQLite's backup API (the app keeps writing meanwhile), every few
 * minutes, keeping the newest `keep` files.
 */
export class Backups {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string> | null = null;

  constructor(private readonly db: Db, private readonly options: BackupOptions) {
    mkdirSync(options.dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    tightenFolder(options.dir);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runNow().catch(() => {});
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Makes a backup now (or joins the one under way); resolves to its file. */
  runNow(now = new Date()): Promise<string> {
    if (this.running) return this.running;
    const file = join(this.options.dir, `${BACKUP_PREFIX}${now.toISOString().replace(/[:.]/g, '-')}.sqlite`);
    // A backup holds everything the database does: private before its first page is copied.
    createPrivateFile(file);
    this.running = this.db
      .backup(file)
      .then(() => {
        tightenFile(file);
        this.prune();
        this.options.onDone?.(file);
        return file;
      })
      .catch((error: unknown) => {
        rmSync(file, { force: true });
        this.options.onFailed?.(error instanceof Error ? error.message : String(error));
        throw error;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  list(): string[] {
    return readdirSync(this.options.dir)
      .filter((name) => name.startsWith(BACKUP_PREFIX) && name.endsWith('.sqlite'))
      .sort()
      .map((name) => join(this.options.dir, name));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  private prune(): void {
    const files = this.list();
    for (const file of files.slice(0, Math.max(0, files.length - this.options.keep))) rmSync(file, { force: true });
  }
}
