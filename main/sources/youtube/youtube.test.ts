import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { EXAMPLE_CAMPAIGN, type TestCore, startTestCore, tempDir } from '../../testing/harness.js';
import { twitchConnector } from '../twitch/connector.js';
import { eventually as until } from '../twitch/testing/eventually.js';
import { FakeTwitchIrc, privmsg } from '../twitch/testing/fake-irc-server.js';
import { youtubeConnector } from './connector.js';
import { FAKE_API_KEY, FAKE_VIDEO_ID, FakeYouTube, chatItem, superChatItem, textItem, youtubeFixture } from './testing/fake-youtube.js';

const FAST = { waitingMs: 150, notFoundMs: 150, unreachableMs: 50, unreachableMaxMs: 200, refusedMs: 300, tooSoonMs: 100, defaultPollMs: 100 };
/** A quota so large that pacing never slows reads below the fake's interval (tested apart). */
const BIG_QUOTA = 100_000_000;

const opened: { close(): Promise<void> }[] = [];
after(async () => {
  for (const o of opened.reverse()) await o.close();
});

async function setUp(options: { dir?: string; fake?: FakeYouTube } = {}) {
  const fake = options.fake ?? (await new FakeYouTube().start());
  const t = await startTestCore({ ...(options.dir ? { dir: options.dir } : {}), connectors: [youtubeConnector({ timings: FAST })] });
  if (!options.fake) opened.push(fake);
  opened.push(t);
  return { fake, t };
}

