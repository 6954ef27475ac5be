import { existsSync, mkdirSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupSpaceView } from '../../shared/views.js';
import { PRIVATE_DIR_MODE, createPrivateFile, tightenFile, tightenFolder } from '../store/private-files.js';

export const BACKUP_PREFIX = 'telethon-';

const GB = 1024 ** 3;
const HOUR = 3_600_000;

export interface BackupOptions {
  dir: string;
  intervalMs: number;
  /** At most this many files (the default 72: two hours every 5 minutes, then hourly for two days). */
  keep: number;
  /** Backups younger than this are all kept; older ones, the newest of each hour. Default 2 h. */
  recentMs?: number;
  /** The most all backups may take together. Default: see defaultBudget(). */
  budgetBytes?: number;
  /** A backup is skipped when the copy would leave less than this free on the disk. Default 1 GiB. */
  minFreeBytes?: number;
  onDone?: (file: string) => void;
  onFailed?: (message: string) => void;
  /** After each backup or skip: what the backups take, and a warning about disk space or null. */
  onSpace?: (space: BackupSpaceView, warning: string | null) => void;
}

/** Where the backups copy from: the live database, through DatabaseMaintenance's worker. */
export interface SnapshotSource {
  readonly databaseFile: string;
  /** One consistent snapshot into `file`, while the app keeps writing. */
  copySnapshot(file: string): Promise<void>;
}

/** Thrown (and reported through onSpace) when a backup would fill the disk. */
export class BackupSkipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupSkipped';
  }
}

/** "1.7 GB", "820 MB": sizes as a streamer reads them. */
export function bytesInWords(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Without an explicit budget: room for four copies of the database, at least 2 GB, but never
 * more than a quarter of what the disk could give the backups (free space plus what they
 * already take), so backups alone never fill a disk. 24 copies of a 1.7 GB database would be
 * 41 GB; with this budget they stay under 6.8 GB.
 */
export function defaultBudget(databaseBytes: number, freeBytes: number | null, backupBytes: number): number {
  const wanted = Math.max(4 * databaseBytes, 2 * GB);
  return freeBytes === null ? wanted : Math.min(wanted, Math.floor((freeBytes + backupBytes) / 4));
}

/** A backup's time, from its file name (telethon-2026-11-23T10-05-00-000Z.sqlite). */
function takenAt(file: string): number {
  const stamp = /telethon-(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z\.sqlite$/.exec(file);
  return stamp ? Date.parse(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}.${stamp[5]}Z`) : 0;
}

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/**
 * Online backups (the app keeps writing meanwhile; the copy runs on the maintenance worker,
 * off the server's thread), every few minutes, within a disk budget: recent ones all kept, older ones thinned to one an hour, at
 * most `keep` files and `budgetBytes` together (the oldest go first; the newest always stays).
 * Before each copy the free disk is checked: a copy that would leave less than `minFreeBytes`
 * is skipped with a warning on the health banner instead of filling the disk the database needs.
 */
export class Backups {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string> | null = null;

  constructor(private readonly source: SnapshotSource, private readonly options: BackupOptions) {
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
    try {
      const skipped = this.roomFor(now);
      if (skipped) {
        this.options.onSpace?.(this.space(now), skipped);
        return Promise.reject(new BackupSkipped(skipped));
      }
    } catch (error) {
      // The backups folder vanished or cannot be read: a failed backup, said on the banner.
      this.options.onFailed?.(error instanceof Error ? error.message : String(error));
      return Promise.reject(error);
    }
    // A backup holds everything the database does: private before its first page is copied.
    createPrivateFile(file);
    this.running = this.source
      .copySnapshot(file)
      .then(() => {
        tightenFile(file);
        this.prune(now.getTime());
        this.options.onDone?.(file);
        const space = this.space(now);
        this.options.onSpace?.(space, this.lowDiskWarning(space));
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

  /** The backups' count and size, their budget and the free disk, now. */
  space(now = new Date()): BackupSpaceView {
    const files = this.list();
    const total = files.reduce((sum, file) => sum + sizeOf(file), 0);
    const free = this.freeBytes();
    return {
      count: files.length,
      total_bytes: total,
      budget_bytes: this.budget(free, total),
      free_bytes: free,
      measured_at: now.toISOString(),
    };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  private databaseBytes(): number {
    const file = this.source.databaseFile;
    return sizeOf(file) + (existsSync(`${file}-wal`) ? sizeOf(`${file}-wal`) : 0);
  }

  private freeBytes(): number | null {
    try {
      const stats = statfsSync(this.options.dir);
      return Number(stats.bavail) * Number(stats.bsize);
    } catch {
      return null;
    }
  }

  private budget(free: number | null, backupBytes: number): number {
    return this.options.budgetBytes ?? defaultBudget(this.databaseBytes(), free, backupBytes);
  }

  private get minFree(): number {
    return this.options.minFreeBytes ?? GB;
  }

  /** Why a copy now would fill the disk, or null when it fits. */
  private roomFor(now: Date): string | null {
    const free = this.freeBytes();
    if (free === null) return null;
    const copy = this.databaseBytes();
    if (free - copy >= this.minFree) return null;
    return (
      `Backup skipped at ${now.toISOString().slice(11, 16)} UTC: the disk holding ${this.options.dir} has ${bytesInWords(free)} free, ` +
      `and a copy of the database (${bytesInWords(copy)}) would leave less than ${bytesInWords(this.minFree)}. ` +
      'Free some space on that disk; the app tries again at the next backup.'
    );
  }

  /** A warning while the next two copies would not fit above the margin. */
  private lowDiskWarning(space: BackupSpaceView): string | null {
    if (space.free_bytes === null) return null;
    const copy = this.databaseBytes();
    if (space.free_bytes >= this.minFree + 2 * copy) return null;
    return (
      `The disk holding the backups is nearly full: ${bytesInWords(space.free_bytes)} free. ` +
      `Backups stop when a copy (${bytesInWords(copy)}) would leave less than ${bytesInWords(this.minFree)}: free some space soon.`
    );
  }

  /**
   * Recent backups all stay; older ones are thinned to the newest of each hour; then the oldest
   * go until at most `keep` remain within the budget. The newest backup is never removed.
   */
  private prune(now: number): void {
    const recentMs = this.options.recentMs ?? 2 * HOUR;
    const files = this.list(); // oldest first
    const newestOfHour = new Map<number, string>();
    for (const file of files) newestOfHour.set(Math.floor(takenAt(file) / HOUR), file);
    const remove = (file: string) => rmSync(file, { force: true });
    let kept = files.filter((file) => {
      const thin = now - takenAt(file) > recentMs && newestOfHour.get(Math.floor(takenAt(file) / HOUR)) !== file;
      if (thin) remove(file);
      return !thin;
    });
    while (kept.length > Math.max(1, this.options.keep)) remove(kept.shift()!);
    let total = kept.reduce((sum, file) => sum + sizeOf(file), 0);
    const budget = this.budget(this.freeBytes(), total);
    while (kept.length > 1 && total > budget) {
      const oldest = kept.shift()!;
      total -= sizeOf(oldest);
      remove(oldest);
    }
  }
}
