import { createHash, randomBytes } from 'node:crypto';
import { type Result, fail, ok } from '../../shared/result.js';
import type { InviteView, Role } from '../../shared/views.js';
import type { Db } from '../store/database.js';
import type { SecurityJournal } from '../store/security-journal.js';

/** Who is calling: the role decides what they may do, the actor is who did it (audit, flags). */
export interface Caller {
  role: Role;
  /** "owner", or "invite:<id>" for someone who came with an invite link. */
  actor: string;
  name: string;
}

export const OWNER_CALLER: Caller = { role: 'owner', actor: 'owner', name: 'Owner' };

const INVITE_ROLES = ['moderator', 'viewer'] as const;
const NAME_MAX = 60;

interface InviteRow {
  id: string;
  role: Role;
  name: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Invite links: a token per person and role (moderator or viewer). Only the token's SHA-256 is
 * stored, so the database can be shared without handing out access. Revoking ends the person's
 * sessions at once: requests with the token are refused from that moment, and `onRevoked` lets
 * the sockets close theirs.
 */
export class Invites {
  private readonly byHash = new Map<string, InviteRow>();
  /** Revoked links are recognised, so their holder hears "revoked" (403) rather than "unknown". */
  private readonly revokedHashes = new Set<string>();
  private readonly sql;
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly hooks: {
      onRevoked?: (actor: string) => void;
      connected?: (actor: string) => number;
      now?: () => number;
      /** Revocations written outside the database, so that a restored backup cannot undo them. */
      journal?: SecurityJournal;
    } = {},
  ) {
    this.sql = {
      insert: db.prepare('INSERT INTO invites (id, role, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
      revoke: db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      all: db.prepare<[], InviteRow>('SELECT * FROM invites ORDER BY created_at, id'),
      one: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE id = ?'),
      touch: db.prepare('UPDATE invites SET last_seen_at = ? WHERE id = ?'),
    };
    for (const row of this.sql.all.all()) {
      if (row.revoked_at === null) this.byHash.set(row.token_hash, row);
      else this.revokedHashes.add(row.token_hash);
    }
    // Also invites this database never knew (created and revoked after a restored backup).
    for (const hash of hooks.journal?.revokedTokenHashes() ?? []) {
      this.byHash.delete(hash);
      this.revokedHashes.add(hash);
    }
  }

  set onRevoked(handler: (actor: string) => void) {
    this.hooks.onRevoked = handler;
  }

  set connected(count: (actor: string) => number) {
    this.hooks.connected = count;
  }

  /** The caller an invite token stands for, or null (unknown or revoked). */
  callerOf(token: string): Caller | null {
    const row = this.byHash.get(hashToken(token));
    if (!row) return null;
    this.seen.set(row.id, this.now());
    return { role: row.role, actor: actorOf(row.id), name: row.name };
  }

  /** The token belonged to an invite that was revoked. */
  wasRevoked(token: string): boolean {
    return this.revokedHashes.has(hashToken(token));
  }

  create(input: unknown): Result<{ view: InviteView; token: string }> {
    const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    if (!(INVITE_ROLES as readonly unknown[]).includes(body.role)) return fail('role must be "moderator" or "viewer"');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name.length === 0 || [...name].length > NAME_MAX) return fail(`name must be the person's name, 1 to ${NAME_MAX} characters`);
    if (/\p{Cc}/u.test(name)) return fail('name must not contain control characters');
    const id = randomBytes(6).toString('hex');
    const token = randomBytes(32).toString('base64url');
    const row: InviteRow = {
      id,
      role: body.role as Role,
      name,
      token_hash: hashToken(token),
      created_at: this.now(),
      revoked_at: null,
      last_seen_at: null,
    };
    this.sql.insert.run(row.id, row.role, row.name, row.token_hash, row.created_at);
    this.byHash.set(row.token_hash, row);
    return ok({ view: this.view(row), token });
  }

  /** Revokes an invite; true when it existed (revoking twice is not an error). */
  revoke(id: string): InviteView | null {
    const row = this.sql.one.get(id);
    if (!row) return null;
    if (row.revoked_at === null) {
      const at = this.now();
      // Refused from this moment, in memory first, and the open sessions end even if a write
      // fails; the journal (on disk) is written before the database, so a crash in between is
      // finished by the next start's reapply().
      this.byHash.delete(row.token_hash);
      this.revokedHashes.add(row.token_hash);
      try {
        this.hooks.journal?.record({ at: new Date(at).toISOString(), kind: 'invite_revoked', invite: id, token_sha256: row.token_hash });
        this.sql.revoke.run(at, id);
      } finally {
        this.hooks.onRevoked?.(actorOf(id));
      }
    }
    return this.view(this.sql.one.get(id) ?? row);
  }

  list(): InviteView[] {
    // Last-seen times are kept in memory per request and written here, not on every request.
    for (const [id, at] of this.seen) this.sql.touch.run(at, id);
    this.seen.clear();
    return this.sql.all.all().map((row) => this.view(row));
  }

  private view(row: InviteRow): InviteView {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: row.id,
      role: row.role as InviteView['role'],
      name: row.name,
      created_at: new Date(row.created_at).toISOString(),
      revoked_at: iso(row.revoked_at),
      last_seen_at: iso(this.seen.get(row.id) ?? row.last_seen_at),
      connected: row.revoked_at === null ? (this.hooks.connected?.(actorOf(row.id)) ?? 0) : 0,
    };
  }

  private now(): number {
    return (this.hooks.now ?? Date.now)();
  }
}

export const actorOf = (inviteId: string) => `invite:${inviteId}`;