async function addYouTube(t: TestCore, fake: FakeYouTube, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await t.api('POST', '/api/sources', {
    kind: 'youtube',
    name: 'Charity stream',
    video: `https://www.youtube.com/watch?v=${FAKE_VIDEO_ID}`,
    api_key: FAKE_API_KEY,
    base_url: fake.url,
    daily_quota: BIG_QUOTA,
    ...extra,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(JSON.stringify(created.body).includes(FAKE_API_KEY), false, 'the key is never sent back');
  return created.body.id as string;
}

const sourceView = async (t: TestCore, id: string) => (await t.api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === id);
const count = (t: TestCore, sql: string, ...params: unknown[]) => (t.core.db.prepare(sql).get(...params) as { n: number | null } | undefined)?.n ?? 0;
const chatRows = (t: TestCore, source: string) => count(t, 'SELECT count(*) AS n FROM events WHERE source_id = ? AND kind = ?', source, 'chat');
const visibleIds = async (t: TestCore, source: string) =>
  ((await t.api('GET', `/api/chat/messages?source=${source}&limit=200`)).body.messages as { external_id: string }[]).map((m) => m.external_id);

describe('YouTube live chat', () => {
  it('pages through the chat from its page token, never sooner than YouTube asks', async () => {
    const { fake, t } = await setUp();
    fake.pageSize = 3;
    fake.pollingIntervalMillis = 250;
    fake.goLive();
    fake.post(Array.from({ length: 8 }, (_, i) => textItem(`LCC.page-${i}`, `UCviewer${i % 4}`, `hello ${i}`)));
    const id = await addYouTube(t, fake);
    await until('8 messages stored', () => chatRows(t, id) === 8);
    // 3 + 3 + 2: YouTube asks for the next page at once while there is more, then waits its interval.
    fake.post([textItem('LCC.page-8', 'UCviewer9', 'later')]);
    await until('the later message', () => chatRows(t, id) === 9);
    await new Promise((r) => setTimeout(r, 600));
    const reads = fake.chatReads();
    assert.equal(fake.tooSoon, 0, 'no read came sooner than the interval YouTube asked');
    assert.equal(reads[0]?.pageToken, null, 'the first read has no token');
    assert.ok(reads.slice(1).every((r) => r.pageToken !== null), 'every later read carries the token YouTube gave');
    // Reads after the chat caught up are at least the asked 250 ms apart.
    const caughtUp = reads.slice(3);
    for (let i = 1; i < caughtUp.length; i += 1) assert.ok(caughtUp[i]!.at - caughtUp[i - 1]!.at >= 225, `reads ${i - 1}→${i} too close`);
    const view = await sourceView(t, id);
    assert.equal(view.status, 'connected');
    assert.equal(view.youtube.live, 'live');
    assert.equal(view.youtube.quota.server_poll_ms, 250);
    assert.ok(view.youtube.quota.spent >= 1 + 5 * 4, `units counted: ${view.youtube.quota.spent}`);
    assert.equal(view.youtube.quota.left, BIG_QUOTA - view.youtube.quota.spent);
  });

  it('counts Super Chats exactly in JPY and KWD, memberships as pledges, and hides deleted and banned chat', async () => {
    const { fake, t } = await setUp();
    fake.goLive();
    const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000).toISOString();
    const spam = chatItem('textMessageEvent', { id: 'LCC.spam-1', channelId: 'UCi9SpammerIIIIIIIIIIIII', name: 'Spam Bot 3000', at: at(1), snippet: { textMessageDetails: { messageText: 'buy followers' } } });
    const fixture = (youtubeFixture('liveChatMessages-list.json').items as Record<string, any>[]).map((item, i) => ({ ...item, snippet: { ...item.snippet, publishedAt: at(10 + i) } }));
    const halfYen = superChatItem('LCC.half-yen', 'UCodd', '500500000', 'JPY', 'half a yen more');
    fake.post([spam, ...fixture, halfYen, textItem('LCC.keep-1', 'UCkeep', 'still here')]);
    const id = await addYouTube(t, fake);
    await until('two donations', () => count(t, 'SELECT count(*) AS n FROM donations WHERE source_id = ?', id) === 2);
    await until('memberships counted', () => count(t, "SELECT count AS n FROM pledge_totals WHERE source_id = ? AND unit = 'yt_membership'", id) === 7);
    // Micros that are not whole yen: refused in words on the source, never rounded into the total.
    const refusal = await until('refused Super Chat', async () => ((await sourceView(t, id)).rejected === 1 ? sourceView(t, id) : null));
    assert.match(refusal.last_error, /Super Chat not counted: 500500000 micros is not a whole number of JPY minor units/);
    const money = t.core.db.prepare('SELECT currency, amount_minor AS minor FROM donations WHERE source_id = ? ORDER BY currency').all(id);
    assert.deepEqual(money, [{ currency: 'JPY', minor: 500 }, { currency: 'KWD', minor: 1250 }]);
    const totals = (await t.api('GET', '/api/totals')).body;
    const byCurrency = Object.fromEntries((totals.by_currency as { currency: string; amount: { value: string } }[]).map((c) => [c.currency, c.amount?.value]));
    assert.equal(byCurrency.JPY, '500');
    assert.equal(byCurrency.KWD, '1.250');
    const parts = t.core.db.prepare("SELECT part, lines, count FROM pledge_parts WHERE source_id = ? AND unit = 'yt_membership' ORDER BY part").all(id);
    assert.deepEqual(parts, [
      { part: 'member', lines: 1, count: 1 },
      { part: 'member_gift', lines: 1, count: 5 },
      { part: 'member_milestone', lines: 1, count: 1 },
    ]);
    // The campaign values a membership month like a Twitch sub: 7 months at 4.99 EUR.
    const put = await t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, pledge_values: { yt_membership: '4.99' } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const pledges = (await t.api('GET', '/api/totals')).body.pledges;
    const unit = pledges.units.find((u: { unit: string }) => u.unit === 'yt_membership');
    assert.deepEqual(unit.value, { value: '34.93', currency: 'EUR' });
    let seen: string[] = [];
    await until('the deleted message and the banned viewer hidden', async () => {
      const visible = await visibleIds(t, id);
      seen = visible;
      return !visible.includes('LCC.text-0001') && !visible.includes('LCC.spam-1') && visible.includes('LCC.keep-1');
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(seen)} ${JSON.stringify(t.core.db.prepare('SELECT * FROM chat_hidden').all())}`);
    });
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE external_id = 'LCC.text-0001'"), 1, 'hidden, never deleted');
  });

  it('resumes after a restart from the stored page token, without storing anything twice', async () => {
    const dir = tempDir('telethon-yt-');
    const fake = await new FakeYouTube().start();
    opened.push(fake, { close: async () => dir.remove() });
    fake.goLive();
    fake.post(Array.from({ length: 5 }, (_, i) => textItem(`LCC.r-${i}`, `UCr${i}`, `first ${i}`)));
    const first = await setUp({ dir: dir.path, fake });
    const id = await addYouTube(first.t, fake);
    await until('5 stored', () => chatRows(first.t, id) === 5);
    await until('token saved', () => count(first.t, 'SELECT count(*) AS n FROM youtube_chat_state WHERE source_id = ? AND page_token IS NOT NULL', id) === 1);
    await first.t.close();
    const before = fake.chatReads().length;
    fake.post(Array.from({ length: 3 }, (_, i) => textItem(`LCC.r-${5 + i}`, `UCr${i}`, `after restart ${i}`)));
    const second = await setUp({ dir: dir.path, fake });
    await until('8 stored', () => chatRows(second.t, id) === 8);
    const resumed = fake.chatReads()[before];
    assert.equal(resumed?.pageToken, Buffer.from('at:5').toString('base64url'), 'the first read after the restart starts after the 5 stored');
    assert.equal(count(second.t, 'SELECT count(*) AS n FROM (SELECT external_id FROM events WHERE source_id = ? GROUP BY external_id HAVING count(*) > 1)', id), 0);
    assert.equal((await sourceView(second.t, id)).youtube.quota.spent > 0, true, 'the day\'s units survive the restart');
  });

  it('shows an exhausted quota in words and waits for the reset instead of asking again', async () => {
    const { fake, t } = await setUp();
    fake.goLive();
    fake.post([textItem('LCC.q-1', 'UCq1', 'one')]);
    fake.quotaLeft = 1 + 5; // videos.list and one read
    const id = await addYouTube(t, fake);
    await until('quota shown as used up', async () => (await sourceView(t, id)).status === 'failing');
    const view = await sourceView(t, id);
    assert.match(view.last_error, /daily quota for this API key is used up/);
    assert.match(view.last_error, /midnight Pacific time/);
    assert.equal(view.youtube.quota.left, 0);
    assert.ok(view.youtube.quota.poll_ms > 60_000, 'the next read waits for the reset');
    const reads = fake.requests.length;
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(fake.requests.length, reads, 'no request while the quota is gone');
    assert.equal(chatRows(t, id), 1, 'what was read before stays');
  });

  it('slows down when YouTube says too soon, and spreads a small quota over the day, saying so', async () => {
    const { fake, t } = await setUp();
    fake.goLive();
    fake.failNextChat.push('rateLimitExceeded');
    const id = await addYouTube(t, fake);
    await until('asked to slow down', async () => /asked to slow down/.test((await sourceView(t, id)).warning ?? ''));
    await until('reading again', async () => (await sourceView(t, id)).status === 'connected');
    const small = await addYouTube(t, fake, { name: 'Small quota', daily_quota: 1_000 });
    await until('paced for the quota', async () => (await sourceView(t, small)).youtube?.quota.slowed === true);
    const view = await sourceView(t, small);
    assert.match(view.warning, /quota units last until they reset at midnight Pacific time/);
    assert.ok(view.youtube.quota.poll_ms > fake.pollingIntervalMillis);
    assert.ok(view.youtube.quota.lasts_until);
    // Both sources use the same key: they share its units, and each shows the key's total.
    assert.equal(view.youtube.quota.shared_by, 2);
    const stored = count(t, 'SELECT SUM(quota_spent) AS n FROM youtube_chat_state');
    await until('the first source shows the key\'s total too', async () => (await sourceView(t, id)).youtube.quota.spent >= stored);
  });

  it('says when the stream has not started, reads it once live, and stops when it ends', async () => {
    const { fake, t } = await setUp();
    fake.schedule(FAKE_VIDEO_ID, '2030-01-01T18:00:00Z');
    const id = await addYouTube(t, fake);
    await until('waiting', async () => (await sourceView(t, id)).youtube?.live === 'waiting');
    assert.match((await sourceView(t, id)).warning, /has not started yet \(scheduled for 2030-01-01 18:00 UTC\)/);
    fake.goLive();
    fake.post([textItem('LCC.e-1', 'UCe1', 'we are live')]);
    await until('live', () => chatRows(t, id) === 1);
    fake.end();
    await until('ended', async () => (await sourceView(t, id)).youtube?.live === 'ended');
    const view = await sourceView(t, id);
    assert.match(view.warning, /live stream has ended/);
    assert.match(view.warning, /add its link, or add the channel by its @handle/);
    const reads = fake.requests.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(fake.requests.length, reads, 'an ended video is not asked again');
  });

  it('says when a live stream has its chat turned off, and reads it once the chat is on', async () => {
    const { fake, t } = await setUp();
    fake.videos.set(FAKE_VIDEO_ID, { kind: 'youtube#video', id: FAKE_VIDEO_ID, liveStreamingDetails: { actualStartTime: new Date().toISOString() } });
    const id = await addYouTube(t, fake);
    await until('no chat said', async () => /live but has no live chat/.test((await sourceView(t, id)).warning ?? ''));
    fake.goLive();
    fake.post([textItem('LCC.c-1', 'UCc1', 'chat is on')]);
    await until('read', () => chatRows(t, id) === 1);
    assert.equal((await sourceView(t, id)).warning, null);
  });

  it('finds the live broadcast of a channel handle, and refuses a wrong key in words', async () => {
    const { fake, t } = await setUp();
    fake.goLive();
    fake.channels.set('@charitystream', { uploads: 'UUcharity', videos: ['OldVideo123', FAKE_VIDEO_ID] });
    fake.post([textItem('LCC.h-1', 'UCh1', 'found by handle')]);
    const id = await addYouTube(t, fake, { video: '@CharityStream' });
    await until('read by handle', () => chatRows(t, id) === 1);
    assert.equal((await sourceView(t, id)).youtube.video_id, FAKE_VIDEO_ID);
    const bad = await addYouTube(t, fake, { name: 'Bad key', api_key: 'AIzaWrongKey00000000000000000000000000' });
    await until('refused key', async () => (await sourceView(t, bad)).status === 'failing');
    assert.match((await sourceView(t, bad)).last_error, /YouTube refused the API key/);
    const missing = await t.api('POST', '/api/sources', { kind: 'youtube', name: 'x', video: 'https://vimeo.com/1', api_key: FAKE_API_KEY });
    assert.equal(missing.status, 422);
    assert.match(missing.body.error.message, /not YouTube/);
  });

  it('counts a target called on YouTube and on Twitch, with exact distinct callers per platform and together', async () => {
    const fake = await new FakeYouTube().start();
    const irc = await FakeTwitchIrc.start();
    const t = await startTestCore({ connectors: [youtubeConnector({ timings: FAST }), twitchConnector({ backoffMs: 50 })] });
    opened.push(fake, irc, t);
    const target = await t.api('POST', '/api/targets', { name: 'YouTube', hashtags: ['YoutubeHelpRohingya'], handles: [], ask: 'Match the donations' });
    assert.equal(target.status, 201, JSON.stringify(target.body));
    fake.goLive();
    const yt = await addYouTube(t, fake);
    const twitch = (await t.api('POST', '/api/sources', { kind: 'twitch', name: '#alca', channel: 'alca', server: irc.url })).body.id as string;
    await irc.waitForJoined('alca');
    // YouTube: 3 people, 4 calls (one calls twice); a message without the tag does not count.
    fake.post([
      textItem('LCC.t-1', 'UCa', 'please #YoutubeHelpRohingya'),
      textItem('LCC.t-2', 'UCb', '#youtubehelprohingya now'),
      textItem('LCC.t-3', 'UCa', 'again #YOUTUBEHELPROHINGYA'),
      textItem('LCC.t-4', 'UCc', '#YoutubeHelpRohingya 🙏'),
      textItem('LCC.t-5', 'UCd', 'just watching'),
    ]);
    // Twitch: 2 people, 2 calls; "UCa" on YouTube and a Twitch user are different accounts.
    const ts = Date.now();
    irc.broadcast('alca', [
      privmsg('alca', { id: 'tw-1', userId: '101', login: 'ucа', text: '#YoutubeHelpRohingya', ts }),
      privmsg('alca', { id: 'tw-2', userId: '102', login: 'other', text: 'go #YoutubeHelpRohingya', ts }),
    ]);
    await until('all chat stored', () => chatRows(t, yt) === 5 && chatRows(t, twitch) === 2);
    let last: unknown = null;
    const view = await until('target counted', async () => {
      const found = (await t.api('GET', '/api/targets')).body.targets.find((x: { id: string }) => x.id === target.body.target.id);
      last = found;
      return found?.mentions === 6 ? found : null;
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(last)}`);
    });
    assert.equal(view.callers, 5, '3 YouTube channels and 2 Twitch users');
    const stats = async (source?: string) => (await t.api('GET', `/api/chat/stats${source ? `?source=${source}` : ''}`)).body;
    const tagCount = (s: { hashtags: { tag: string; count: number }[] }) => s.hashtags.find((h) => h.tag === 'youtubehelprohingya')?.count;
    const [onYouTube, onTwitch, together] = [await stats(yt), await stats(twitch), await stats()];
    assert.equal(tagCount(onYouTube), 4);
    assert.equal(onYouTube.chatters, 4, 'four YouTube channels spoke');
    assert.equal(tagCount(onTwitch), 2);
    assert.equal(onTwitch.chatters, 2);
    assert.equal(tagCount(together), 6);
    assert.equal(together.chatters, 6);
    assert.equal(together.messages, 7);
  });
});
