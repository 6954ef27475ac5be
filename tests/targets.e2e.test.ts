import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';
import { withFakeTwitch } from './support/twitch-session.js';

const MIN = 60_000;
const CHANNEL = 'relay';
const HOSTILE_QUOTE = '<img src=x onerror="window.__pwned=1"> we hear you';

const contexts: BrowserContext[] = [];
// Registered first, so the people's browsers close before the session's Chromium does.
after(async () => {
  for (const c of contexts) await c.close();
});
const session = e2eSession('telethon-targets-e2e-', withFakeTwitch());

/** A browser of its own (cookies, storage), as a person on another machine would have. */
async function personAt(url: string, viewport = { width: 1366, height: 768 }): Promise<{ page: Page; errors: string[] }> {
  const opened = await openDashboard(session.browser, url, viewport, { timezoneId: 'UTC' });
  contexts.push(opened.page.context());
  return opened;
}

/** "2026-11-23T09:05" in UTC, as a datetime-local field takes it (the contexts run in UTC). */
const utcLocal = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/**
 * The trend: 3,000 messages from 400 people over 2 h 10 min. Every third carries the hashtag in
 * some spelling, every seventh the @handle (both in one message count once); others are noise,
 * look-alike tags and the plain word. Returns the lines and the exact expected figures.
 */
