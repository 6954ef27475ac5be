import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { OVERLAY_NAMESPACE } from '../shared/contract.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const DONATIONS = 24;
let overlay: Socket | null = null;
// Registered first, so it runs before the session stops the app.
after(() => overlay?.disconnect());
const session = e2eSession('telethon-moderation-e2e-');

async function openDashboard(url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await session.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(url);
  await page.locator('#root[data-state="ready"]').waitFor();
  return { page, errors };
}

/** The owner invites someone through the People tab and reads the link shown once. */
async function invite(owner: Page, name: string): Promise<string> {
  await byTest(owner, 'invite-name').fill(name);
  await byTest(owner, 'invite-role').selectOption('moderator');
  await byTest(owner, 'invite-create').click();
  await owner.locator('[data-testid="invite-created"]', { hasText: name }).waitFor();
  const url = await byTest(owner, 'invite-url').textContent();
  assert.ok(url?.includes('#token='), `no link shown for ${name}`);
  return url as string;
}

/**
 * A moderator works the queue from the keyboard: N opens the oldest free item, A approves,
 * D denies (messages that ask for it); the next item opens by itself until none is left.
 */
async function screenQueue(page: Page): Promise<number[]> {
  const seen: number[] = [];
  const idle = page.locator('[data-testid="screening-room"][data-busy="false"]');
  await idle.waitFor();
  await page.keyboard.press('n');
  for (;;) {
    await page.waitForTimeout(20);
    await idle.waitFor();
    const open = byTest(page, 'open-item');
    if ((await open.count()) === 0) break;
    const id = Number(await open.getAttribute('data-donation-id'));
    seen.push(id);
    const message = (await byTest(page, 'open-message').textContent()) ?? '';
    await page.keyboard.press(message.includes('DENY') ? 'd' : 'a');
    await page.waitForFunction(
      (previous) => {
        const room = document.querySelector('[data-testid="screening-room"]');
        const item = document.querySelector('[data-testid="open-item"]');
        return room?.getAttribute('data-busy') === 'false' && (!item || Number(item.getAttribute('data-donation-id')) !== previous);
      },
      id,
    );
  }
  return seen;
}

describe('the moderators\' room', () => {
  it('two invited moderators screen one queue at once without ever taking the same item; only approved messages reach the overlay; a revoked moderator is cut off', async () => {
    const { server } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    const key = (await ownerApi(server.url, 'GET', '/api/overlay')).body.key as string;
    overlay = io(`${server.url}${OVERLAY_NAMESPACE}`, { auth: { key }, transports: ['websocket'], forceNew: true });
    const overlaySaw: string[] = [];
    overlay.onAny((_event: string, payload: unknown) => overlaySaw.push(JSON.stringify(payload)));

    const owner = await openDashboard(`${server.url}/#token=${OWNER_TOKEN}`);
    await byTest(owner.page, 'tab-people').click();
    const anaUrl = await invite(owner.page, 'Ana');
    const benUrl = await invite(owner.page, 'Ben');

    for (let i = 0; i < DONATIONS; i++) {
      const deny = i % 4 === 3;
      const body = {
        id: `m-${i}`,
        amount: { value: `${5 + i}.00`, currency: 'EUR' },
        donor: { name: i === 0 ? '<img src=x onerror="document.title=\'pwned\'">' : `Donor ${i}` },
        message: deny ? `DENY ME ${i} <script>document.title='pwned'</script>` : `Keep going ${i}!`,
      };
      assert.equal((await ownerApi(server.url, 'POST', '/api/donations', body)).status, 201);
    }

    const ana = await openDashboard(anaUrl);
    const ben = await openDashboard(benUrl);
    for (const m of [ana, ben]) {
      await byTest(m.page, 'tab-screening').click();
      await byTest(m.page, 'screening-queue').waitFor();
      assert.equal(await byTest(m.page, 'tab-people').count(), 0, 'moderators do not see the owner\'s People tab');
    }
    await owner.page.waitForFunction(() => document.querySelector('[data-testid="tab-badge-screening"]')?.textContent === '24');

    // Ana opens an item; Ben sees it as hers and cannot take it.
    await ana.page.keyboard.press('n');
    await byTest(ana.page, 'open-item').waitFor();
    const anasFirst = Number(await byTest(ana.page, 'open-item').getAttribute('data-donation-id'));
    const marked = ben.page.locator(`[data-testid="queue-row"][data-donation-id="${anasFirst}"] [data-testid="taken-by"]`);
    await marked.waitFor();
    assert.equal(await marked.textContent(), 'open by Ana');
    await ben.page.screenshot({ path: join(SHOTS, 'moderation-taken-by-other.png') });
    await ana.page.keyboard.press('Escape');
    await marked.waitFor({ state: 'detached' });

    const [byAna, byBen] = await Promise.all([screenQueue(ana.page), screenQueue(ben.page)]);
    const all = [...byAna, ...byBen];
    assert.equal(new Set(all).size, all.length, `an item was taken twice: Ana ${byAna.join(',')} / Ben ${byBen.join(',')}`);
    assert.equal(all.length, DONATIONS, 'every donation was screened once');
    assert.ok(byAna.length > 0 && byBen.length > 0, `both worked: Ana ${byAna.length}, Ben ${byBen.length}`);

    const screening = (await ownerApi(server.url, 'GET', '/api/screening')).body;
    assert.deepEqual([screening.counts.pending, screening.counts.approved, screening.counts.denied], [0, 18, 6]);
    await owner.page.waitForFunction(() => document.querySelector('[data-testid="tab-badge-screening"]') === null);

    // The overlay socket carried every approved message and nothing denied.
    // (Changes of one turn come in one batch: count the messages, not the payloads.)
    const shown = () => new Set(overlaySaw.flatMap((p) => p.match(/Keep going \d+!/g) ?? []));
    await waitFor(() => shown().size >= 18, 'approved messages on the overlay');
    assert.equal(overlaySaw.some((p) => p.includes('DENY ME')), false, 'a denied message reached the overlay');
    for (const m of [ana, ben, owner]) assert.notEqual(await m.page.title(), 'pwned');

    // The audit names who decided each one.
    await byTest(owner.page, 'tab-audit').click();
    await owner.page.locator('[data-testid="audit-row"]', { hasText: 'denied' }).first().waitFor();
    const rows = await byTest(owner.page, 'audit-row').allTextContents();
    assert.equal(rows.filter((r) => /Ana(approved|denied)/.test(r.replace(/\s+/g, ''))).length, byAna.length);
    await owner.page.screenshot({ path: join(SHOTS, 'moderation-audit.png') });

    // Revoking Ana ends her session at once: her page says so and her token no longer works.
    await byTest(owner.page, 'tab-people').click();
    await owner.page.locator('[data-testid="invite-row"]', { hasText: 'Ana' }).locator('[data-testid="invite-revoke"]').click();
    await byTest(ana.page, 'signed-out').waitFor({ timeout: 5_000 });
    const anaToken = decodeURIComponent(anaUrl.split('#token=')[1] ?? '');
    const replay = await fetch(`${server.url}/api/screening/next`, {
      method: 'POST',
      headers: { authorization: `Bearer ${anaToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(replay.status, 403);
    assert.equal(((await replay.json()) as { error: { code: string } }).error.code, 'revoked');
    assert.equal(await byTest(ben.page, 'connection').getAttribute('data-connection'), 'live', 'Ben carries on');
    await owner.page.screenshot({ path: join(SHOTS, 'moderation-people.png') });

    for (const m of [ana, ben, owner]) assert.deepEqual(m.errors, []);
  });
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
