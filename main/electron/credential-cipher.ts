import type { CredentialCipher } from '../sources/credentials.js';

/** The part of Electron's safeStorage the app uses (the OS keychain, DPAPI or libsecret). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Platform credentials encrypted by the OS in the desktop app; null where it cannot (then 0600 only). */
export function safeStorageCipher(safeStorage: SafeStorageLike): CredentialCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
}
