import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * Everything in the data folder is the user's alone: the database holds donor names and
 * messages, and beside it live the tokens and credentials. Files are 0600, folders 0700.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Runs `create` with the process umask at 077, so files and folders that a library creates
 * (SQLite's database, a lock file) are private from their first byte. Synchronous only: the
 * umask is process-wide, and an await inside would lend it to unrelated code.
 */
export function withPrivateUmask<T>(create: () => T): T {
  // Worker threads may not change the umask; there the explicit modes and chmods still apply.
  if (process.platform === 'win32' || !isMainThread) return create();
  const previous = process.umask(0o077);
  try {
    return create();
  } finally {
    process.umask(previous);
  }
}

/**
 * chmod that leaves alone what it cannot change: a file that is not there (SQLite creates -wal
 * and -shm only when it needs them), or a read-only folder, whose real problem the write that
 * follows reports in its own words.
 */
function tighten(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    if (!['ENOENT', 'EROFS', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/** Makes a file private, if it exists. */
export function tightenFile(path: string): void {
  if (process.platform !== 'win32') tighten(path, PRIVATE_FILE_MODE);
}

/** A database's own file and the -wal and -shm files SQLite keeps beside it. */
export function tightenDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) tightenFile(file + suffix);
}

/**
 * Creates an empty private file where SQLite will write (a database, a backup), so that the
 * file and the journals SQLite derives from it (they copy its mode) are never readable by others.
 */
export function createPrivateFile(path: string): void {
  if (!existsSync(path)) {
    try {
      closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
    } catch {
      return; // a missing or read-only folder: SQLite's open that follows says so in its words
    }
  }
  tightenFile(path);
}

/**
 * Tightens a data folder that an older version (or a copy, or a restore) left readable: the
 * folder 0700, and 0600 for the app's own files in it (names starting with one of
 * `filePrefixes`) and everything in its own subfolders (`folders`, 0700). Nothing else is
 * touched: a data folder pointed at a folder that holds other things keeps them as they are.
 */
export function tightenDataFolder(dir: string, own: { filePrefixes: readonly string[]; folders: readonly string[] }): void {
  if (process.platform === 'win32') return;
  tighten(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && own.filePrefixes.some((prefix) => entry.name.startsWith(prefix))) tighten(path, PRIVATE_FILE_MODE);
    if (entry.isDirectory() && own.folders.includes(entry.name)) tightenFolder(path);
  }
}

/** A folder that only the app writes (backups): 0700, its files 0600. */
export function tightenFolder(dir: string): void {
  if (process.platform === 'win32') return;
  tighten(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) tighten(join(dir, entry.name), PRIVATE_FILE_MODE);
  }
}

/** Makes a rename or a new file in this folder durable (where the platform can open a folder). */
export function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces a private file's content all at once (a temporary file, fsync, rename): a reader sees
 * the old content or the new, never half, and the old content is in no file afterwards.
 */
export function replacePrivateFile(path: string, content: string): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', PRIVATE_FILE_MODE);
  try {
    chmodSync(temporary, PRIVATE_FILE_MODE);
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  syncFolder(dirname(path));
}
