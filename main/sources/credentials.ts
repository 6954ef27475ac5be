import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replacePrivateFile } from '../store/private-files.js';

export const CREDENTIALS_FILE = 'credentials.json';

/** The store's entry for a webhook source's signing secret (apart from any platform credential). */
export const webhookSecretEntry = (sourceId: string): string => `${sourceId}:webhook-secret`;

/** Encryption the desktop app lends (Electron's safeStorage); headless, the file's 0600 mode protects it. */
export interface CredentialCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/**
 * Platform credentials (OAuth tokens, socket tokens, API secrets) and webhook signing secrets
 * per source, kept out of the database (which may be shared for analysis, and is copied into
 * every backup) in a 0600 file in the data folder. Never logged, never sent back through the API.
 */
export class CredentialStore {
  private readonly file: string;
  private entries: Record<string, string>;
  private readonly plain = new Map<string, string>();

  constructor(dataDir: string, private readonly cipher: CredentialCipher | null = null) {
    this.file = join(dataDir, CREDENTIALS_FILE);
    this.entries = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {};
  }

  get(sourceId: string): string | null {
    const known = this.plain.get(sourceId);
    if (known !== undefined) return known;
    const stored = this.entries[sourceId];
    if (stored === undefined) return null;
    // Decrypted once: a webhook secret is read on every request, and the OS keychain is slow.
    const plain = this.cipher ? this.cipher.decrypt(stored) : stored;
    this.plain.set(sourceId, plain);
    return plain;
  }

  has(sourceId: string): boolean {
    return sourceId in this.entries;
  }

  set(sourceId: string, credential: string): void {
    this.entries = { ...this.entries, [sourceId]: this.cipher ? this.cipher.encrypt(credential) : credential };
    this.plain.delete(sourceId);
    this.save();
  }

  delete(sourceId: string): void {
    const { [sourceId]: _removed, ...rest } = this.entries;
    this.entries = rest;
    this.plain.delete(sourceId);
    this.save();
  }

  /** On disk when this returns (a secret is cleared from the database only after that). */
  private save(): void {
    replacePrivateFile(this.file, JSON.stringify(this.entries));
  }
}
