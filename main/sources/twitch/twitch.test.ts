import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { HiddenChat } from '../../chat/hidden.js';
import { fixtureText } from '../../testing/fixtures.js';
import { type TestCore, startTestCore } from '../../testing/harness.js';
import { eventually as until } from './testing/eventually.js';
import { twitchConnector } from './connector.js';
import { FakeTwitchIrc, inChannel, privmsg } from './testing/fake-irc-server.js';

const SAMPLES = fixtureText('twitch-irc', 'samples.txt')
  .split('\n')
  .filter((l) => l.trim().length > 0);
const sample = (needle: string) => {
  const line = SAMPLES.find((l) => l.includes(needle));
  if (!line) throw new Error(`no sample with ${needle}`);
  return line;
};

const opened: { close(): Promise<void> }[] = [];
after(async () => {
  for (const o of opened.reverse()) await o.close();
});

async function setUp(options: { refusedTokens?: string[]; bannedChannels?: string[] } = {}) {
  const irc = await FakeTwitchIrc.start(options);
  const logs: string[] = [];
  const t = await startTestCore({ connectors: [twitchConnector({ backoffMs: 50, log: (l) => logs.push(l) })] });
  opened.push(irc, t);
  return { irc, t, logs };
}

async function addChannel(t: TestCore, irc: FakeTwitchIrc, channel: string, extra: Record<string, unknown> = {}) {
  const created = await t.api('POST', '/api/sources', { kind: 'twitch', name: `#${channel}`, channel, server: irc.url, ...extra });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id as string;
}

const count = (t: TestCore, sql: string, ...params: unknown[]) => (t.core.db.prepare(sql).get(...params) as { n: number | null }).n ?? 0;
const chatCount = (t: TestCore, source: string) => count(t, "SELECT count(*) AS n FROM events WHERE source_id = ? AND kind = 'chat'", source);
const rollupMessages = (t: TestCore, source: string) => count(t, 'SELECT SUM(messages) AS n FROM minute_rollups WHERE source_id = ?', source);
const pledges = (t: TestCore, source: string) =>
  Object.fromEntries((t.core.db.prepare('SELECT unit, count FROM pledge_totals WHERE source_id = ?').all(source) as { unit: string; count: number }[]).map((r) => [r.unit, r.count]));

function burst(channel: string, from: number, to: number, prefix = 'm'): string[] {
  const ts = Date.now();
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return privmsg(channel, { id: `${prefix}-${i}`, userId: String(1000 + (i % 97)), login: `viewer${i % 97}`, text: `message ${i} #Rohingya`, ts: ts + i });
  });
}

