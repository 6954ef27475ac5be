import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type TestCore, startTestCore, tempDir } from '../testing/harness.js';
import { lanAddresses } from './network.js';

const opened: TestCore[] = [];
after(async () => {
  for (const o of opened.reverse()) await o.close();
});

/** A request as another machine on the LAN makes it: to the LAN address, with that Host. */
async function fromLan(address: string, port: number, token: string): Promise<number | 'refused'> {
  try {
    const response = await fetch(`http://${address}:${port}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'refused';
  }
}

describe('network access', () => {
  const lan = lanAddresses()[0];

  it('is off by default, switches on and off while running, says what it exposes, and is kept across restarts', { skip: lan === undefined ? 'this machine has no network address besides loopback' : false }, async () => {
    const dir = tempDir();
    const t = await startTestCore({ dir: dir.path });
    opened.push(t);
    const port = Number(new URL(t.core.url).port);
    const mod = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Remote' })).body;
    assert.deepEqual(mod.network_urls, [], 'no network link while access is off');

    const off = (await t.api('GET', '/api/network')).body;
    assert.equal(off.enabled, false);
    assert.equal(off.listening, `127.0.0.1:${port}`);
    assert.equal(await fromLan(lan!, port, mod.token), 'refused');
    assert.equal((await t.api('GET', '/api/network', undefined, mod.token)).status, 403, 'only the owner sees or switches it');
    assert.equal((await t.api('PUT', '/api/network', { enabled: 'yes' })).status, 422, 'enabled must be true or false');

    const on = await t.api('PUT', '/api/network', { enabled: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.enabled, true);
    assert.ok(on.body.urls.includes(`http://${lan}:${port}`));
    assert.match(on.body.exposes.join(' '), /plain HTTP/);
    assert.equal(await fromLan(lan!, port, mod.token), 200);
    assert.equal(await fromLan(lan!, port, 'not-a-token'), 401, 'tokens are still required from the network');
    assert.equal((await t.api('GET', '/api/me')).status, 200, 'this computer still reaches it on 127.0.0.1');
    const invite = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Second' })).body;
    assert.deepEqual(invite.network_urls, [`http://${lan}:${port}/#token=${encodeURIComponent(invite.token)}`]);

    await t.close();
    opened.splice(opened.indexOf(t), 1);
    const again = await startTestCore({ dir: dir.path, withCampaign: false });
    opened.push(again);
    const portAgain = Number(new URL(again.core.url).port);
    assert.equal((await again.api('GET', '/api/network')).body.enabled, true, 'the choice is kept');
    assert.equal(await fromLan(lan!, portAgain, mod.token), 200);

    const offAgain = await again.api('PUT', '/api/network', { enabled: false });
    assert.equal(offAgain.body.enabled, false);
    assert.equal(await fromLan(lan!, portAgain, mod.token), 'refused');
    assert.equal((await again.api('GET', '/api/me')).status, 200);
    const audit = (await again.api('GET', '/api/audit')).body.entries.filter((e: { subject: { id: string } }) => e.subject.id === 'network');
    assert.deepEqual(audit.map((e: { action: string }) => e.action), ['network_off', 'network_on']);
    await again.close();
    opened.splice(opened.indexOf(again), 1);
    dir.remove();
  });
});
