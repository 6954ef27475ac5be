import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../shared/views.js';
import { type Caller, Invites, OWNER_CALLER } from '../people/invites.js';
import type { Db } from '../store/database.js';
import type { SecurityJournal } from '../store/security-journal.js';
import { OverlayKey } from './overlay-key.js';

export const OWNER_TOKEN_FILE = 'owner-token';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The owner token comes from TELETHON_OWNER_TOKEN, or is made on first start and kept in the
 * data folder (mode 0600). It is never stored in the database, which may be shared for analysis.
 */
export function loadOwnerToken(dataDir: string, fromEnvironment: string | undefined): { token: string; created: boolean } {
  if (fromEnvironment && fromEnvironment.trim().length >= 16) return { token: fromEnvironment.trim(), created: false };
  if (fromEnvironment) throw new Error('TELETHON_OWNER_TOKEN must be at least 16 characters long');
  const file = join(dataDir, OWNER_TOKEN_FILE);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, created: false };
  }
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, created: true };
}

export class Auth {
  private readonly overlayKey: OverlayKey;
  readonly invites: Invites;

  /** `journal` keeps revocations and key rotations across a restored backup (SecurityJournal). */
  constructor(db: Db, private readonly ownerToken: string, secrets: { dataDir: string; journal: SecurityJournal }) {
    const { journal } = secrets;
    this.invites = new Invites(db, { journal });
    this.overlayKey = new OverlayKey(db, secrets.dataDir, () => journal.record({ at: new Date().toISOString(), kind: 'overlay_key_rotated' }));
  }

  /** Who a bearer token stands for (the owner, or an invite that is not revoked), or null. */
  callerOf(token: unknown): Caller | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    if (sameSecret(token, this.ownerToken)) return OWNER_CALLER;
    return this.invites.callerOf(token);
  }

  /** The role a bearer token carries, or null. */
  roleOf(token: unknown): Role | null {
    return this.callerOf(token)?.role ?? null;
  }

  callerOfRequest(authorization: string | undefined): Caller | null {
    const match = /^Bearer ([\x21-\x7e]+)$/.exec(authorization ?? '');
    return match ? this.callerOf(match[1]) : null;
  }

  /** The request carries an invite token that the owner revoked. */
  isRevokedRequest(authorization: string | undefined): boolean {
    const match = /^Bearer ([\x21-\x7e]+)$/.exec(authorization ?? '');
    return match ? this.invites.wasRevoked(match[1]!) : false;
  }

  /** The overlay key an older version kept in the database, moved out at this start (or null). */
  get overlayKeyMovedFromDatabase(): string | null {
    return this.overlayKey.movedFromDatabase;
  }

  isOverlayKey(key: unknown): boolean {
    return this.overlayKey.matches(key);
  }

  get currentOverlayKey(): string {
    return this.overlayKey.current;
  }

  rotateOverlayKey(): string {
    return this.overlayKey.rotate();
  }
}
