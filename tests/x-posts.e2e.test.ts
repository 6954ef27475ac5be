import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { FAKE_BEARER, FakeX, makePost } from '../main/sources/x/testing/fake-x.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';
import { withFakeTwitch } from './support/twitch-session.js';

const MIN = 60_000;
const CHANNEL = 'relay';
const CALL = Math.floor((Date.now() - 45 * MIN) / MIN) * MIN;
/** Where the screenshots looked at for this work go, besides test-results. */
const LOOKED_AT = process.env.TELETHON_SHOTS_DIR ?? SHOTS;

const session = e2eSession('telethon-x-e2e-', {
  ...withFakeTwitch({}, async () => ({ x: await new FakeX().start() })),
  prepare: () => {
    mkdirSync(LOOKED_AT, { recursive: true });
  },
});

const at = (minutesIn: number) => new Date(CALL + minutesIn * MIN);

describe('X posts on the targets board, end to end', () => {
  it('adds X in the dashboard, shows its polling, counts the calls per platform and together, and offers the target\'s own post as its answer', async () => {
    const { server, browser, fakes: { irc, x } } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, starts_at: new Date(Date.now() - 3_600_000).toISOString() })).status, 200);
    assert.equal((await ownerApi(server.url, 'POST', '/api/sources', { kind: 'twitch', name: '#relay', channel: CHANNEL })).status, 201);
    await irc.waitForJoined(CHANNEL);
    const target = await ownerApi(server.url, 'POST', '/api/targets', {
      name: 'President Erdoğan',
      hashtags: ['#ErdoganHelpRohingya'],
      handles: [{ platform: 'twitch', handle: 'rterdogan' }, { platform: 'x', handle: '@RTErdogan' }],
      ask: 'Open the corridor to the camps',
      call_starts_at: new Date(CALL).toISOString(),
    });
    assert.equal(target.status, 201, JSON.stringify(target.body));

    // Twitch: 3 calls from 2 viewers. X: 4 calls from 3 accounts, and the target's own answer.
    irc.broadcast(CHANNEL, [
      privmsg(CHANNEL, { id: 't1', userId: '501', login: 'ali', text: '#ErdoganHelpRohingya please', ts: CALL + 2 * MIN }),
      privmsg(CHANNEL, { id: 't2', userId: '501', login: 'ali', text: 'again #ErdoganHelpRohingya', ts: CALL + 3 * MIN }),
      privmsg(CHANNEL, { id: 't3', userId: '502', login: 'bea', text: '@rterdogan answer us', ts: CALL + 4 * MIN }),
    ]);
    x.add(
      makePost({ id: '9001', username: 'ayse' }, '#ErdoganHelpRohingya the camps need water', at(5)),
      makePost({ id: '9002', username: 'mehmet' }, '@RTErdogan please answer', at(6)),
      makePost({ id: '9003', username: 'zeynep' }, '#ErdoganHelpRohingya @RTErdogan', at(7)),
      makePost({ id: '9003', username: 'zeynep' }, 'Still waiting #ErdoganHelpRohingya', at(8)),
    );
    const answer = makePost({ id: '4242', username: 'RTErdogan', name: 'Recep Tayyip Erdoğan' }, 'We will open the corridor to the camps tomorrow.', at(40));
    x.add(answer);

    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`, { width: 1366, height: 900 }, { timezoneId: 'UTC' });
    // The owner adds X: the token is typed into a password field and never shown again.
    const form = byTest(page, 'x-source');
    await form.scrollIntoViewIfNeeded();
    await byTest(form, 'x-name').fill('X posts');
    await byTest(form, 'x-submit').click();
    await byTest(form, 'x-error').filter({ hasText: 'bearer token is needed' }).waitFor();
    await byTest(form, 'x-bearer-token').fill(FAKE_BEARER);
    await byTest(form, 'x-interval').fill('15');
    await byTest(form, 'x-base-url').fill(x.url);
    assert.equal(await byTest(form, 'x-bearer-token').getAttribute('type'), 'password');
    await form.screenshot({ path: join(LOOKED_AT, 'x-source-form.png') });
    await byTest(form, 'x-submit').click();
    await byTest(form, 'x-done').filter({ hasText: 'X posts added' }).waitFor();
    assert.equal(await byTest(form, 'x-bearer-token').inputValue(), '');

    const line = page.locator('[data-testid="source"]').filter({ hasText: 'X posts' });
    await byTest(line, 'source-last-poll').filter({ hasText: /searched/ }).waitFor({ timeout: 20_000 });
    await line.locator('[data-testid="source-last-event"]').filter({ hasText: /last post/ }).waitFor();
    await line.filter({ hasText: '5 posts' }).waitFor();
    await byTest(line, 'source-rate-limit').filter({ hasText: /of 450 left/ }).waitFor();
    assert.equal(await line.getAttribute('data-status'), 'connected');
    assert.doesNotMatch(await page.content(), /FakeBearer/);
    await page.locator('.panel.sources').screenshot({ path: join(LOOKED_AT, 'x-source-line.png') });

    // The targets board: per platform and together, each exact; the candidate found on X.
    await byTest(page, 'tab-targets').click();
    const card = page.locator('[data-testid="target-card"]').filter({ hasText: 'President Erdoğan' });
    const row = (platform: string) => card.locator(`[data-testid="target-platform"][data-platform="${platform}"]`);
    await row('x').and(page.locator('[data-mentions="4"][data-callers="3"]')).waitFor({ timeout: 20_000 });
    await row('twitch').and(page.locator('[data-mentions="3"][data-callers="2"]')).waitFor();
    await row('together').and(page.locator('[data-mentions="7"][data-callers="5"]')).waitFor();
    assert.equal(await card.locator('[data-testid="target-mentions"]').getAttribute('data-value'), '7');
    await card.locator('[data-testid="target-pending"]').filter({ hasText: '1 found in chat or posts' }).waitFor();
    await card.locator('[data-testid="target-open"]').click();
    const candidate = page.locator('[data-testid="response"][data-state="candidate"]');
    await candidate.filter({ hasText: 'found on X' }).waitFor();
    const postUrl = `https://x.com/RTErdogan/status/${answer.id}`;
    assert.equal(await candidate.locator('a.answer-link').getAttribute('href'), postUrl);
    await shot(page, 'x-targets-board-candidate.png');

    // The owner flags it; a moderator confirms: the board says the answer came from X, with its link.
    await candidate.locator('[data-testid="response-flag-kind"]').selectOption('commitment');
    await candidate.locator('[data-testid="response-flag"]').click();
    const flagged = page.locator('[data-testid="response"][data-state="flagged"]');
    await flagged.waitFor();
    const mod = (await ownerApi(server.url, 'POST', '/api/invites', { role: 'moderator', name: 'Omar' })).body.token as string;
    const confirm = await fetch(`${server.url}/api/responses/${await flagged.getAttribute('data-response-id')}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${mod}` } });
    assert.equal(confirm.status, 200);
    await card.and(page.locator('[data-status="responded"]')).waitFor();
    assert.equal(await card.locator('[data-testid="target-answer-platform"]').getAttribute('data-platform'), 'x');
    assert.equal(await card.locator('[data-testid="target-answer-link"]').getAttribute('href'), postUrl);
    assert.match(await card.locator('[data-testid="target-answered-after"]').innerText(), /Answered after 40 min · commitment.*on X/);
    await shot(page, 'x-targets-board-answered.png');

    // X's window runs out: the source line says until when it waits, then resumes by itself.
    await byTest(page, 'tab-live').click();
    x.exhaust(17_000);
    await byTest(line, 'source-paused').filter({ hasText: /waiting for the reset at/ }).waitFor({ timeout: 20_000 });
    await byTest(line, 'source-status').filter({ hasText: 'paused: rate limit' }).waitFor();
    await line.locator('[data-testid="source-warning"]').filter({ hasText: /rate limit .* used up: polling waits until/ }).waitFor();
    await page.locator('.panel.sources').screenshot({ path: join(LOOKED_AT, 'x-source-line-rate-limited.png') });
    await byTest(line, 'source-paused').waitFor({ state: 'detached', timeout: 30_000 });

    // The token is revoked: said in words on the source, and no more requests.
    x.revoke();
    await line.and(page.locator('[data-status="failing"]')).waitFor({ timeout: 20_000 });
    assert.match(await byTest(line, 'source-error').innerText(), /X refused the bearer token \(401\).*paste it with Replace credentials on this source/);
    await line.screenshot({ path: join(LOOKED_AT, 'x-source-line-401.png') });

    // The owner pastes a new token on the same source: it polls again, its counts kept.
    const events = Number(await line.getAttribute('data-events'));
    await byTest(line, 'source-replace-credential').click();
    await byTest(line, 'source-credential-bearer_token').fill('AAAAAAAAAAAAAAAAAAAAAFreshBearerTokenFromTheDashboard%3D42');
    await line.screenshot({ path: join(LOOKED_AT, 'x-source-line-replace-token.png') });
    x.token = 'AAAAAAAAAAAAAAAAAAAAAFreshBearerTokenFromTheDashboard%3D42';
    await byTest(line, 'source-credential-save').click();
    await byTest(line, 'source-credential-done').filter({ hasText: /saved: X posts reconnects/ }).waitFor();
    await line.and(page.locator('[data-status="connected"]')).waitFor({ timeout: 20_000 });
    assert.match(await byTest(line, 'source-error').innerText(), /^Earlier: X refused the bearer token/);
    assert.equal(Number(await line.getAttribute('data-events')), events, 'the same source and its counts');
    await line.screenshot({ path: join(LOOKED_AT, 'x-source-line-token-replaced.png') });
    assert.deepEqual(errors, []);
  });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(LOOKED_AT, name), fullPage: true });
}
