import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import type { CallMomentView, TargetView } from '../shared/views.js';
import { FakeTwitchIrc, privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { YOUTUBE_API_ENV } from '../main/sources/youtube/connector.js';
import { FAKE_API_KEY, FAKE_VIDEO_ID, FakeYouTube, chatItem } from '../main/sources/youtube/testing/fake-youtube.js';
import { CALL_TAG, type CrowdMessage, simulatedCall } from '../main/targets/testing/simulated-call.js';
import { EXAMPLE_CAMPAIGN, tempDir } from '../main/testing/harness.js';
import { byTest, launchBrowser, openDashboard } from './support/browser.js';
import { SHOTS } from './support/e2e-session.js';
import { OWNER_TOKEN, type ServerProcess, ownerApi, startServer } from './support/server-process.js';

const temp = tempDir('telethon-crowd-call-');
const MIN = 60_000;
const CHANNEL = 'relay';
let irc: FakeTwitchIrc | null = null;
let youtube: FakeYouTube | null = null;
let server: ServerProcess | null = null;
let browser: Browser | null = null;
after(async () => {
  await browser?.close();
  await server?.stop('SIGKILL');
  await irc?.close();
  await youtube?.close();
  temp.remove();
});

async function start(): Promise<ServerProcess> {
  process.env.TELETHON_TWITCH_SERVER = irc!.url;
  process.env[YOUTUBE_API_ENV] = youtube!.url;
  try {
    return await startServer(temp.path, [], 90_000);
  } finally {
    delete process.env.TELETHON_TWITCH_SERVER;
    delete process.env[YOUTUBE_API_ENV];
  }
}

const twitchLine = (m: CrowdMessage) => privmsg(CHANNEL, { id: m.id, userId: String(m.user), login: m.login, text: m.text, ts: m.at, ...(m.badges ? { badges: m.badges } : {}) });
const youtubeItem = (m: CrowdMessage) =>
  chatItem('textMessageEvent', { id: m.id, channelId: `UC${m.user}`, name: m.login, at: new Date(m.at).toISOString(), snippet: { displayMessage: m.text, textMessageDetails: { messageText: m.text } } });

async function moment(url: string, targetId: string): Promise<CallMomentView> {
  const targets = (await ownerApi(url, 'GET', '/api/targets')).body.targets as TargetView[];
  const found = targets.find((t) => t.id === targetId)?.moments[0];
  assert.ok(found);
  return found;
}

/** Sign-ups the committed messages make: ASCII command as typed, once per person, no bots or streamer. */
function expectedSignups(messages: CrowdMessage[], deleted: string | null): number {
  const people = new Set<string>();
  for (const m of messages) {
    if (m.login === 'nightbot' || m.badges || m.id === deleted) continue;
    if (/^ *!call +erdogan( |$)/i.test(m.text)) people.add(`${m.platform}:${m.user}`);
  }
  return people.size;
}

describe('a simulated call on Twitch and YouTube, with kill -9 in the middle', () => {
  it('counts exactly 800 sign-ups, 520 follow-through and 300 others after a crash and a redelivery; the card and the widget show them', async () => {
    mkdirSync(SHOTS, { recursive: true });
    irc = await FakeTwitchIrc.start();
    youtube = await new FakeYouTube().start();
    youtube.pollingIntervalMillis = 200;
    youtube.goLive();
    server = await start();
    const url = server.url;
    assert.equal((await ownerApi(url, 'PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, starts_at: new Date(Date.now() - 3_600_000).toISOString() })).status, 200);
    assert.equal((await ownerApi(url, 'POST', '/api/sources', { kind: 'twitch', name: '#relay', channel: CHANNEL })).status, 201);
    const yt = await ownerApi(url, 'POST', '/api/sources', {
      kind: 'youtube', name: 'YouTube live', video: `https://www.youtube.com/watch?v=${FAKE_VIDEO_ID}`, api_key: FAKE_API_KEY, base_url: youtube.url, daily_quota: 100_000_000,
    });
    assert.equal(yt.status, 201, JSON.stringify(yt.body));
    const created = await ownerApi(url, 'POST', '/api/targets', { name: 'Erdoğan Office', hashtags: [CALL_TAG], ask: 'Open the border for water trucks' });
    assert.equal(created.status, 201);
    const targetId = created.body.target.id as string;
    // The moment is the next whole minute (at least 15 s ahead, so it is scheduled before its
    // window opens and every post in it is tracked): it opens while the crash and the replay run.
    const at = Math.ceil((Date.now() + 15_000) / MIN) * MIN;
    const scheduled = await ownerApi(url, 'POST', `/api/targets/${targetId}/moments`, { at: new Date(at).toISOString() });
    assert.equal(scheduled.status, 201, JSON.stringify(scheduled.body));
    assert.equal(scheduled.body.target.moments[0].command, '!call erdogan');
    await irc.waitForJoined(CHANNEL);

    const call = simulatedCall(at);
    const twitch = call.messages.filter((m) => m.platform === 'twitch');
    const tube = call.messages.filter((m) => m.platform === 'youtube');
    // Half of YouTube now, the rest after the restart; Twitch in frames at a steady pace, and
    // kill -9 once 40 % of its frames are sent (the server is still writing then).
    youtube.post(tube.slice(0, tube.length / 2).map(youtubeItem));
    let killed = false;
    const sender = (async () => {
      for (let i = 0; i < twitch.length && !killed; i += 25) {
        irc!.broadcast(CHANNEL, twitch.slice(i, i + 25).map(twitchLine), 25);
        await new Promise((r) => setTimeout(r, 15));
        if (i >= twitch.length * 0.4) {
          killed = true;
          server!.killAll();
        }
      }
    })();
    const seen = (await moment(url, targetId).catch(() => null))?.result.signups ?? 0;
    await sender;
    assert.equal(await server.stop(), null, 'the server died by SIGKILL');

    const db = new Database(join(temp.path, 'telethon.sqlite'), { readonly: true });
    const stored = new Set(db.prepare<[], { external_id: string }>("SELECT external_id FROM events WHERE kind = 'chat'").all().map((r) => r.external_id));
    db.close();
    const committed = call.messages.filter((m) => stored.has(m.id));
    console.log(`kill -9 with ${committed.length} of ${call.messages.length} messages committed; the card showed ${seen} sign-ups`);
    assert.ok(committed.length < call.messages.length, 'the kill came mid-call');

    server = await start();
    const afterCrash = await moment(server.url, targetId);
    assert.equal(afterCrash.result.signups, expectedSignups(committed, null), 'after the restart: exactly the sign-ups of the committed messages');
    assert.ok(afterCrash.result.signups >= seen && afterCrash.result.signups < 800, `nothing shown before the kill is lost (${seen} then ${afterCrash.result.signups})`);

    // Everything again (the reconnect's replay), then a moderator deletes one sign-up.
    await irc.waitForJoined(CHANNEL);
    irc.broadcast(CHANNEL, twitch.map(twitchLine), 200);
    youtube.post(tube.slice(tube.length / 2).map(youtubeItem));
    const deletedAt = twitch.find((m) => m.id === call.deleted.id)!.at;
    irc.broadcast(CHANNEL, [`@login=twfan${call.deleted.user};room-id=1;target-msg-id=${call.deleted.id};tmi-sent-ts=${deletedAt + 1000} :tmi.twitch.tv CLEARMSG #${CHANNEL} :${'spam'}`]);
    const deadline = Date.now() + 60_000;
    let final = await moment(server.url, targetId);
    while ((final.result.signups !== 800 || final.result.followed !== 520 || final.result.others !== 300) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      final = await moment(server.url, targetId);
    }
    await new Promise((r) => setTimeout(r, 1_500)); // time for a double count to show
    final = await moment(server.url, targetId);
    assert.equal(final.result.signups, 800);
    assert.equal(final.result.followed, 520);
    assert.equal(final.result.others, 300);
    for (const platform of ['twitch', 'youtube'] as const) {
      const own = final.by_platform.find((p) => p.platform === platform)!;
      assert.deepEqual({ signups: own.signups, followed: own.followed, others: own.others }, call.expected.byPlatform[platform], platform);
    }
    assert.equal(expectedSignups(call.messages, call.deleted.id), 800);

    // The card and the widget, looked at.
    browser = await launchBrowser();
    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`, { width: 1366, height: 900 }, { timezoneId: 'UTC' });
    await byTest(page, 'tab-targets').click();
    const card = page.locator(`[data-testid="target-card"][data-target-id="${targetId}"]`);
    await card.locator('[data-testid="target-moment"][data-signups="800"]').waitFor();
    await card.screenshot({ path: join(SHOTS, 'crowd-call-card.png') });
    await card.locator('[data-testid="target-open"]').click();
    // The follow-through table shows once the window is open (the moment was a minute ahead).
    const item = page.locator('[data-testid="moment"][data-signups="800"][data-state="open"]');
    await item.waitFor({ timeout: Math.max(10_000, at - Date.now() + 60_000) });
    await item.locator('[data-testid="call-row"][data-platform="together"][data-followed="520"][data-others="300"]').waitFor();
    assert.equal(await item.getAttribute('data-followed'), '520');
    assert.equal(await item.getAttribute('data-others'), '300');
    await byTest(page, 'moment-command').filter({ hasText: '!call erdogan' }).waitFor();
    await item.scrollIntoViewIfNeeded();
    await item.screenshot({ path: join(SHOTS, 'crowd-call-moment.png') });
    await card.locator('[data-testid="target-moment"][data-state="open"]').waitFor({ timeout: 30_000 });
    assert.match((await byTest(card, 'target-moment').textContent()) ?? '', /520 of 800 signed up have posted #ErdoganHelpRohingya, and 300 others/);
    await card.screenshot({ path: join(SHOTS, 'crowd-call-card-open.png') });
    assert.deepEqual(errors, []);

    const overlay = (await ownerApi(server.url, 'GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] };
    const widgetUrl = overlay.widgets.find((w) => w.name === 'call-signups')!.url;
    const widget = await browser.newPage({ viewport: { width: 1000, height: 200 } });
    await widget.goto(widgetUrl);
    await widget.locator('[data-testid="call-signups"][data-active="true"][data-signups="800"]').waitFor();
    const line = (await byTest(widget, 'call-signups-line').textContent()) ?? '';
    assert.match(line, new RegExp(`^800 people (will post #${CALL_TAG} at \\d\\d:\\d\\d|signed up: post #${CALL_TAG} now)$`));
    assert.equal(await byTest(widget, 'call-signups-join').textContent(), 'type !call erdogan to join');
    await widget.screenshot({ path: join(SHOTS, 'crowd-call-widget.png'), omitBackground: true });
    await widget.close();
    assert.equal(await server.stop('SIGTERM'), 0);
  });
});