function trend(from: number) {
  const lines: string[] = [];
  const callers = new Set<number>();
  const perMinute = new Map<number, number>();
  let mentions = 0;
  const spellings = ['#ErdoganHelpRohingya', '#erdoganhelprohingya!', '＃ＥＲＤＯＧＡＮＨＥＬＰＲＯＨＩＮＧＹＡ', '#ERDOGANHELPROHINGYA.'];
  for (let i = 0; i < 3_000; i += 1) {
    const user = (Math.floor(i / 3) * 53) % 400;
    const at = from + Math.floor((i * 130 * MIN) / 3_000);
    const tag = i % 3 === 0;
    const handle = i % 7 === 0;
    let text = `message ${i}`;
    if (tag) text += ` ${spellings[i % spellings.length]} please answer`;
    if (handle) text += ' @RTErdogan';
    if (!tag && !handle && i % 5 === 0) text += ' #Erdogan\u200BHelpRohingya erdoganhelprohingya rterdogan';
    if (tag || handle) {
      mentions += 1;
      callers.add(user);
      const minute = Math.floor(at / MIN);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    lines.push(privmsg(CHANNEL, { id: `trend-${i}`, userId: String(10_000 + user), login: `caller${user}`, text, ts: at }));
  }
  return { lines, mentions, callers: callers.size, peak: Math.max(...perMinute.values()) };
}

describe('Tagged targets, end to end', () => {
  it('counts a trend exactly, finds the target\'s own message, one moderator flags, the other confirms, and the board says when it answered', async () => {
    const { server, fakes: { irc } } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, starts_at: new Date(Date.now() - 4 * 3_600_000).toISOString() })).status, 200);
    const source = await ownerApi(server.url, 'POST', '/api/sources', { kind: 'twitch', name: '#relay', channel: CHANNEL });
    assert.equal(source.status, 201, JSON.stringify(source.body));
    await irc.waitForJoined(CHANNEL);

    // The owner adds the target in the dashboard; a bad hashtag is refused in words first.
    const owner = await personAt(`${server.url}/#token=${OWNER_TOKEN}`);
    const o = owner.page;
    await byTest(o, 'tab-targets').click();
    await byTest(o, 'targets-empty').waitFor();
    const callStart = Math.floor((Date.now() - (3 * 60 + 15) * MIN) / MIN) * MIN;
    await byTest(o, 'target-add').click();
    await byTest(o, 'target-new-name').fill('President Erdoğan');
    await byTest(o, 'target-new-hashtags').fill('#Erdogan\u200BHelpRohingya');
    await byTest(o, 'target-new-handle-twitch').fill('rterdogan');
    await byTest(o, 'target-new-handle-x').fill('@RTErdogan');
    await byTest(o, 'target-new-ask').fill('Open the corridor to the camps');
    await byTest(o, 'target-new-start-time').fill(utcLocal(callStart));
    await byTest(o, 'target-new-submit').click();
    await byTest(o, 'target-new-error').filter({ hasText: 'is not a hashtag chat can carry' }).waitFor();
    await byTest(o, 'target-new-hashtags').fill('#ErdoganHelpRohingya');
    await byTest(o, 'target-new-submit').click();
    const card = (page: Page) => page.locator('[data-testid="target-card"]').filter({ hasText: 'President Erdoğan' });
    await card(o).waitFor();
    assert.equal(await card(o).getAttribute('data-status'), 'waiting');
    const stored = (await ownerApi(server.url, 'GET', '/api/targets')).body.targets[0];
    assert.equal(stored.call_started_at, new Date(callStart).toISOString(), 'the scheduled start, as typed');
    assert.deepEqual(stored.handles, [{ platform: 'twitch', handle: 'rterdogan' }, { platform: 'x', handle: '@RTErdogan' }]);

    // The chat: the trend, then the target's own account answers 3 h 12 min after the call started.
    const { lines, mentions, callers, peak } = trend(callStart + 60 * MIN);
    const answeredAt = callStart + (3 * 60 + 12) * MIN;
    lines.push(privmsg(CHANNEL, { id: 'own-answer', userId: '4242', login: 'rterdogan', text: HOSTILE_QUOTE, ts: answeredAt }));
    irc.broadcast(CHANNEL, lines);

    await card(o).locator(`[data-testid="target-mentions"][data-value="${mentions}"]`).waitFor({ timeout: 30_000 });
    await card(o).locator(`[data-testid="target-callers"][data-value="${callers}"]`).waitFor();
    await card(o).locator(`[data-testid="target-peak"][data-value="${peak}"]`).waitFor();
    assert.equal(await card(o).locator('[data-testid="target-mentions"]').innerText(), mentions.toLocaleString('en'));
    await card(o).locator('[data-testid="target-sparkline"]').waitFor();
    await card(o).locator('[data-testid="target-clock"]').filter({ hasText: /Called on for 3 h 1\d min/ }).waitFor();

    // Two moderators, each with their own invite link and browser.
    const invite = async (name: string) => (await ownerApi(server.url, 'POST', '/api/invites', { role: 'moderator', name })).body.url as string;
    const mina = await personAt(await invite('Mina'));
    const omar = await personAt(await invite('Omar'), { width: 1920, height: 1080 });
    for (const { page } of [mina, omar]) await byTest(page, 'tab-targets').click();

    // Mina opens the target: the candidate found in chat, flagged as a commitment.
    const m = mina.page;
    await card(m).locator('[data-testid="target-pending"]').filter({ hasText: '1 found in chat' }).waitFor();
    await card(m).locator('[data-testid="target-open"]').click();
    const candidate = m.locator('[data-testid="response"][data-state="candidate"]');
    await candidate.waitFor();
    assert.equal(await candidate.locator('[data-testid="response-quote"]').innerText(), HOSTILE_QUOTE);
    await candidate.locator('[data-testid="response-flag-kind"]').selectOption('commitment');
    await candidate.locator('[data-testid="response-flag"]').click();
    const minasFlag = m.locator('[data-testid="response"][data-state="flagged"]');
    await minasFlag.waitFor();
    const responseId = (await minasFlag.getAttribute('data-response-id'))!;
    // She cannot confirm her own flag: the button is off and says why; the server refuses the request too.
    assert.equal(await minasFlag.locator('[data-testid="response-confirm"]').isDisabled(), true);
    assert.match(await minasFlag.locator('[data-testid="response-own-flag"]').innerText(), /You flagged this response, so you cannot confirm it/);
    const refused = await m.evaluate(async (id) => {
      const token = sessionStorage.getItem('telethon-desk.token');
      const answers = [];
      for (let i = 0; i < 2; i += 1) {
        const response = await fetch(`/api/responses/${id}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        answers.push({ status: response.status, body: await response.json() });
      }
      return answers;
    }, responseId);
    assert.deepEqual(refused.map((r) => [r.status, r.body.error.code]), [[403, 'own_flag'], [403, 'own_flag']]);
    assert.equal(await card(o).getAttribute('data-status'), 'waiting');
    await m.screenshot({ path: join(SHOTS, 'targets-moderator-own-flag-1366.png') });

    // Omar sees it waiting for him, flagged by Mina, and confirms.
    const w = omar.page;
    await card(w).locator('[data-testid="target-pending"]').filter({ hasText: '1 waiting for a second person' }).waitFor();
    await card(w).locator('[data-testid="target-open"]').click();
    const toConfirm = w.locator(`[data-testid="response"][data-response-id="${responseId}"][data-state="flagged"]`);
    await toConfirm.filter({ hasText: 'Flagged by Mina.' }).waitFor();
    await toConfirm.locator('[data-testid="response-confirm"]').click();
    const confirmed = w.locator(`[data-testid="response"][data-response-id="${responseId}"][data-state="confirmed"]`);
    await confirmed.waitFor();
    const audit = await confirmed.locator('[data-testid="response-audit"] li').allInnerTexts();
    assert.equal(audit.length, 3);
    assert.match(audit[0]!, /message from rterdogan in chat/);
    assert.match(audit[1]!, /Mina flagged it/);
    assert.match(audit[2]!, /Omar confirmed it/);

    // Every board — the owner's, Mina's — says it answered, after how long, with the exact figures.
    for (const page of [o, m]) {
      await card(page).and(page.locator('[data-status="responded"]')).waitFor();
      assert.match(await card(page).locator('[data-testid="target-answered-after"]').innerText(), /Answered after 3 h 12 min · commitment/);
      assert.equal(await card(page).locator('[data-testid="target-answer-quote"]').innerText(), HOSTILE_QUOTE);
      assert.equal(await card(page).locator('[data-testid="target-status"]').innerText(), 'RESPONDED · COMMITMENT');
    }
    assert.equal(await card(o).locator('[data-testid="target-mentions"]').getAttribute('data-value'), String(mentions));
    assert.equal(await card(o).locator('[data-testid="target-callers"]').getAttribute('data-value'), String(callers));
    const api = (await ownerApi(server.url, 'GET', '/api/targets')).body.targets[0];
    assert.deepEqual([api.mentions, api.callers, api.time_to_response_s, api.first_response_at], [mentions, callers, (3 * 60 + 12) * 60, new Date(answeredAt).toISOString()]);

    // A response seen elsewhere, recorded by Omar with a link; a javascript: link is refused in words.
    await w.locator('[data-testid="record-quote"]').fill('We will match every donation tonight.');
    await w.locator('[data-testid="record-url"]').fill('javascript:alert(1)');
    await w.locator('[data-testid="record-submit"]').click();
    await w.locator('[data-testid="record-error"]').filter({ hasText: 'url must be an http(s) link' }).waitFor();
    await w.locator('[data-testid="record-url"]').fill('https://x.com/RTErdogan/status/1');
    await w.locator('[data-testid="record-submit"]').click();
    const omarsFlag = w.locator('[data-testid="response"][data-state="flagged"]');
    await omarsFlag.waitFor();
    const link = omarsFlag.locator('a.answer-link');
    assert.equal(await link.getAttribute('href'), 'https://x.com/RTErdogan/status/1');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');

    // Mina picks a message from the chat view as another target's response; Omar rejects it with a reason.
    const yt = await ownerApi(server.url, 'POST', '/api/targets', { name: 'YouTube', handles: [{ platform: 'youtube', handle: '@YouTube' }], hashtags: ['YoutubeHelpRohingya'], ask: 'Match the donations' });
    assert.equal(yt.status, 201);
    irc.broadcast(CHANNEL, [privmsg(CHANNEL, { id: 'relayed-yt', userId: '5151', login: 'newsbot', text: 'YouTube says: we are looking into it', ts: Date.now() })]);
    await byTest(m, 'tab-live').click();
    const line = m.locator('[data-testid="chat-feed"] [data-message-id="relayed-yt"]');
    await line.locator('[data-testid="pick-response"]').click();
    await line.locator('[data-testid="pick-target"]').selectOption({ label: 'YouTube' });
    await line.locator('[data-testid="pick-kind"]').selectOption('acknowledgement');
    await line.locator('[data-testid="pick-submit"]').click();
    await line.locator('[data-testid="pick-response"]').filter({ hasText: 'flagged for YouTube' }).waitFor();
    await m.screenshot({ path: join(SHOTS, 'targets-pick-from-chat-1366.png') });
    const ytCard = w.locator(`[data-testid="target-card"][data-target-id="${yt.body.target.id}"]`);
    await ytCard.locator('[data-testid="target-open"]').click();
    const picked = w.locator('[data-testid="response"][data-state="flagged"]').filter({ hasText: 'YouTube says: we are looking into it' });
    await picked.locator('[data-testid="response-reject-reason"]').fill('a relay bot, not YouTube');
    await picked.locator('[data-testid="response-reject"]').click();
    await w.locator('[data-testid="response"][data-state="rejected"]').filter({ hasText: '“a relay bot, not YouTube”' }).waitFor();

    // The owner schedules a call moment for YouTube.
    const ownerYt = o.locator(`[data-testid="target-card"][data-target-id="${yt.body.target.id}"]`);
    await ownerYt.locator('[data-testid="target-open"]').click();
    await byTest(o, 'moment-at').fill(utcLocal(Date.now() + 30 * MIN));
    await byTest(o, 'moment-submit').click();
    await o.locator('[data-testid="moment"]').filter({ hasText: 'scheduled' }).waitFor();
    // A new moment has its sign-up command (from the target's name) on the card.
    await ownerYt.locator('.target-moment').filter({ hasText: /^Call at .*: 0 will post .*Type !call youtube to join\./ }).waitFor();

    // Moderators edit a target; a handle that is not a Twitch login is refused in words.
    await ownerYt.locator('[data-testid="target-open"]').click();
    await byTest(o, 'target-edit').click();
    await byTest(o, 'target-edit-handle-twitch').fill('not a login!');
    await byTest(o, 'target-edit-submit').click();
    await byTest(o, 'target-edit-error').filter({ hasText: 'is not a Twitch login' }).waitFor();
    await byTest(o, 'target-edit-handle-twitch').fill('youtube');
    await byTest(o, 'target-edit-ask').fill('Match every donation made tonight');
    await byTest(o, 'target-edit-submit').click();
    await w.locator(`[data-testid="target-card"][data-target-id="${yt.body.target.id}"] [data-testid="target-ask"]`).filter({ hasText: 'Match every donation made tonight' }).waitFor();

    // Look at the boards at both sizes.
    await card(o).locator('[data-testid="target-open"]').click();
    await o.locator('[data-testid="responses"][data-state="ready"] [data-testid="response"]').first().waitFor();
    await o.screenshot({ path: join(SHOTS, 'targets-board-1366.png') });
    await w.screenshot({ path: join(SHOTS, 'targets-board-1920.png') });
    const wide = await personAt(`${server.url}/#token=${OWNER_TOKEN}`, { width: 1920, height: 1080 });
    await byTest(wide.page, 'tab-targets').click();
    await card(wide.page).locator('[data-testid="target-answered-after"]').waitFor();
    await wide.page.screenshot({ path: join(SHOTS, 'targets-owner-1920.png') });

    // The owner archives YouTube: it leaves every board at once, and stays in the record.
    await ownerYt.locator('[data-testid="target-open"]').click();
    await byTest(o, 'target-archive').click();
    await byTest(o, 'target-archive-confirm').click();
    await w.locator(`[data-testid="target-card"][data-target-id="${yt.body.target.id}"]`).waitFor({ state: 'detached' });
    await byTest(w, 'targets-summary').filter({ hasText: '1 of 1' }).waitFor();
    const record = (await ownerApi(server.url, 'GET', '/api/export/responses.json')).body.responses as { target_name: string; state: string }[];
    assert.deepEqual(record.map((r) => [r.target_name, r.state]).sort(), [['President Erdoğan', 'confirmed'], ['President Erdoğan', 'flagged'], ['YouTube', 'rejected']]);

    for (const page of [o, m, w]) assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? 0), 0);
    assert.equal(await o.locator('#root img[src="x"]').count(), 0);
    assert.deepEqual([...owner.errors, ...mina.errors, ...omar.errors, ...wide.errors], []);
  });
});