describe('Twitch chat', () => {
  it('stores chat with its tags, counts subs and mystery gifts once, bits and charity exactly, and hides cleared chat', async () => {
    const { irc, t, logs } = await setUp();
    const id = await addChannel(t, irc, 'alca');
    await irc.waitForJoined('alca');
    await until('joined status', async () => (await t.api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === id)?.status === 'connected');
    const now = Date.now();
    const gift = (n: number, anon = false) =>
      `@badges=;display-name=${anon ? 'AnAnonymousGifter' : 'Giver'};id=gift-${anon ? 'a' : ''}${n};login=${anon ? 'ananonymousgifter' : 'giver'};msg-id=${anon ? 'anonsubgift' : 'subgift'};msg-param-community-gift-id=77;msg-param-recipient-id=9${n};msg-param-sub-plan=1000;room-id=1;tmi-sent-ts=${now};user-id=${anon ? '274598607' : '555'} :tmi.twitch.tv USERNOTICE #alca`;
    irc.broadcast('alca', [
      ...SAMPLES.filter((l) => !/RECONNECT|PING|CLEARCHAT/.test(l)).map((l) => inChannel(l, 'alca')),
      `@badges=;display-name=Giver;id=mystery-1;login=giver;msg-id=submysterygift;msg-param-mass-gift-count=3;msg-param-sub-plan=1000;room-id=1;tmi-sent-ts=${now};user-id=555 :tmi.twitch.tv USERNOTICE #alca`,
      gift(1), gift(2), gift(3),
      `@badges=;display-name=AnAnonymousGifter;id=mystery-2;login=ananonymousgifter;msg-id=anonsubmysterygift;msg-param-mass-gift-count=2;msg-param-sub-plan=2000;room-id=1;tmi-sent-ts=${now};user-id=274598607 :tmi.twitch.tv USERNOTICE #alca`,
      gift(4, true), gift(5, true),
      // hostile and malformed lines: skipped or stored as text, never a crash
      '@@@ :::: PRIVMSG',
      // no id: kept under an id derived from the line (issue 20), so a paid line is never lost
      '@id=;user-id=1 :x!x@x PRIVMSG #alca :no id',
      `@id=wall-1;user-id=42;tmi-sent-ts=99999999999999999;bits=99999999999 :wall!wall@wall PRIVMSG #alca :${'😀'.repeat(500)}`,
      `@id=script-1;user-id=43;display-name=ناشط :n!n@n PRIVMSG #alca :ساعدوا #روهينغا <script>alert(1)</script> @Alca`,
      privmsg('alca', { id: 'to-clear', userId: '20624989', login: 'schmoopiie', text: 'bye', ts: now }),
      privmsg('alca', { id: 'to-delete', userId: '31', login: 'rude', text: 'rude words', ts: now }),
    ]);
    await until('chat stored', () => chatCount(t, id) >= 7);
    await until('charity donation', () => count(t, 'SELECT count(*) AS n FROM donations WHERE source_id = ?', id) === 1);
    // moderators clear after the messages arrived
    irc.broadcast('alca', [
      `@room-id=20624989;target-user-id=20624989;tmi-sent-ts=${now + 1} :tmi.twitch.tv CLEARCHAT #alca :schmoopiie`,
      `@login=rude;target-msg-id=to-delete;tmi-sent-ts=${now + 1} :tmi.twitch.tv CLEARMSG #alca :rude words`,
    ]);
    await until('clears stored', () => count(t, 'SELECT count(*) AS n FROM chat_hidden WHERE source_id = ?', id) === 2);

    // chat rows keep what the tags carry
    const alca = t.core.db.prepare("SELECT actor_key, actor_name, body, occurred_at, payload FROM events WHERE external_id = 'c5ddcb05-85ae-4a60-91bc-7704c7031257'").get() as { actor_key: string; actor_name: string; body: string; occurred_at: number; payload: string };
    assert.equal(alca.actor_key, 'twitch:7676884');
    assert.equal(alca.actor_name, 'Alca');
    assert.equal(alca.body, 'Hi :)');
    assert.equal(alca.occurred_at, 1554296462753);
    assert.deepEqual(JSON.parse(alca.payload), { user_id: '7676884', login: 'alca', badges: { broadcaster: '1', subscriber: '12' }, sent_ts: 1554296462753 });
    // the emoji wall is stored as text with its absurd tags ignored; any script is text
    const wall = t.core.db.prepare("SELECT body, occurred_at FROM events WHERE external_id = 'wall-1'").get() as { body: string; occurred_at: number };
    assert.equal(wall.body, '😀'.repeat(500));
    assert.ok(Math.abs(wall.occurred_at - Date.now()) < 60_000);
    assert.match((t.core.db.prepare("SELECT body FROM events WHERE external_id = 'script-1'").get() as { body: string }).body, /<script>/);
    assert.equal(chatCount(t, id), 7);
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE body = 'no id' AND external_id LIKE 'derived-%'"), 1);
    assert.ok(logs.some((l) => /malformed/.test(l)), logs.join('\n'));

    // pledges: 1 Prime sub + 1 Prime resub; tier 1 gifts: the fixture's 1, then 3 + 2 (anonymous)
    // after two mystery-gift announcements that count nothing themselves; 1 bit
    assert.deepEqual(pledges(t, id), { sub_prime: 2, sub_tier1: 6, bits: 1 });
    // charity: USD 15.00 exactly, counted as money
    const charity = t.core.db.prepare('SELECT amount_minor, currency, donor_name FROM donations WHERE source_id = ?').get(id);
    assert.deepEqual(charity, { amount_minor: 1500, currency: 'USD', donor_name: 'tommyboy9000' });

    // hashtags and mentions per minute; the script message's Arabic tag counts too
    const stats = await t.api('GET', `/api/chat/stats?from=${new Date(now - 120_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`);
    assert.deepEqual(stats.body.hashtags, [{ tag: 'روهينغا', count: 1 }]);
    assert.equal(count(t, "SELECT SUM(count) AS n FROM minute_tags WHERE kind = 'mention' AND tag = 'alca' AND source_id = ?", id), 1);

    // CLEARCHAT and CLEARMSG hide, the events stay
    const visible = new HiddenChat(t.core.db).recent(id, 100).map((m) => m.external_id);
    assert.ok(!visible.includes('to-clear') && !visible.includes('to-delete'));
    assert.ok(visible.includes('script-1'));
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE external_id IN ('to-clear', 'to-delete')"), 2);
  });

  it('loses and doubles nothing when Twitch asks to RECONNECT in the middle of a 1,000-message burst', async () => {
    const { irc, t } = await setUp();
    const id = await addChannel(t, irc, 'marathon');
    const [first] = await irc.waitForJoined('marathon');
    assert.ok(first);
    const lines = burst('marathon', 0, 1_000);
    irc.send([first], lines.slice(0, 500), 50);
    irc.requestReconnect([first]);
    // Until the new connection has joined, the old one carries on alone...
    irc.send([first], lines.slice(500, 600), 50);
    const both = await irc.waitForJoined('marathon', 2);
    // ...then Twitch sends the same lines on both for a while before the old one is closed.
    irc.send(both, lines.slice(600, 1_000), 50);
    await until('all 1,000 stored', () => chatCount(t, id) === 1_000);
    await until('old connection closed', () => irc.joined('marathon').length === 1);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(chatCount(t, id), 1_000);
    assert.equal(rollupMessages(t, id), 1_000);
    assert.equal(rollupMessages(t, '*'), 1_000);
    assert.equal(count(t, "SELECT SUM(count) AS n FROM minute_tags WHERE kind = 'hashtag' AND tag = 'rohingya' AND source_id = ?", id), 1_000);
    assert.equal(irc.history.length, 2);
  });

  it('says so when the server vanishes mid-burst, reconnects, and counts nothing twice on return', async () => {
    const { irc, t } = await setUp();
    const id = await addChannel(t, irc, 'vanish');
    const [first] = await irc.waitForJoined('vanish');
    assert.ok(first);
    irc.send([first], burst('vanish', 0, 300), 50);
    await irc.drained([first]);
    // The reader thread reports 'connected' a moment after the server saw it join.
    await until('connected first', async () => (await t.api('GET', '/api/sources')).body.sources.find((x: { id: string }) => x.id === id)?.status === 'connected');
    irc.dropAll();
    const source = await until('reconnecting shown', async () => {
      const s = (await t.api('GET', '/api/sources')).body.sources.find((x: { id: string; status: string }) => x.id === id);
      return s && s.status !== 'connected' ? s : undefined;
    });
    assert.match(source.status, /reconnecting|connecting/);
    assert.match(source.last_error, /Lost the connection to Twitch chat/);
    const [second] = await irc.waitForJoined('vanish');
    assert.ok(second);
    // the server replays from before the cut: the overlap is dropped by message id
    irc.send([second], burst('vanish', 200, 500), 50);
    await until('500 stored', () => chatCount(t, id) === 500);
    await until('connected again', async () => (await t.api('GET', '/api/sources')).body.sources.find((x: { id: string }) => x.id === id)?.status === 'connected');
    assert.equal(rollupMessages(t, id), 500);
  });

  it('reads lines as Twitch means them: /me without its wrapper, a CLEARCHAT naming a login hides that user only, an id-less line counts once (issue 20)', async () => {
    const { irc, t } = await setUp();
    const id = await addChannel(t, irc, 'dallas');
    await irc.waitForJoined('dallas');
    const now = Date.now();
    // Twitch's IRC documentation: "/me" arrives as a CTCP ACTION inside PRIVMSG.
    irc.broadcast('dallas', [
      privmsg('dallas', { id: 'me-1', userId: '300', login: 'ronni', text: '\u0001ACTION cheer100 Hello :)\u0001', ts: now }),
      privmsg('dallas', { id: 'ronni-2', userId: '300', login: 'ronni', text: 'second line', ts: now + 1 }),
      privmsg('dallas', { id: 'other-1', userId: '301', login: 'other', text: 'still here', ts: now + 2 }),
    ]);
    await until('chat stored', () => chatCount(t, id) === 3);
    const action = t.core.db.prepare("SELECT body, payload FROM events WHERE external_id = 'me-1'").get() as { body: string; payload: string };
    assert.equal(action.body, 'cheer100 Hello :)');
    assert.equal(JSON.parse(action.payload).action, true);
    const shown = (await t.api('GET', `/api/chat/messages?source=${id}`)).body.messages as { external_id: string; text: string }[];
    assert.equal(shown.find((m) => m.external_id === 'me-1')?.text, 'cheer100 Hello :)');

    // The form Twitch's commands page documents: a login, no target-user-id.
    irc.broadcast('dallas', [`:tmi.twitch.tv CLEARCHAT #dallas :ronni`, `:tmi.twitch.tv CLEARCHAT #dallas :nobody_seen`]);
    await until('clears stored', () => count(t, 'SELECT count(*) AS n FROM chat_hidden WHERE source_id = ?', id) === 2);
    const visible = new HiddenChat(t.core.db).recent(id, 100).map((m) => m.external_id);
    assert.deepEqual(visible, ['other-1'], 'only ronni\'s messages are hidden, not the channel');

    // A paid line without an id tag, delivered twice: one message, 50 bits once.
    const noId = `@badges=;bits=50;display-name=Giver;room-id=1;tmi-sent-ts=${now + 3};user-id=555 :giver!giver@giver.tmi.twitch.tv PRIVMSG #dallas :cheer50 for the camps`;
    const noIdSub = `@badges=;display-name=Subber;login=subber;msg-id=sub;msg-param-sub-plan=1000;room-id=1;tmi-sent-ts=${now + 4};user-id=556 :tmi.twitch.tv USERNOTICE #dallas :first month`;
    irc.broadcast('dallas', [noId, noIdSub, noId, noIdSub]);
    await until('id-less lines stored', () => chatCount(t, id) === 4);
    irc.broadcast('dallas', [privmsg('dallas', { id: 'after', userId: '301', login: 'other', text: 'later', ts: now + 5 })]);
    // The line after the redeliveries is in: they were read, and counted once.
    await until('a later line', () => chatCount(t, id) === 5);
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE source_id = ? AND external_id LIKE 'derived-%'", id), 2);
    assert.deepEqual(pledges(t, id), { bits: 50, sub_tier1: 1 });
  });

  it('counts what each paid line paid for: gift months, multi-month subs and Prime upgrades; a gift upgrade is the subscriber\'s own (issue 20)', async () => {
    const { irc, t } = await setUp();
    const id = await addChannel(t, irc, 'months');
    await irc.waitForJoined('months');
    const now = Date.now();
    const notice = (n: number, tags: string) =>
      `@badges=;display-name=Viewer${n};id=paid-${n};login=viewer${n};room-id=1;tmi-sent-ts=${now + n};user-id=${700 + n};${tags} :tmi.twitch.tv USERNOTICE #months`;
    irc.broadcast('months', [
      notice(1, 'msg-id=subgift;msg-param-gift-months=6;msg-param-months=1;msg-param-recipient-id=901;msg-param-sub-plan=1000'),
      notice(2, 'msg-id=sub;msg-param-multimonth-duration=3;msg-param-multimonth-tenure=0;msg-param-sub-plan=2000'),
      // month 3 of a 6-month sub paid earlier: shared, not bought again
      notice(3, 'msg-id=resub;msg-param-cumulative-months=9;msg-param-multimonth-duration=6;msg-param-multimonth-tenure=2;msg-param-sub-plan=1000'),
      notice(4, 'msg-id=primepaidupgrade;msg-param-sub-plan=1000'),
      notice(5, 'msg-id=anongiftpaidupgrade;msg-param-promo-gift-total=0'),
      notice(6, 'msg-id=subgift;msg-param-gift-months=600;msg-param-recipient-id=902;msg-param-sub-plan=3000'),
    ]);
    await until('paid lines stored', () => count(t, "SELECT count(*) AS n FROM events WHERE source_id = ? AND external_id LIKE 'paid-%'", id) === 6);
    // 600 months is not something Twitch sells: counted as one, not as 600. The gift upgrade
    // names no plan: it continues the gifted sub at tier 1.
    assert.deepEqual(pledges(t, id), { sub_tier1: 6 + 1 + 1 + 1, sub_tier2: 3, sub_tier3: 1 });
    const upgrade = t.core.db.prepare("SELECT actor_name FROM events WHERE external_id = 'paid-5'").get() as { actor_name: string };
    assert.equal(upgrade.actor_name, 'Viewer5');
  });

  it('reads two channels at once, apart and together', async () => {
    const { irc, t } = await setUp();
    const a = await addChannel(t, irc, 'first_channel');
    const b = await addChannel(t, irc, 'second_channel');
    await irc.waitForJoined('first_channel');
    await irc.waitForJoined('second_channel');
    irc.broadcast('first_channel', burst('first_channel', 0, 120, 'a'));
    irc.broadcast('second_channel', burst('second_channel', 0, 80, 'b'));
    await until('both stored', () => chatCount(t, a) === 120 && chatCount(t, b) === 80);
    assert.equal(rollupMessages(t, '*'), 200);
    const stats = await t.api('GET', `/api/chat/stats?from=${new Date(Date.now() - 120_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`);
    assert.equal(stats.body.messages, 200);
    assert.equal(stats.body.chatters, 97);
    assert.deepEqual(stats.body.hashtags, [{ tag: 'rohingya', count: 200 }]);
  });

  it('shows a refused login or a ban in plain words, keeps the token out of sight, and does not retry', async () => {
    const { irc, t, logs } = await setUp({ refusedTokens: ['badtoken123'], bannedChannels: ['closed'] });
    const refused = await addChannel(t, irc, 'somewhere', { oauth_token: 'oauth:badtoken123' });
    const banned = await addChannel(t, irc, 'closed');
    const failing = await until('both failing', async () => {
      const list = (await t.api('GET', '/api/sources')).body.sources as { id: string; status: string; last_error: string }[];
      const pair = [list.find((s) => s.id === refused), list.find((s) => s.id === banned)];
      return pair.every((s) => s?.status === 'failing') ? pair : undefined;
    });
    assert.match(failing[0]!.last_error, /refused the login: the OAuth token is wrong or has expired/);
    assert.match(failing[1]!.last_error, /banned from #closed/);
    const connectionsThen = irc.history.length;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(irc.history.length, connectionsThen, 'no silent retries');
    const everything = JSON.stringify([(await t.api('GET', '/api/sources')).body, logs, t.core.db.prepare('SELECT config FROM sources').all()]);
    assert.doesNotMatch(everything, /badtoken123/);
    assert.equal(t.core.services.credentials.get(refused), 'badtoken123');
    assert.equal((await t.api('POST', '/api/sources', { kind: 'twitch', name: 'x', channel: 'no spaces!' })).status, 422);
    assert.equal((await t.api('POST', '/api/sources', { kind: 'twitch', name: 'x', channel: 'ok', server: 'http://example' })).status, 422);
  });
});
