import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { STAFF_NAMESPACE } from '../../shared/contract.js';
import { type TestCore, tempDir } from '../testing/harness.js';
import { trackedCores } from '../testing/tracked.js';

const { start, stop, connect } = trackedCores();

async function invite(t: TestCore, role: string, name: string) {
  const created = await t.api('POST', '/api/invites', { role, name });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as { invite: { id: string }; token: string; url: string };
}

const staffSocket = (t: TestCore, token: string) => connect(t, STAFF_NAMESPACE, { token });

describe('invite links', () => {
  it('gives a moderator and a viewer their own token, with their role and nothing more', async () => {
    const t = await start();
    const mod = await invite(t, 'moderator', 'Mina');
    const viewer = await invite(t, 'viewer', 'Vic');
    assert.match(mod.url, new RegExp(`/#token=${mod.token}$`));

    assert.deepEqual((await t.api('GET', '/api/me', undefined, mod.token)).body, { role: 'moderator', actor: `invite:${mod.invite.id}`, name: 'Mina' });
    assert.equal((await t.api('GET', '/api/sources', undefined, mod.token)).status, 200);
    assert.equal((await t.api('POST', '/api/invites', { role: 'moderator', name: 'Eve' }, mod.token)).status, 403);
    assert.equal((await t.api('PUT', '/api/rates', { rates: [] }, mod.token)).status, 403);

    assert.equal((await t.api('GET', '/api/totals', undefined, viewer.token)).status, 200);
    assert.equal((await t.api('GET', '/api/sources', undefined, viewer.token)).status, 403);
    assert.equal((await t.api('POST', '/api/donations', { amount: { value: '5', currency: 'EUR' }, donor: { name: 'x' } }, viewer.token)).status, 403);
    assert.equal((await t.api('GET', '/api/me')).body.role, 'owner');
  });

  it('stores only a hash of the token, and the link keeps working after a restart', async () => {
    const dir = tempDir();
    const first = await start(dir.path);
    const mod = await invite(first, 'moderator', 'Mina');
    await stop(first);
    const file = readFileSync(join(dir.path, 'telethon.sqlite'));
    assert.equal(file.includes(Buffer.from(mod.token)), false, 'the token itself is not in the database');
    const second = await start(dir.path);
    assert.equal((await second.api('GET', '/api/me', undefined, mod.token)).body.name, 'Mina');
    await stop(second);
    dir.remove();
  });

  it('revoking ends the person\'s open connection at once and refuses the token from then on, also replayed', async () => {
    const t = await start();
    const mod = await invite(t, 'moderator', 'Mina');
    const other = await invite(t, 'moderator', 'Omar');
    const socket = await staffSocket(t, mod.token);
    const otherSocket = await staffSocket(t, other.token);
    const listed = (await t.api('GET', '/api/invites')).body.invites as { id: string; connected: number; last_seen_at: string | null }[];
    assert.equal(listed.find((i) => i.id === mod.invite.id)?.connected, 1);

    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const revoked = await t.api('DELETE', `/api/invites/${mod.invite.id}`);
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.invite.revoked_at);
    assert.equal(await Promise.race([disconnected, new Promise((r) => setTimeout(() => r('still connected'), 2_000))]), 'io server disconnect');
    assert.equal(otherSocket.connected, true, 'only that person is cut off');

    for (const [method, path] of [['GET', '/api/me'], ['GET', '/api/sources'], ['POST', '/api/donations']] as const) {
      assert.equal((await t.api(method, path, method === 'POST' ? { amount: { value: '5', currency: 'EUR' }, donor: { name: 'x' } } : undefined, mod.token)).status, 403);
    }
    await assert.rejects(staffSocket(t, mod.token), /unauthorized/);
    assert.equal((await t.api('DELETE', `/api/invites/${mod.invite.id}`)).status, 200, 'revoking twice is harmless');
    assert.equal((await t.api('DELETE', '/api/invites/nope')).status, 404);
  });

  it('refuses an invite for the owner role, without a name, or with control characters', async () => {
    const t = await start();
    for (const body of [{ role: 'owner', name: 'X' }, { role: 'moderator', name: '  ' }, { role: 'moderator' }, { role: 'viewer', name: 'a\u0000b' }, 'null']) {
      const answer = await t.api('POST', '/api/invites', body);
      assert.equal(answer.status, 422, JSON.stringify(body));
      assert.ok(answer.body.error.message.length > 10);
    }
    assert.deepEqual((await t.api('GET', '/api/invites')).body.invites, []);
  });
});
