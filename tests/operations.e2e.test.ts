// What an operator sees on the dashboard during a hard night: forged requests to a hook URL
// counted apart while the source stays healthy, the backups against their budget, and, after
// the core is killed with SIGKILL, the same page reconnecting by itself with a banner saying
// why the app restarted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest, openDashboard } from './support/browser.js';
import { e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, corePid, ownerApi, postSignedWebhook } from './support/server-process.js';

// A backup every 1.2 s, so the backup line has something to show.
const session = e2eSession('telethon-operations-e2e-', { args: ['--backup-minutes', '0.02', '--backup-budget-gb', '1'] });

async function hook(sourceId: string, secret: string, id: string): Promise<number> {
  return postSignedWebhook(`${session.server.url}/hooks/${sourceId}`, secret, { id, type: 'donation', amount: { value: '5.00', currency: 'EUR' }, donor: { name: 'Ana' } });
}

describe('operations on the dashboard', () => {
  it('shows forged requests apart from a healthy source, the backups budget, and a restart after kill -9', async () => {
    const { server, browser } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    const source = (await ownerApi(server.url, 'POST', '/api/sources', { kind: 'webhook', name: 'Donation form' })).body;

    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`);

    for (let i = 0; i < 40; i += 1) assert.equal(await hook(source.id, 'a-guessed-secret', `forged-${i}`), 401);
    assert.equal(await hook(source.id, source.secret, 'genuine-1'), 201);

    const row = page.locator(`[data-source-id="${source.id}"]`);
    await row.locator('[data-testid="source-unverified"]').filter({ hasText: /^40 refused requests \(bad signature\) in the last hour, last at \d\d:\d\d:\d\d/ }).waitFor();
    assert.equal(await row.getAttribute('data-status'), 'listening');
    assert.equal(await row.locator('[data-testid="source-error"]').count(), 0, 'forged requests are not the source failing');

    await byTest(page, 'backup-line').filter({ hasText: /^Backups: \d+ cop(y|ies), [\d.]+ [GMK]B of a 1\.0 GB budget · [\d.]+ [GMK]B free on the disk · last at \d\d:\d\d:\d\d/ }).waitFor();

    // kill -9 of the core: the supervisor starts it again on the same port; the page reconnects.
    const pid = corePid(session.dataDir);
    assert.ok(pid !== null);
    process.kill(pid, 'SIGKILL');
    await page.locator('[data-testid="health-problem"][data-code="core_restarted"]').filter({ hasText: /restarted itself at .* because it was killed/ }).waitFor({ timeout: 30_000 });
    assert.equal(await hook(source.id, source.secret, 'genuine-2'), 201);
    await row.locator('[data-testid="source-last-event"]').waitFor();
    assert.deepEqual(errors, []);
  });
});
