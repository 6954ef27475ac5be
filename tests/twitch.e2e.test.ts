import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixtureText } from '../main/testing/fixtures.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { inChannel, privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';
import { withFakeTwitch } from './support/twitch-session.js';

const SAMPLES = fixtureText('twitch-irc', 'samples.txt')
  .split('\n')
  .filter((l) => l.trim() && !/RECONNECT|PING|CLEARCHAT/.test(l));
/** Issue 20's paid lines (tests/fixtures/twitch/paid-lines.json), each case's lines as often as it says. */
const PAID_LINES = (JSON.parse(fixtureText('twitch', 'paid-lines.json')) as { cases: { line?: string; lines?: string[]; times?: number }[] }).cases
  .flatMap((c) => Array.from({ length: c.times ?? 1 }, () => c.lines ?? (c.line ? [c.line] : [])).flat());
const HOSTILE = '<img src=x onerror="window.__pwned=1"> #ErdoganHelpRohingya';

const session = e2eSession('telethon-twitch-e2e-', withFakeTwitch({ bannedChannels: ['closed_channel'] }));

/** A trend: many people calling on one account, a few on another, some @mentions. */
function trendLines(channel: string, now: number): string[] {
  const lines: string[] = [];
  const spellings = ['#ErdoganHelpRohingya', '#erdoganhelprohingya!', '#ERDOGANHELPROHINGYA.', '#ErdoganHelpRohingya @unicef'];
  for (let i = 0; i < 40; i += 1) {
    lines.push(privmsg(channel, { id: `trend-${i}`, userId: String(500 + (i % 25)), login: `caller${i % 25}`, text: `${spellings[i % 4]} please answer`, ts: now - (i % 3) * 60_000 }));
  }
  for (let i = 0; i < 6; i += 1) {
    lines.push(privmsg(channel, { id: `yt-${i}`, userId: String(700 + i), login: `yt${i}`, text: '#YoutubeHelpRohingya @YouTube', ts: now }));
  }
  lines.push(privmsg(channel, { id: 'hostile', userId: '900', login: 'mallory', text: HOSTILE, ts: now }));
  lines.push(privmsg(channel, { id: 'mod-line', userId: '901', login: 'modjo', text: 'Mods are here, be kind', ts: now, badges: 'moderator/1' }));
  return lines;
}

