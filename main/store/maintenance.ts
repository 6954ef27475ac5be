import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/entry.js';

/** What the worker thread is given at its start (workerData). */
export interface MaintenanceSetup {
  databaseFile: string;
  nativeBinding: string | null;
  checkpointEveryMs: number;
  busyTimeoutMs: number;
}

export type MaintenanceRequest = { kind: 'copy'; id: number; file: string } | { kind: 'close' };

export type MaintenanceReply =
  | { kind: 'ready' }
  | { kind: 'copied'; id: number; ms: number }
  | { kind: 'copy-failed'; id: number; message: string; code: string | null }
  | { kind: 'checkpoint-failed'; message: string; code: string | null };

export interface MaintenanceOptions {
  /** The same better_sqlite3.node as the server's connection (Electron passes its own). */
  nativeBinding?: string;
  /** A PASSIVE checkpoint this often (default every second). */
  checkpointEveryMs?: number;
  /** The worker stopped unexpectedly or cannot start: said on the health banner. */
  onStopped?: (message: string, error: Error) => void;
  /** It runs again after having stopped. */
  onRunning?: () => void;
  onCheckpointFailed?: (error: Error & { code: string | null }) => void;
}

const FIRST_RESTART_MS = 1_000;
const LAST_RESTART_MS = 60_000;

function startThread(setup: MaintenanceSetup): Worker {
  const source = typeof __dirname === 'string' ? null : new URL('./maintenance-worker.ts', import.meta.url);
  return startWorker('maintenance-worker', source, { workerData: setup });
}

/**
 * Checkpoints and backup copies on a worker thread with its own connection to the live
 * database: under a flood a checkpoint copies many WAL frames and fsyncs, and a backup reads
 * gigabytes; on the server's thread either would hold every request for that long. A worker
 * that stops is restarted (after 1 s, then up to a minute apart while it keeps failing) and
 * said through onStopped; a copy under way when it stopped fails, which the backups report.
 */
export class DatabaseMaintenance {
  private thread: Worker | null = null;
  private closing: Promise<void> | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartDelay = FIRST_RESTART_MS;
  private stopped = false;
  private nextId = 1;
  private readonly copies = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly setup: MaintenanceSetup;

  constructor(readonly databaseFile: string, private readonly options: MaintenanceOptions = {}) {
    this.setup = {
      databaseFile,
      nativeBinding: options.nativeBinding ?? null,
      checkpointEveryMs: options.checkpointEveryMs ?? 1_000,
      busyTimeoutMs: 5_000,
    };
    this.ensureThread();
  }

  /** Copies one consistent snapshot of the database into `file` (which may exist, empty). */
  copySnapshot(file: string): Promise<void> {
    if (this.closing) return Promise.reject(new Error('the app is closing'));
    const thread = this.ensureThread();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.copies.set(id, { resolve, reject });
      thread.postMessage({ kind: 'copy', id, file } satisfies MaintenanceRequest);
    });
  }

  /** The running thread, for tests that stop it as a crash would. */
  get worker(): Worker | null {
    return this.thread;
  }

  /** Ends the worker (its checkpoints and its connection); before the server's last checkpoint. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.restartTimer) clearTimeout(this.restartTimer);
      const thread = this.thread;
      if (!thread) return;
      const exited = new Promise<void>((done) => thread.once('exit', () => done()));
      thread.postMessage({ kind: 'close' } satisfies MaintenanceRequest);
      await exited;
    })();
    return this.closing;
  }

  private ensureThread(): Worker {
    if (this.thread) return this.thread;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const thread = startThread(this.setup);
    this.thread = thread;
    let failure: Error | null = null;
    thread.on('message', (reply: MaintenanceReply) => this.received(reply));
    thread.on('error', (error) => {
      failure = error;
    });
    thread.on('exit', (code) => {
      this.thread = null;
      if (this.closing) return;
      const error = failure ?? new Error(`it ended unexpectedly, exit code ${code}`);
      for (const [id, copy] of this.copies) {
        this.copies.delete(id);
        copy.reject(new Error(`the backup worker stopped during the copy (${error.message})`));
      }
      this.stopped = true;
      this.options.onStopped?.(
        `Backups and checkpoints are paused: their background worker stopped (${error.message}). ` +
          `Telethon Desk restarts it in ${Math.round(this.restartDelay / 1000)} s; chat and donations are still saved.`,
        error,
      );
      this.restartTimer = setTimeout(() => this.ensureThread(), this.restartDelay);
      this.restartTimer.unref();
      this.restartDelay = Math.min(LAST_RESTART_MS, this.restartDelay * 2);
    });
    return thread;
  }

  private received(reply: MaintenanceReply): void {
    if (reply.kind === 'ready') {
      this.restartDelay = FIRST_RESTART_MS;
      if (this.stopped) this.options.onRunning?.();
      this.stopped = false;
    } else if (reply.kind === 'checkpoint-failed') {
      this.options.onCheckpointFailed?.(Object.assign(new Error(reply.message), { code: reply.code }));
    } else {
      const copy = this.copies.get(reply.id);
      this.copies.delete(reply.id);
      if (reply.kind === 'copied') copy?.resolve();
      else copy?.reject(Object.assign(new Error(reply.message), reply.code === null ? {} : { code: reply.code }));
    }
  }
}
