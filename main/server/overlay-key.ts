import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, forgetOldPages } from '../store/database.js';
import { replacePrivateFile } from '../store/private-files.js';

export const OVERLAY_KEY_FILE = 'overlay-key';
const KEY_HASH_SETTING = 'overlay_key_sha256';
/** Where versions before migration 10 kept the key itself. */
const LEGACY_KEY_SETTING = 'overlay_key';
const MAX_KEY_LENGTH = 200;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The key in every overlay URL. The owner needs it in plain to copy the URLs into OBS, so it is
 * kept like the owner token: in the data folder's `overlay-key` file (0600), never in the
 * database, which holds only its SHA-256 (what requests are checked against) and is copied into
 * every backup. The file is the truth: a database restored from a backup takes its hash from
 * the file, so a rotation made after the backup is kept. A rotation replaces the file whole and
 * empties the WAL, so the old key is in no file of the data folder afterwards.
 */
export class OverlayKey {
  private key: string;
  private hash: Buffer;
  private readonly file: string;
  /** The key an older version kept in the database, now moved out (its old copies must go too). */
  readonly movedFromDatabase: string | null;

  constructor(private readonly db: Db, dataDir: string, private readonly onRotated: () => void = () => {}) {
    this.file = join(dataDir, OVERLAY_KEY_FILE);
    const legacy =
      db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(LEGACY_KEY_SETTING)?.value ?? null;
    let key = this.readFile();
    if (key === null) {
      // An older version's key is adopted, so the URLs already in OBS keep working. Written to
      // the file before it leaves the database: a crash in between loses nothing.
      key = legacy ?? newKey();
      replacePrivateFile(this.file, `${key}\n`);
    }
    this.key = key;
    this.hash = sha256(key);
    db.transaction(() => {
      this.storeHash();
      if (legacy !== null) db.prepare('DELETE FROM settings WHERE key = ?').run(LEGACY_KEY_SETTING);
    })();
    this.movedFromDatabase = legacy;
  }

  get current(): string {
    return this.key;
  }

  matches(given: unknown): boolean {
    return typeof given === 'string' && given.length <= MAX_KEY_LENGTH && timingSafeEqual(sha256(given), this.hash);
  }

  rotate(): string {
    const key = newKey();
    replacePrivateFile(this.file, `${key}\n`);
    this.key = key;
    this.hash = sha256(key);
    this.storeHash();
    forgetOldPages(this.db);
    this.onRotated();
    return key;
  }

  private storeHash(): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(KEY_HASH_SETTING, this.hash.toString('hex'));
  }

  private readFile(): string | null {
    if (!existsSync(this.file)) return null;
    const key = readFileSync(this.file, 'utf8').trim();
    return key.length >= 16 && key.length <= MAX_KEY_LENGTH ? key : null;
  }
}

const newKey = (): string => randomBytes(18).toString('base64url');
