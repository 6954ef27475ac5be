import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type TestCore, startTestCore } from '../testing/harness.js';
import { eventually as until } from '../sources/twitch/testing/eventually.js';
import { twitchConnector } from '../sources/twitch/connector.js';
import { FakeTwitchIrc, privmsg } from '../sources/twitch/testing/fake-irc-server.js';

const opened: { close(): Promise<void> }[] = [];
after(async () => {
  for (const o of opened.reverse()) await o.close();
});

async function setUp() {
  const irc = await FakeTwitchIrc.start();
  const t = await startTestCore({ connectors: [twitchConnector({ backoffMs: 50, log: () => {} })] });
  opened.push(irc, t);
  return { irc, t };
}

async function addChannel(t: TestCore, irc: FakeTwitchIrc, channel: string): Promise<string> {
  const created = await t.api('POST', '/api/sources', { kind: 'twitch', name: `#${channel}`, channel, server: irc.url });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await irc.waitForJoined(channel);
  return created.body.id as string;
}

const stored = (t: TestCore, sql: string, ...params: unknown[]) => (t.core.db.prepare(sql).get(...params) as { n: number }).n;
const window = (now: number) => `from=${new Date(now - 120_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`;
const ids = (page: { messages: { external_id: string }[] }) => page.messages.map((m) => m.external_id);