describe('Twitch chat on the dashboard', () => {
  it('adds a channel from the form, shows it joined, its velocity, hashtags, pledges and chat, and drops cleared chat', async () => {
    const { fakes: { irc }, server, browser } = session;
    const campaign = await ownerApi(server.url, 'PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, starts_at: new Date(Date.now() - 3_600_000).toISOString() });
    assert.equal(campaign.status, 200, JSON.stringify(campaign.body));

    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`);

    // What subs and bits are worth, in the campaign form; a bad value is refused in words.
    await byTest(page, 'pledge-values-form').scrollIntoViewIfNeeded();
    await byTest(page, 'pledge-value-sub_tier1').fill('2,50');
    await byTest(page, 'pledge-values-submit').click();
    await byTest(page, 'pledge-values-error').filter({ hasText: 'in English a comma separates thousands' }).waitFor();
    await byTest(page, 'pledge-value-sub_tier1').fill('2.50');
    await byTest(page, 'pledge-value-sub_prime').fill('2.50');
    await byTest(page, 'pledge-value-bits_100').fill('1.00');
    await byTest(page, 'pledge-values-submit').click();
    await byTest(page, 'pledge-values-done').waitFor();

    // The channel, by name only; the token field is a password field.
    await byTest(page, 'twitch-channel').fill('Alca');
    await byTest(page, 'twitch-sign-in').check();
    assert.equal(await byTest(page, 'twitch-token').getAttribute('type'), 'password');
    await byTest(page, 'twitch-sign-in').uncheck();
    await byTest(page, 'twitch-submit').click();
    await byTest(page, 'twitch-done').waitFor();
    const row = page.locator('[data-testid="source"]').filter({ hasText: '#alca' });
    await row.locator('[data-testid="source-status"]').filter({ hasText: 'joined' }).waitFor();
    assert.equal(await row.getAttribute('data-status'), 'connected');
    const [joined] = await irc.waitForJoined('alca');
    assert.ok(joined);
    assert.match(joined.nick, /^justinfan\d+$/, 'chat is read anonymously');

    const now = Date.now();
    irc.broadcast('alca', [...SAMPLES.map((l) => inChannel(l, 'alca')), ...trendLines('alca', now)]);
    irc.broadcast('alca', [privmsg('alca', { id: 'troll-1', userId: '666', login: 'troll', text: 'buy followers at spam dot example', ts: now })]);

    // Velocity, chatters and the trend, from the rollups.
    await page.locator('[data-testid="chat-hashtags-item"]').first().and(page.locator('[data-tag="erdoganhelprohingya"][data-count="41"]')).waitFor();
    const tags = await page.locator('[data-testid="chat-hashtags-item"]').evaluateAll((items) => items.map((i) => [i.getAttribute('data-tag'), i.getAttribute('data-count')]));
    assert.deepEqual(tags.slice(0, 2), [['erdoganhelprohingya', '41'], ['youtubehelprohingya', '6']]);
    await page.locator('[data-testid="chat-mentions-item"][data-tag="unicef"][data-count="10"]').waitFor();
    await byTest(page, 'chat-messages').filter({ hasText: '49' }).waitFor();
    assert.equal(await byTest(page, 'chat-chatters').textContent(), '34');
    // The solid area, and (the window ends now) the dashed unfinished minute beside it.
    assert.ok((await page.locator('[data-testid="chat-velocity"] .recharts-area-area').count()) >= 1, 'the velocity chart is drawn');
    // The last 15 minutes of one channel give the same figures here.
    await byTest(page, 'chat-window-15m').click();
    await byTest(page, 'chat-source').selectOption({ label: '#alca' });
    await byTest(page, 'chat-messages').filter({ hasText: '49' }).waitFor();

    // Subs and bits: apart from the money, valued as the form said (1 Prime sub, 1 Prime resub,
    // 1 gifted tier 1 sub, 1 bit → 2.50 + 2.50 + 2.50 + 0.01).
    await page.locator('[data-testid="pledge-line"][data-value="7.51"]').waitFor();
    assert.match(await byTest(page, 'pledge-line').innerText(), /\+ €7\.51 pledged in subs and bits/);

    // Recent chat: text stays text.
    const feed = byTest(page, 'chat-feed');
    await feed.locator('[data-message-id="troll-1"]').waitFor();
    await feed.locator('[data-message-id="hostile"] [data-testid="chat-text"]').filter({ hasText: HOSTILE }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'twitch-dashboard.png') });
    await byTest(page, 'chat-stats').screenshot({ path: join(SHOTS, 'twitch-chat-stats.png') });

    // A moderator times the troll out on Twitch: the message leaves the dashboard, stays stored.
    irc.broadcast('alca', [`@room-id=1;target-user-id=666;ban-duration=600;tmi-sent-ts=${now + 1} :tmi.twitch.tv CLEARCHAT #alca :troll`]);
    await feed.locator('[data-message-id="troll-1"]').waitFor({ state: 'detached' });
    await feed.locator('[data-message-id="mod-line"]').waitFor();
    const stored = await ownerApi(server.url, 'GET', '/api/chat/messages?limit=200');
    assert.ok(!stored.body.messages.some((m: { external_id: string }) => m.external_id === 'troll-1'));
    await byTest(page, 'chat-messages').filter({ hasText: '49' }).waitFor();

    await page.locator('.column.tools').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'twitch-dashboard-cleared.png') });
    await page.locator('.column.tools').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.screenshot({ path: join(SHOTS, 'twitch-dashboard-tools.png') });

    // Issue 20's paid lines: each pledge line says what it is made of; Hype Chat is its own
    // line, at what viewers paid, converted at the campaign's rates (USD 0.86, JPY 0.86/155).
    // Prime 3 × 2.50 + tier 1 11 × 2.50 + 151 bits 1.51 + 5.00 USD 4.30 + 1000 JPY 5.55 = 46.36.
    irc.broadcast('alca', PAID_LINES.map((l) => inChannel(l, 'alca')));
    const pledgeLine = page.locator('[data-testid="pledge-line"][data-value="46.36"]');
    await pledgeLine.waitFor();
    const unit = (name: string) => pledgeLine.locator(`[data-testid="pledge-unit"][data-unit="${name}"]`);
    assert.equal(await unit('sub_tier1').innerText(), '11 tier 1 sub months × €2.50 = €27.50: 1 resub, 2 gifts (7 months), 1 Prime upgrade, 2 gifts continued');
    assert.equal(await unit('sub_prime').innerText(), '3 Prime sub months × €2.50 = €7.50: 2 subs, 1 resub');
    assert.equal(await unit('bits').innerText(), '151 bits × €1.00 = €1.51: 3 cheers (151 bits)');
    assert.equal(await unit('sub_tier3').innerText(), '3 tier 3 sub months: 3 gifts');
    assert.match(await byTest(pledgeLine, 'pledge-paid-messages').innerText(), /^2 Hype Chats: ¥1,000 \(€5\.55\) \+ \$5\.00 \(€4\.30\) at what viewers paid Twitch$/);
    assert.match(await pledgeLine.innerText(), /\+ €46\.36 pledged in subs, bits and Hype Chat/);
    assert.match(await byTest(pledgeLine, 'pledge-missing').innerText(), /tier 2 sub months, tier 3 sub months \(no value set\)/);
    // The Hype Chat is a chat message too, with what was paid beside it.
    await feed.locator('[data-message-id="hype-usd"] [data-testid="chat-paid"]').filter({ hasText: 'Hype Chat $5.00' }).waitFor();
    assert.equal(await feed.locator('[data-message-id="hype-inexact"] [data-testid="chat-paid"]').count(), 0);
    await page.locator('.column.tools').evaluate((el) => el.scrollTo(0, 0));
    await byTest(page, 'pledge-line').scrollIntoViewIfNeeded();
    await page.locator('.total-panel').screenshot({ path: join(SHOTS, 'twitch-pledge-lines.png') });
    await page.screenshot({ path: join(SHOTS, 'twitch-dashboard-pledges.png') });

    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? 0), 0);
    assert.equal(await page.locator('#root img[src="x"]').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('reloads chat figures at most about once a second during a flood, and says in words why a channel fails', async () => {
    const { fakes: { irc }, server, browser } = session;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/#token=${OWNER_TOKEN}`);
    await page.locator('[data-testid="chat-stats"][data-state="ready"]').waitFor();
    const before = Number(await byTest(page, 'chat-messages').textContent());

    // 12 frames over 2.4 s: the hub announces new chat minutes about every 250 ms.
    let statsRequests = 0;
    page.on('request', (request) => {
      if (request.url().includes('/api/chat/stats')) statsRequests += 1;
    });
    const started = Date.now();
    for (let frame = 0; frame < 12; frame += 1) {
      const lines = Array.from({ length: 20 }, (_, k) =>
        privmsg('alca', { id: `flood-${frame}-${k}`, userId: String(2000 + k), login: `fan${k}`, text: '#FloodTest go go', ts: Date.now() }));
      irc.broadcast('alca', lines);
      await new Promise((r) => setTimeout(r, 200));
    }
    await byTest(page, 'chat-messages').filter({ hasText: String(before + 240) }).waitFor();
    const seconds = (Date.now() - started) / 1000;
    assert.ok(statsRequests >= 2, `the figures follow the flood (${statsRequests} reloads)`);
    assert.ok(statsRequests <= Math.ceil(seconds) + 1, `${statsRequests} reloads in ${seconds.toFixed(1)} s: more than one a second`);
    // Older chat, page by page: the 240 flood lines are more than the newest page of 50.
    await byTest(page, 'chat-line').nth(49).waitFor();
    await byTest(page, 'chat-older').click();
    await byTest(page, 'chat-line').nth(99).waitFor();
    const ids = await byTest(page, 'chat-line').evaluateAll((lines) => lines.map((l) => l.getAttribute('data-message-id')));
    assert.equal(new Set(ids).size, ids.length, 'no line shown twice after loading older chat');

    // A channel Twitch refuses: failing, with the reason in a sentence, and no retry loop.
    await byTest(page, 'twitch-channel').fill('closed_channel');
    await byTest(page, 'twitch-submit').click();
    const row = page.locator('[data-testid="source"]').filter({ hasText: '#closed_channel' });
    await row.locator('[data-testid="source-status"]').filter({ hasText: 'failing' }).waitFor();
    assert.match(await row.locator('[data-testid="source-error"]').innerText(), /banned from #closed_channel/);
    // A bad name is refused before it is sent.
    await byTest(page, 'twitch-channel').fill('not a channel!');
    await byTest(page, 'twitch-submit').click();
    await byTest(page, 'twitch-error').filter({ hasText: 'letters, digits' }).waitFor();
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'twitch-dashboard-failing.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
