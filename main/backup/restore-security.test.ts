import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { STAFF_NAMESPACE } from '../../shared/contract.js';
import { EXAMPLE_CAMPAIGN, type TestCore, donationBody, tempDir } from '../testing/harness.js';
import { trackedCores } from '../testing/tracked.js';
import { restoreBackup } from './restore.js';

const { start, stop, connect } = trackedCores();

async function invite(t: TestCore, name: string) {
  const created = await t.api('POST', '/api/invites', { role: 'moderator', name });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as { invite: { id: string }; token: string };
}

describe('restoring a backup', () => {
  it('keeps the revocations and key rotations made after the backup was taken', async () => {
    const dir = tempDir('telethon-restore-security-');
    const t = await start(dir.path);
    assert.equal((await t.api('PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body as { id: string; secret: string };
    const revokedLater = await invite(t, 'Mina');
    const kept = await invite(t, 'Omar');
    const keyAtBackup = (await t.api('GET', '/api/overlay')).body.key as string;
    const backup = await t.core.backups.runNow(new Date(Date.UTC(2026, 10, 23, 9, 0)));

    // After the backup: one invite revoked, one made and revoked, the overlay key rotated.
    assert.equal((await t.api('DELETE', `/api/invites/${revokedLater.invite.id}`)).status, 200);
    const madeAfter = await invite(t, 'Eve');
    assert.equal((await t.api('DELETE', `/api/invites/${madeAfter.invite.id}`)).status, 200);
    const keyNow = (await t.api('POST', '/api/overlay/rotate-key')).body.key as string;
    await stop(t);

    restoreBackup(dir.path, backup, new Date(Date.UTC(2026, 10, 23, 10, 0)));
    assert.deepEqual(readdirSync(join(dir.path, 'backups')).filter((name) => !name.endsWith('.sqlite')), [], 'no -wal or -shm left beside the backup');
    const restored = await start(dir.path);
    for (const token of [revokedLater.token, madeAfter.token]) {
      const refused = await restored.api('GET', '/api/me', undefined, token);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'revoked');
      await assert.rejects(connect(restored, STAFF_NAMESPACE, { token }), /unauthorized/);
    }
    const listed = (await restored.api('GET', '/api/invites')).body.invites as { id: string; revoked_at: string | null }[];
    assert.ok(listed.find((i) => i.id === revokedLater.invite.id)?.revoked_at, 'the list shows it revoked');
    const audit = (await restored.api('GET', '/api/audit')).body;
    assert.match(JSON.stringify(audit), /applied again from the security journal/, 'the audit says why');
    assert.equal((await restored.api('GET', '/api/me', undefined, kept.token)).status, 200, 'the others still work');
    assert.ok((await connect(restored, STAFF_NAMESPACE, { token: kept.token })).connected);

    assert.equal((await restored.api('GET', '/api/overlay')).body.key, keyNow);
    assert.equal((await fetch(`${restored.core.url}/overlay/total?key=${encodeURIComponent(keyAtBackup)}`)).status, 403);
    assert.equal((await fetch(`${restored.core.url}/overlay/total?key=${encodeURIComponent(keyNow)}`)).status, 200);
    assert.equal((await restored.hook(source.id, source.secret, donationBody('r-1', '5.00'))).status, 201);
    await stop(restored);

    // Idempotent: a second start re-applies nothing new and changes nothing.
    const again = await start(dir.path);
    assert.equal((await again.api('GET', '/api/me', undefined, revokedLater.token)).status, 403);
    assert.equal((await again.api('GET', '/api/me', undefined, kept.token)).status, 200);
    await stop(again);
    dir.remove();
  });
});
