import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION } from '../store/database.js';
import { lockHolder } from '../store/lock.js';
import { tightenFile } from '../store/private-files.js';
import { SECURITY_JOURNAL_FILE } from '../store/security-journal.js';

import { DATABASE_FILE } from '../store/files.js';

/**
 * Puts a backup in place of the live database. The app must be stopped; the current database
 * (with its -wal and -shm files) is kept beside it as telethon.sqlite.before-restore-<time>.
 * Only the database goes back in time: the security journal, the credential store and the
 * overlay-key file stay, and the next start re-applies the journal's revocations to it.
 * Returns the folder's new state in a sentence.
 */
export function restoreBackup(dataDir: string, backupFile: string, now = new Date()): string {
  const holder = lockHolder(dataDir);
  if (holder !== null) throw new Error(`Telethon Desk is running with this data folder (process ${holder}): close it before restoring.`);
  if (!existsSync(backupFile)) throw new Error(`There is no backup file at ${backupFile}.`);
  // Writable though it only reads: a read-only connection to a WAL-mode backup leaves -wal and
  // -shm files beside it, which a writable one removes when it closes.
  const check = new Database(backupFile, { fileMustExist: true });
  try {
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`The backup ${backupFile} is damaged (integrity_check: ${String(integrity)}); choose another.`);
    const version = Number(check.pragma('user_version', { simple: true }));
    if (version > LATEST_SCHEMA_VERSION) throw new Error(`The backup was made by a newer Telethon Desk (schema ${version}); update the app first.`);
  } finally {
    check.close();
  }
  const live = join(dataDir, DATABASE_FILE);
  const aside = `${live}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
  let kept = '';
  if (existsSync(live)) {
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(live + suffix)) renameSync(live + suffix, aside + suffix);
    kept = ` The database it replaced is kept as ${aside}.`;
  }
  copyFileSync(backupFile, live);
  // copyFile keeps the backup's mode, and a backup from an older version may be 0644.
  tightenFile(live);
  return (
    `Restored ${backupFile} into ${live}.${kept} Invites revoked and overlay keys rotated since that backup stay so ` +
    `(${SECURITY_JOURNAL_FILE} is applied again at the next start), and webhook secrets and the overlay key, kept outside ` +
    'the database, are the current ones.'
  );
}
