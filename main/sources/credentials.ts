import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CREDENTIALS_FILE = 'credentials.json';

/** Encryption the desktop app lends (Electron's safeStorage); headless, the file's 0600 mode protects it. */
export interface CredentialCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/**
 * Platform credentials (OAuth tokens, socket tokens, API secrets) per source, kept out of the
 * database (which may be shared for analysis) in a 0600 file in the data folder. Never logged,
 * never sent back through the API.
 */
export class CredentialStore {
  private readonly file: string;
  private entries: Record<string, string>;

  constructor(dataDir: string, private readonly cipher: CredentialCipher | null = null) {
    this.file = join(dataDir, CREDENTIALS_FILE);
    this.entries = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {};
  }

  get(sourceId: string): string | null {
    const stored = this.entries[sourceId];
    if (stored === undefined) return null;
    return this.cipher ? this.cipher.decrypt(stored) : stored;
  }

  has(sourceId: string): boolean {
    return sourceId in this.entries;
  }

  set(sourceId: string, credential: string): void {
    this.entries = { ...this.entries, [sourceId]: this.cipher ? this.cipher.encrypt(credential) : credential };
    this.save();
  }

  delete(sourceId: string): void {
    const { [sourceId]: _removed, ...rest } = this.entries;
    this.entries = rest;
    this.save();
  }

  private save(): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.entries), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }
}