describe('chat in the API', () => {
  it('gives velocity, chatters, hashtags and mentions per channel and in total, from the rollups', async () => {
    const { irc, t } = await setUp();
    const alca = await addChannel(t, irc, 'alca');
    const relay = await addChannel(t, irc, 'relay');
    const now = Date.now();
    const say = (channel: string, id: string, user: number, text: string) =>
      privmsg(channel, { id, userId: String(user), login: `user${user}`, text, ts: now });
    irc.broadcast('alca', [
      say('alca', 'a1', 1, '#ErdoganHelpRohingya please @Erdogan'),
      say('alca', 'a2', 2, '#erdoganhelprohingya! @erdogan @unicef'),
      say('alca', 'a3', 1, 'hello'),
    ]);
    irc.broadcast('relay', [
      say('relay', 'r1', 1, '#YoutubeHelpRohingya @YouTube'),
      say('relay', 'r2', 3, '#ErdoganHelpRohingya'),
    ]);
    await until('chat stored', () => stored(t, "SELECT count(*) AS n FROM events WHERE kind = 'chat'") === 5);

    const all = (await t.api('GET', `/api/chat/stats?${window(now)}`)).body;
    assert.equal(all.source, null);
    assert.equal(all.messages, 5);
    assert.equal(all.chatters, 3, 'user 1 spoke in both channels and counts once');
    assert.deepEqual(all.hashtags, [{ tag: 'erdoganhelprohingya', count: 3 }, { tag: 'youtubehelprohingya', count: 1 }]);
    assert.deepEqual(all.mentions, [{ tag: 'erdogan', count: 2 }, { tag: 'unicef', count: 1 }, { tag: 'youtube', count: 1 }]);

    const one = (await t.api('GET', `/api/chat/stats?${window(now)}&source=${alca}`)).body;
    assert.equal(one.source, alca);
    assert.equal(one.messages, 3);
    assert.equal(one.chatters, 2);
    assert.deepEqual(one.per_minute.map((p: { messages: number }) => p.messages), [3]);
    assert.deepEqual(one.hashtags, [{ tag: 'erdoganhelprohingya', count: 2 }]);
    assert.deepEqual(one.mentions, [{ tag: 'erdogan', count: 2 }, { tag: 'unicef', count: 1 }]);
    const other = (await t.api('GET', `/api/chat/stats?${window(now)}&source=${relay}`)).body;
    assert.deepEqual([other.messages, other.chatters, other.mentions], [2, 2, [{ tag: 'youtube', count: 1 }]]);

    const unknown = await t.api('GET', `/api/chat/stats?source=twitch-nope`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error.message, /no source "twitch-nope"/);
    assert.equal((await t.api('GET', '/api/chat/stats?from=yesterday')).status, 400);
  });

  it('leaves out what moderators cleared (CLEARCHAT, CLEARMSG), keeps it in the store, and pages by seq', async () => {
    const { irc, t } = await setUp();
    const alca = await addChannel(t, irc, 'alca');
    const relay = await addChannel(t, irc, 'relay');
    const now = Date.now();
    const say = (channel: string, id: string, user: number, text: string, ts = now) =>
      privmsg(channel, { id, userId: String(user), login: `user${user}`, text, ts, ...(user === 9 ? { badges: 'moderator/1' } : {}) });
    irc.broadcast('alca', [
      say('alca', 'keep-1', 1, 'hello <b>bold</b>'),
      say('alca', 'troll-1', 66, 'spam'),
      say('alca', 'rude-1', 2, 'rude words'),
      say('alca', 'troll-2', 66, 'more spam'),
      say('alca', 'keep-2', 9, 'mods here'),
    ]);
    irc.broadcast('relay', [say('relay', 'relay-1', 66, 'the troll elsewhere')]);
    await until('chat stored', () => stored(t, "SELECT count(*) AS n FROM events WHERE kind = 'chat'") === 6);
    irc.broadcast('alca', [
      `@room-id=1;target-user-id=66;ban-duration=600;tmi-sent-ts=${now + 1} :tmi.twitch.tv CLEARCHAT #alca :user66`,
      `@login=user2;target-msg-id=rude-1;tmi-sent-ts=${now + 1} :tmi.twitch.tv CLEARMSG #alca :rude words`,
    ]);
    await until('marks stored', () => stored(t, 'SELECT count(*) AS n FROM chat_hidden') === 2);
    // the troll speaks again after the timeout: that message is not covered by the earlier mark
    irc.broadcast('alca', [say('alca', 'troll-3', 66, 'back again', now + 5_000)]);
    await until('late message', () => stored(t, "SELECT count(*) AS n FROM events WHERE external_id = 'troll-3'") === 1);

    const page = (await t.api('GET', `/api/chat/messages?source=${alca}`)).body;
    assert.deepEqual(ids(page), ['troll-3', 'keep-2', 'keep-1']);
    assert.equal(page.next_before, null);
    assert.deepEqual(page.messages[1].badges, ['moderator']);
    assert.equal(page.messages[2].text, 'hello <b>bold</b>', 'chat is text, kept as typed');
    assert.equal(page.messages[2].author, 'user1');
    // the ban was in #alca only; all channels together
    const everywhere = (await t.api('GET', '/api/chat/messages')).body;
    assert.deepEqual(ids(everywhere).sort(), ['keep-1', 'keep-2', 'relay-1', 'troll-3']);
    const seqs = everywhere.messages.map((m: { seq: number }) => m.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
    // still in the store, marked
    assert.equal(stored(t, "SELECT count(*) AS n FROM events WHERE external_id IN ('troll-1', 'troll-2', 'rude-1')"), 3);

    // paging: two at a time, by seq
    const first = (await t.api('GET', `/api/chat/messages?source=${alca}&limit=2`)).body;
    assert.deepEqual(ids(first), ['troll-3', 'keep-2']);
    assert.ok(first.next_before);
    const second = (await t.api('GET', `/api/chat/messages?source=${alca}&limit=2&before=${first.next_before}`)).body;
    assert.deepEqual(ids(second), ['keep-1']);
    assert.equal(second.next_before, null);

    for (const bad of ['limit=0', 'limit=201', 'limit=ten', 'before=-1', 'before=1e9']) {
      const answer = await t.api('GET', `/api/chat/messages?${bad}`);
      assert.equal(answer.status, 400, bad);
      assert.match(answer.body.error.message, /whole number/);
    }
    assert.equal((await t.api('GET', '/api/chat/messages?source=nope')).status, 404);
  });

  it('answers a page in bounded work when a clear hid thousands of messages', async () => {
    const { irc, t } = await setUp();
    const alca = await addChannel(t, irc, 'alca');
    const now = Date.now();
    const lines = [privmsg('alca', { id: 'old', userId: '1', login: 'old', text: 'before the flood', ts: now - 1 })];
    for (let i = 0; i < 2_500; i += 1) lines.push(privmsg('alca', { id: `flood-${i}`, userId: String(100 + (i % 50)), login: 'f', text: 'spam', ts: now }));
    irc.broadcast('alca', lines);
    await until('flood stored', () => stored(t, "SELECT count(*) AS n FROM events WHERE kind = 'chat'") === 2_501, 20_000);
    // "/clear": everyone's chat up to now, in one mark
    irc.broadcast('alca', [`@room-id=1;tmi-sent-ts=${now} :tmi.twitch.tv CLEARCHAT #alca`]);
    await until('clear stored', () => stored(t, 'SELECT count(*) AS n FROM chat_hidden') === 1);

    // Everything is hidden: the first page stops after its window and hands back a cursor...
    const first = (await t.api('GET', `/api/chat/messages?source=${alca}`)).body;
    assert.deepEqual(first.messages, []);
    assert.ok(typeof first.next_before === 'number', 'a cursor to go on from');
    // ...and following it ends the log, still empty.
    const second = (await t.api('GET', `/api/chat/messages?source=${alca}&before=${first.next_before}`)).body;
    assert.deepEqual(second.messages, []);
    assert.equal(second.next_before, null);

    // Each hidden-chat test is an index probe, never a scan of the marks or of other channels.
    const plan = t.core.db
      .prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM events e WHERE e.kind = 'chat' AND e.source_id = ? AND e.seq < ?
        AND NOT EXISTS (SELECT 1 FROM chat_hidden h WHERE h.source_id = e.source_id AND h.message_id = e.external_id)
        AND NOT EXISTS (SELECT 1 FROM chat_hidden h WHERE h.source_id = e.source_id AND h.message_id IS NULL AND h.actor_key IS NULL AND h.through_at >= e.occurred_at)
        ORDER BY e.seq DESC LIMIT 10`)
      .all(alca, 1e12) as { detail: string }[];
    const details = plan.map((p) => p.detail).join('\n');
    assert.match(details, /events_chat_by_source/);
    assert.match(details, /chat_hidden_messages/);
    assert.match(details, /chat_hidden_rules/);
    assert.doesNotMatch(details, /SCAN h\b/);
  });
});
