// The dashboard opened with each role's invite link in a real browser against `npm run serve`:
// a viewer's dashboard shows what the overlay would (screened donations, the public target
// board) and nothing of the moderators' room; a moderator's still shows every state.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest, openDashboard as openBrowserDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-roles-e2e-', { afterStart: seed });
const links = new Map<'moderator' | 'viewer', string>();

async function must(method: string, path: string, body: unknown, status: number): Promise<any> {
  const answer = await ownerApi(session.server.url, method, path, body);
  assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function pledge(id: string, value: string, donor: { name: string; anonymous?: boolean }, message: string): Promise<number> {
  return (await must('POST', '/api/donations', { id, amount: { value, currency: 'EUR' }, donor, message }, 201)).id as number;
}

const openDashboard = (url: string) => openBrowserDashboard(session.browser, url);

/** The campaign, donations in every screening state, a target with an answer, and the invite links. */
async function seed(): Promise<void> {
  await must('PUT', '/api/campaign', EXAMPLE_CAMPAIGN, 200);
  await must('PUT', '/api/screening/settings', { words: ['slurword'] }, 200);
  const approved = [
    await pledge('a1', '25.00', { name: 'Amira' }, 'For the wells in camp 4'),
    await pledge('a2', '100.00', { name: 'Hidden Donor Name', anonymous: true }, 'Keep going'),
    await pledge('a3', '12.50', { name: 'Jonas' }, 'From Hamburg with love'),
  ];
  for (const id of approved) await must('POST', `/api/donations/${id}/screen`, { decision: 'approve' }, 200);
  await pledge('p1', '40.00', { name: 'Petra Pending' }, 'Still waiting for a moderator');
  await pledge('d1', '5.00', { name: 'Troll' }, 'you slurword');
  // The word list denies it just after the pledge is answered.
  for (let tries = 0; (await must('GET', '/api/screening', undefined, 200)).counts.denied !== 1; tries += 1) {
    assert.ok(tries < 200, 'the word list did not deny the insult');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const target = (await must('POST', '/api/targets', { name: 'Platform X', handles: [{ platform: 'x', handle: 'PlatformXOfficial' }], hashtags: ['PlatformXHelpNow'], ask: 'Match every donation' }, 201)).target;
  await must('POST', `/api/targets/${target.id}/responses`, { kind: 'acknowledgement', quote: 'We are looking into it', url: 'https://x.example/status/1' }, 201);
  for (const role of ['moderator', 'viewer'] as const) {
    links.set(role, (await must('POST', '/api/invites', { role, name: `A ${role}` }, 201)).url);
  }
}

describe('each role\'s dashboard', () => {
  it('shows a viewer the screened donations and the public board, and nothing of the moderators\' room', async () => {
    const { page, errors } = await openDashboard(links.get('viewer')!);
    await page.locator('[data-testid="donation"]').nth(2).waitFor();
    const feed = (await byTest(page, 'donation-feed').textContent()) ?? '';
    assert.deepEqual(await byTest(page, 'donation-donor').allTextContents(), ['Jonas', 'Anonymous', 'Amira']);
    for (const hidden of ['Petra Pending', 'Still waiting', 'Troll', 'slurword', 'Hidden Donor Name', 'denied', 'approved']) {
      assert.equal(feed.toLowerCase().includes(hidden.toLowerCase()), false, `the viewer's feed shows ${hidden}`);
    }
    assert.equal(await page.locator('.badge.screening').count(), 0, 'no screening tags');
    assert.equal(await byTest(page, 'tab-screening').count(), 0, 'no screening room');
    assert.equal(await byTest(page, 'tab-audit').count(), 0);
    assert.equal(await page.locator('.source-list').count(), 0, 'no source list');
    // The totals count every pledge, screened or not (GET /api/totals is the viewer's too).
    assert.equal(await byTest(page, 'donation-count').textContent(), '5 donations');
    await page.screenshot({ path: join(SHOTS, 'roles-viewer-live.png') });

    // Top donors: only names the stream has shown; the pending and denied donors' money is there, unnamed.
    await byTest(page, 'tab-charts').click();
    await byTest(page, 'top-donors-screened').waitFor();
    await byTest(page, 'top-donor').nth(1).waitFor();
    assert.deepEqual(await page.locator('[data-testid="top-donor"] .donor-name').allTextContents(), ['Amira', 'Jonas']);
    await page.locator('[data-testid="charts-view"][data-state="ready"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'roles-viewer-charts.png') });

    await byTest(page, 'tab-targets').click();
    await byTest(page, 'target-card').waitFor();
    const card = (await byTest(page, 'target-card').textContent()) ?? '';
    assert.ok(card.includes('#PlatformXHelpNow'));
    assert.equal(card.includes('PlatformXOfficial'), false, 'no handles');
    assert.equal(await byTest(page, 'target-pending').count(), 0, 'no responses waiting for moderators');
    assert.equal(await byTest(page, 'target-open').count(), 0);
    await page.screenshot({ path: join(SHOTS, 'roles-viewer-targets.png') });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('still shows a moderator every state, with its tag', async () => {
    const { page, errors } = await openDashboard(links.get('moderator')!);
    await page.locator('[data-testid="donation"]').nth(4).waitFor();
    const feed = (await byTest(page, 'donation-feed').textContent()) ?? '';
    for (const shown of ['Petra Pending', 'Still waiting for a moderator', 'you slurword', 'Anonymous']) assert.ok(feed.includes(shown), `the moderator's feed shows ${shown}`);
    assert.equal(await page.locator('.badge.screening.denied').count(), 1);
    await byTest(page, 'tab-screening').waitFor();
    assert.ok((await page.locator('.source-list').count()) > 0);
    await byTest(page, 'tab-targets').click();
    await byTest(page, 'target-pending').waitFor();
    assert.ok(((await byTest(page, 'target-card').textContent()) ?? '').includes('PlatformXOfficial'));
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
