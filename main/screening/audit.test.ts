import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { OWNER_CALLER } from '../people/invites.js';
import { openDatabase } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { AuditLog } from './audit.js';

describe('the audit log', () => {
  it('pages entries of the same millisecond from both logs without gaps or repeats', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir.path, 'audit.sqlite'));
    try {
      const audit = new AuditLog(db, () => 1_000);
      for (let i = 0; i < 7; i++) audit.record(OWNER_CALLER, { kind: 'invite', id: `i${i}`, label: `Person ${i}` }, 'invite_created');
      db.prepare(
        `INSERT INTO targets (id, name, handles, hashtags, ask, call_starts_at, created_at, created_by, updated_at, live_from_seq, backfill_seq)
         VALUES ('t1', 'YouTube', '[]', '[]', '', 0, 0, 'owner', 0, 0, 0)`,
      ).run();
      db.prepare(
        `INSERT INTO responses (id, target_id, state, kind, quote, responded_at, found_by, created_at)
         VALUES ('r1', 't1', 'flagged', 'commitment', 'We will match', 0, 'moderator', 0)`,
      ).run();
      const step = db.prepare(
        `INSERT INTO response_audit (response_id, target_id, action, actor, actor_name, at, to_state) VALUES ('r1', 't1', 'flag', 'owner', 'Owner', 1000, 'flagged')`,
      );
      for (let i = 0; i < 5; i++) step.run();

      const whole = audit.list({ limit: 200 });
      assert.equal(whole.length, 12);
      const paged = [];
      let before: string | null = null;
      for (;;) {
        const page = audit.list({ before, limit: 5 });
        paged.push(...page);
        if (page.length < 5) break;
        before = page[page.length - 1]!.id;
      }
      assert.deepEqual(paged.map((e) => e.id), whole.map((e) => e.id));
      assert.equal(new Set(paged.map((e) => e.id)).size, 12);
      assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
    } finally {
      db.close();
      dir.remove();
    }
  });
});
