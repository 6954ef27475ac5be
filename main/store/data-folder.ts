import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The data folder cannot be used; the message is one sentence that says what to do. */
export class DataFolderError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'DataFolderError';
  }
}

const CHOOSE = 'Choose another folder with --data-dir';

/** The nearest part of `path` that exists and is a file, for "X is a file, not a folder". */
function fileOnPath(path: string): string | null {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      return statSync(dir).isDirectory() ? null : dir;
    } catch {
      // not there: look one level up
    }
    if (dirname(dir) === dir) return null;
  }
}

/** A sentence a streamer understands for a file-system error on the data folder. */
export function describeFolderFailure(dir: string, error: unknown): DataFolderError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'UNKNOWN';
  const raw = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'EROFS':
      return new DataFolderError(`Telethon Desk cannot write to ${dir}: the folder is on a read-only disk. ${CHOOSE} or make that disk writable.`, code);
    case 'EACCES':
    case 'EPERM':
      return new DataFolderError(
        `Telethon Desk cannot write to ${dir}: this user is not allowed to (the folder is read-only or locked). ${CHOOSE} or fix its permissions.`,
        code,
      );
    case 'ENOTDIR':
    case 'EEXIST': {
      const file = fileOnPath(dir);
      return new DataFolderError(
        `Telethon Desk cannot use ${dir} as its data folder: ${file ?? 'a part of that path'} is a file, not a folder. ${CHOOSE}.`,
        code,
      );
    }
    case 'ENOSPC':
    case 'EDQUOT':
      return new DataFolderError(`Telethon Desk cannot write to ${dir}: the disk is full. Free some space, or ${CHOOSE.toLowerCase()}.`, code);
    default:
      return new DataFolderError(`Telethon Desk cannot write to ${dir} (${raw}). ${CHOOSE} or fix its permissions.`, code);
  }
}

/**
 * Makes the data folder (0700) and proves it can be written, before anything else touches it:
 * a read-only disk, a folder of another user or a path through a file then ends the start with
 * one clear sentence instead of an EROFS from deep inside SQLite.
 */
export function prepareDataFolder(dir: string): void {
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(probe, 'ok', { mode: 0o600 });
    rmSync(probe, { force: true });
  } catch (error) {
    throw describeFolderFailure(dir, error);
  }
}
