import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.js';
import { PRIVATE_FILE_MODE, tightenFile } from './private-files.js';

export const SECURITY_JOURNAL_FILE = 'security-journal.jsonl';

/** One line of the journal: what was taken away, and when (ISO-8601). */
export type SecurityEntry =
  | { at: string; kind: 'invite_revoked'; invite: string; token_sha256: string }
  | { at: string; kind: 'overlay_key_rotated' };

/**
 * Revocations and key rotations, one JSON line each, appended (and on disk) before the database
 * is told, in a 0600 file beside the database rather than in it. A backup restored later cannot
 * take them back: each start re-applies the journal to whatever database it opens. The overlay
 * key and the webhook secrets themselves live outside the database too (overlay-key,
 * credentials.json), so a restore keeps the newest ones without help; their rotations are
 * noted here for the record.
 */
export class SecurityJournal {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, SECURITY_JOURNAL_FILE);
  }

  record(entry: SecurityEntry): void {
    const fd = openSync(this.file, 'a', PRIVATE_FILE_MODE);
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    tightenFile(this.file);
  }

  /** Every entry; a line torn by a crash mid-write is skipped. */
  entries(): SecurityEntry[] {
    if (!existsSync(this.file)) return [];
    const entries: SecurityEntry[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as Partial<SecurityEntry>;
        if (entry.kind === 'invite_revoked' && typeof entry.invite === 'string' && typeof entry.token_sha256 === 'string' && typeof entry.at === 'string') {
          entries.push(entry as SecurityEntry);
        } else if (entry.kind === 'overlay_key_rotated' && typeof entry.at === 'string') {
          entries.push(entry as SecurityEntry);
        }
      } catch {
        // torn last line: what it was recording never reached the database either
      }
    }
    return entries;
  }

  /** SHA-256 of every invite token revoked, even of invites a restored database never knew. */
  revokedTokenHashes(): Set<string> {
    const hashes = new Set<string>();
    for (const entry of this.entries()) if (entry.kind === 'invite_revoked') hashes.add(entry.token_sha256);
    return hashes;
  }

  /**
   * Marks revoked, in this database, every invite the journal says was revoked (with the
   * journal's time), in one transaction; idempotent. Returns the invites a restored backup had
   * brought back, for the audit.
   */
  reapply(db: Db): { id: string; name: string; role: string }[] {
    const revoke = db.prepare<[number, string, string]>(
      'UPDATE invites SET revoked_at = ? WHERE id = ? AND token_hash = ? AND revoked_at IS NULL',
    );
    const invite = db.prepare<[string], { id: string; name: string; role: string }>('SELECT id, name, role FROM invites WHERE id = ?');
    const revived: { id: string; name: string; role: string }[] = [];
    db.transaction(() => {
      for (const entry of this.entries()) {
        if (entry.kind !== 'invite_revoked') continue;
        const at = Date.parse(entry.at);
        if (revoke.run(Number.isFinite(at) ? at : Date.now(), entry.invite, entry.token_sha256).changes === 0) continue;
        const row = invite.get(entry.invite);
        if (row) revived.push(row);
      }
    })();
    return revived;
  }
}
