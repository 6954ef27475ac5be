import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type CredentialStore, webhookSecretEntry } from '../sources/credentials.js';
import { forgetSecrets } from '../store/database.js';
import { tightenDatabaseFiles } from '../store/private-files.js';

/**
 * Copies of the database that an older version made (backups, a database kept aside by a
 * restore) still hold webhook secrets and the overlay key in plain text: whoever got one could
 * forge donations. Clears them in place, with secure_delete on, once the secret is safe in the
 * credential store (and the key in the overlay-key file); a copy whose secret is nowhere else
 * is left whole. Returns the files changed.
 */
export function scrubSecretsFromCopies(files: readonly string[], credentials: CredentialStore, options: { nativeBinding?: string } = {}): string[] {
  const changed: string[] = [];
  for (const file of files) {
    if (!existsSync(file) || !holdsSecrets(file, options)) continue;
    const copy = new Database(file, { fileMustExist: true, ...options });
    try {
      copy.pragma('secure_delete = ON');
      const held = copy.prepare<[], { id: string; secret: string }>('SELECT id, secret FROM sources WHERE secret IS NOT NULL').all();
      const cleared = held.filter(({ id }) => credentials.has(webhookSecretEntry(id)));
      const key = copy.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'overlay_key'").get()?.value;
      copy.transaction(() => {
        for (const { id } of cleared) copy.prepare('UPDATE sources SET secret = NULL WHERE id = ?').run(id);
        copy.prepare("DELETE FROM settings WHERE key = 'overlay_key'").run();
      })();
      // An older version wrote without secure_delete: copies of the rows may survive in free
      // space. If the file still holds one, it is rebuilt page by page.
      forgetSecrets(copy, [...cleared.map((row) => row.secret), ...(key === undefined ? [] : [key])]);
    } finally {
      copy.close();
    }
    tightenDatabaseFiles(file);
    changed.push(file);
  }
  return changed;
}

function holdsSecrets(file: string, options: { nativeBinding?: string }): boolean {
  // Opened for writing though only read: a read-only connection to a WAL-mode copy leaves
  // -wal and -shm files beside it, which a writable one removes when it closes.
  const copy = new Database(file, { fileMustExist: true, ...options });
  try {
    const has = (table: string) => copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (!has('sources') || !has('settings')) return false;
    const columns = copy.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('sources')").all();
    const secrets = columns.some((c) => c.name === 'secret')
      ? copy.prepare<[], { n: number }>('SELECT count(*) AS n FROM sources WHERE secret IS NOT NULL').get()?.n ?? 0
      : 0;
    const key = copy.prepare("SELECT 1 FROM settings WHERE key = 'overlay_key'").get() !== undefined;
    return secrets > 0 || key;
  } catch {
    return false; // not a database this version can read: left as it is
  } finally {
    copy.close();
  }
}

/** The copies of the database in a data folder: its backups and what restores kept aside. */
export function databaseCopies(dataDir: string, databaseFile: string, backupDir: string): string[] {
  const aside = readdirSync(dataDir)
    .filter((name) => name.startsWith(`${databaseFile}.before-restore-`) && !name.endsWith('-wal') && !name.endsWith('-shm'))
    .map((name) => join(dataDir, name));
  const backups = existsSync(backupDir)
    ? readdirSync(backupDir).filter((name) => name.endsWith('.sqlite')).map((name) => join(backupDir, name))
    : [];
  return [...aside, ...backups];
}
