import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CREDENTIALS_FILE, CredentialStore } from '../sources/credentials.js';
import { tempDir } from '../testing/harness.js';
import { safeStorageCipher } from './credential-cipher.js';

const xorStorage = (available: boolean) => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain: string) => Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)),
  decryptString: (encrypted: Buffer) => Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString(),
});

describe('credentials in the desktop app', () => {
  it('stores only what safeStorage encrypted, and reads it back', () => {
    const dir = tempDir();
    const cipher = safeStorageCipher(xorStorage(true));
    assert.ok(cipher);
    new CredentialStore(dir.path, cipher).set('twitch-1', 'oauth:abcdef123456');
    assert.doesNotMatch(readFileSync(join(dir.path, CREDENTIALS_FILE), 'utf8'), /abcdef123456/);
    assert.equal(new CredentialStore(dir.path, cipher).get('twitch-1'), 'oauth:abcdef123456');
    dir.remove();
  });

  it('falls back to the 0600 file when the OS offers no encryption', () => {
    assert.equal(safeStorageCipher(xorStorage(false)), null);
  });
});
