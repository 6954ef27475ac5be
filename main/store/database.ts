import { closeSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createPrivateFile, tightenDatabaseFiles } from './private-files.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export class DatabaseFromFutureError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(
      `This database was written by a newer Telethon Desk (schema ${found}; this version knows up to ${known}). ` +
        'Update the app, or restore a backup made by this version.',
    );
    this.name = 'DatabaseFromFutureError';
  }
}

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron has its own ABI). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
  /** Milliseconds a write waits for another process's lock before failing (then: 503). */
  busyTimeoutMs?: number;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  // SQLite gives -wal and -shm the mode of the database file: a private file keeps them private.
  if (file !== ':memory:') {
    createPrivateFile(file);
    tightenDatabaseFiles(file);
  }
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`could not switch ${file} to WAL mode (got ${String(mode)})`);
    if (file !== ':memory:') tightenDatabaseFiles(file);
    // NORMAL for chat batches; donations switch to FULL for their own commit (see durably()).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Deleted or replaced content is overwritten with zeros, so a secret cleared from a row (the
    // move out of the database, an old backup restored) is not left in the page's free space.
    db.pragma('secure_delete = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 250}`);
    migrate(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > known) throw new DatabaseFromFutureError(current, known);
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return schemaVersion(db);
}

/**
 * Runs `write` in a transaction committed with synchronous=FULL: when this returns, the WAL
 * frames are on disk, so the caller may acknowledge the event to its sender.
 */
export function durably<T>(db: Db, write: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(write).immediate();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

/**
 * After a secret left the database: copies every page into the database file and empties the
 * WAL, so no older version of a page (with the secret in it) stays in either file. False when
 * a reader kept the WAL from being emptied; the next call (or the close) finishes it.
 */
export function forgetOldPages(db: Db): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return result === undefined || result.busy === 0;
}

/** True when the file's raw bytes contain one of `needles`; read in chunks (a database may be gigabytes). */
export function fileHolds(file: string, needles: readonly string[]): boolean {
  const patterns = needles.filter((n) => n.length > 0).map((n) => Buffer.from(n, 'utf8'));
  if (patterns.length === 0) return false;
  const overlap = Math.max(...patterns.map((p) => p.length)) - 1;
  const chunk = Buffer.alloc(8 * 1024 * 1024 + overlap);
  const fd = openSync(file, 'r');
  try {
    let carried = 0;
    for (;;) {
      const read = readSync(fd, chunk, carried, chunk.length - carried, null);
      const filled = carried + read;
      const view = chunk.subarray(0, filled);
      if (patterns.some((p) => view.includes(p))) return true;
      if (read === 0) return false;
      carried = Math.min(overlap, filled);
      chunk.copy(chunk, 0, filled - carried, filled);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * After secrets were cleared from a database that an older version wrote without secure_delete:
 * older copies of their rows can survive in free space and free pages. Empties the WAL, and if
 * the file still holds one of them, rebuilds it (VACUUM: every page written anew). Once per
 * database, at the upgrade; true when it had to rebuild.
 */
export function forgetSecrets(db: Db, secrets: readonly string[]): boolean {
  forgetOldPages(db);
  if (secrets.length === 0 || db.memory || !fileHolds(db.name, secrets)) return false;
  db.exec('VACUUM');
  forgetOldPages(db);
  return true;
}

/** SQLite failures that are about the machine (disk full, lock held, I/O), not about the input. */
export function isStorageFailure(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error) || !('code' in error)) return false;
  const code = String((error as { code: unknown }).code);
  return /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|NOMEM|CORRUPT|PROTOCOL)/.test(code);
}

/** A sentence a streamer understands for a storage failure. */
export function describeStorageFailure(error: Error & { code: string }): string {
  if (error.code.startsWith('SQLITE_FULL')) return 'The disk is full: new events cannot be saved until space is freed.';
  if (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED')) {
    return 'The database is locked by another program, so new events cannot be saved right now.';
  }
  if (error.code.startsWith('SQLITE_READONLY')) return 'The database file is read-only: new events cannot be saved.';
  return `The database could not save new events (${error.code}).`;
}

export { LATEST_SCHEMA_VERSION };
