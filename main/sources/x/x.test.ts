import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type TestCore, startTestCore, tempDir } from '../../testing/harness.js';
import { until } from '../../testing/until.js';
import { xConnector } from './connector.js';
import { searchQueries, X_QUERY_MAX } from './query.js';
import { FAKE_BEARER, FakeX, type FakePost, fixturePosts, makePost } from './testing/fake-x.js';

const MIN = 60_000;
const CALL = new Date(Date.now() - 60 * MIN).toISOString();
const cores: TestCore[] = [];
const dirs: { remove(): void }[] = [];
let fake: FakeX;

async function core(dir?: string): Promise<TestCore> {
  const t = await startTestCore({ connectors: [xConnector({ pollIntervalMs: 40 })], ...(dir ? { dir, withCampaign: false } : {}) });
  cores.push(t);
  return t;
}

async function addX(t: TestCore): Promise<string> {
  const created = await t.api('POST', '/api/sources', { kind: 'x', name: 'X posts', bearer_token: FAKE_BEARER, base_url: fake.url });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.doesNotMatch(JSON.stringify(created.body), /FakeBearer/, 'the token is never shown back');
  assert.doesNotMatch(JSON.stringify((await t.api('GET', '/api/sources')).body), /FakeBearer/);
  return created.body.id;
}

const source = async (t: TestCore, id: string) => (await t.api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === id);
const count = (t: TestCore, sql: string) => (t.core.db.prepare(sql).get() as { n: number }).n;
/** The fixture's posts, dated within the call (recent search reaches 7 days back). */
const recentFixturePosts = (): FakePost[] => fixturePosts().map((p, i) => ({ ...p, created_at: new Date(Date.now() - (10 + i) * MIN).toISOString() }));

afterEach(async () => {
  for (const t of cores.splice(0).reverse()) await t.close();
  for (const d of dirs.splice(0)) d.remove();
  await fake.close();
});

describe('X posts: recent search', () => {
  it('pages with next_token, then polls from since_id, and resumes from it after a restart', async () => {
    fake = await new FakeX().start();
    fake.pageSize = 1;
    fake.add(...recentFixturePosts());
    const dir = tempDir();
    dirs.push(dir);
    let t = await startTestCore({ dir: dir.path, connectors: [xConnector({ pollIntervalMs: 40 })] });
    cores.push(t);
    assert.equal((await t.api('POST', '/api/targets', { name: 'Charity', hashtags: ['#CharityMarathon'], handles: [], ask: '', call_starts_at: CALL })).status, 201);
    const id = await addX(t);
    const first = await until('fixture posts stored', () => source(t, id), (s) => s.events === 2 && s.polling?.last_poll_at);
    assert.equal(first.status, 'connected');
    assert.equal(first.polling.rate_limit.limit, 450);
    const [opening, second] = fake.requests;
    assert.equal(opening!.get('query'), '(#charitymarathon) -is:retweet');
    assert.equal(opening!.get('expansions'), 'author_id');
    assert.equal(opening!.get('user.fields'), 'username,name');
    assert.ok(opening!.get('start_time') && !opening!.get('since_id'), 'a fresh query starts at the call');
    assert.ok(second!.get('next_token'), 'the second page is asked with next_token');
    const newest = fixturePosts()[0]!.id;
    await until('polling from since_id', async () => fake.requests.at(-1)?.get('since_id'), (s) => s === newest);

    const chat = (await t.api('GET', '/api/chat/messages')).body;
    const lines = JSON.stringify(chat);
    assert.match(lines, /@noraq_plays/, 'a post carries its author\'s handle');

    fake.add(makePost({ id: '77', username: 'latecomer' }, 'still going #CharityMarathon'));
    await until('new post', () => source(t, id), (s) => s.events === 3);
    await t.close();
    cores.splice(cores.indexOf(t), 1);

    // While the app is closed, two posts arrive; after the restart it asks from the stored since_id.
    fake.add(makePost({ id: '78', username: 'night_owl' }, '#CharityMarathon at 3am'), makePost({ id: '79', username: 'early_bird' }, 'morning #charitymarathon'));
    const before = fake.requests.length;
    t = await core(dir.path);
    await until('caught up after restart', () => source(t, id), (s) => s.events === 5);
    const resumed = fake.requests[before]!;
    assert.ok(resumed.get('since_id'), 'the restarted poller resumes from since_id');
    assert.equal(resumed.get('start_time'), null);
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE kind = 'chat'"), 5, 'no post stored twice');
  });

  it('backs off on 429 until the reset the headers give, in both documented bodies, then catches up', async () => {
    fake = await new FakeX().start();
    const t = await core();
    await t.api('POST', '/api/targets', { name: 'Charity', hashtags: ['CharityMarathon'], handles: [], ask: '', call_starts_at: CALL });
    const id = await addX(t);
    await until('first poll', () => source(t, id), (s) => s.polling?.last_poll_at);
    for (const body of ['problem', 'errors88'] as const) {
      fake.exhaust(1_500, body);
      const resetAt = fake.resetAt;
      fake.add(makePost({ id: '90', username: 'during_limit' }, `waiting #CharityMarathon ${body}`));
      const paused = await until('paused', () => source(t, id), (s) => s.polling?.paused_until);
      assert.match(paused.warning, /rate limit.*used up.*waits until .* UTC.*when X resets it/);
      assert.ok(Date.parse(paused.polling.paused_until) >= resetAt - 1_000, 'waits for the reset, not the poll interval');
      const asked = fake.requests.length;
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(fake.requests.length, asked, 'no request while waiting for the reset');
      const after = await until('resumed after the reset', () => source(t, id), (s) => s.polling?.paused_until === null && s.warning === null && s.events >= 1, 400);
      assert.ok(Date.now() >= resetAt, 'asked again only after the reset');
      assert.equal(after.status, 'connected');
    }
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE kind = 'chat'"), 2);
  });

  it('stops before X\'s window runs out when a 200 says none is left, and asks again after the reset', async () => {
    fake = await new FakeX().start();
    const t = await core();
    await t.api('POST', '/api/targets', { name: 'Charity', hashtags: ['CharityMarathon'], handles: [], ask: '', call_starts_at: CALL });
    fake.remaining = 1;
    fake.resetAt = Date.now() + 1_500;
    const resetAt = fake.resetAt;
    const id = await addX(t);
    const paused = await until('paused by the headers', () => source(t, id), (s) => s.polling?.paused_until);
    assert.equal(paused.polling.rate_limit.remaining, 0);
    fake.add(makePost({ id: '91', username: 'patient' }, 'later #CharityMarathon'));
    await until('resumed', () => source(t, id), (s) => s.events === 1, 400);
    assert.ok(Date.now() >= resetAt);
    assert.equal(fake.tooMany, 0, 'never asked for a 429');
  });

  it('resumes a poll stopped in the middle of its paging from the stored next_token after a restart', async () => {
    fake = await new FakeX().start();
    fake.pageSize = 1;
    const posts = [1, 2, 3].map((i) => makePost({ id: String(60 + i), username: `fan${i}` }, `#CharityMarathon ${i}`, new Date(Date.now() - (10 - i) * MIN)));
    fake.add(...posts);
    const dir = tempDir();
    dirs.push(dir);
    const first = await startTestCore({ dir: dir.path, connectors: [xConnector({ pollIntervalMs: 60_000, maxPagesPerQuery: 1 })] });
    cores.push(first);
    await first.api('POST', '/api/targets', { name: 'Charity', hashtags: ['CharityMarathon'], handles: [], ask: '', call_starts_at: CALL });
    const id = await addX(first);
    await until('first page', () => source(first, id), (s) => s.events === 1);
    const cursor = first.core.db.prepare('SELECT since_id, next_token, pending_newest_id FROM x_search_cursors').get() as Record<string, string | null>;
    assert.equal(cursor.since_id, null);
    assert.ok(cursor.next_token);
    assert.equal(cursor.pending_newest_id, posts[2]!.id, 'the newest post of the first page is where the next poll starts');
    await first.close();
    cores.splice(cores.indexOf(first), 1);
    fake.add(makePost({ id: '70', username: 'meanwhile' }, 'meanwhile #CharityMarathon'));
    const asked = fake.requests.length;
    const t = await core(dir.path);
    await until('paging finished, then the new post', () => source(t, id), (s) => s.events === 4);
    assert.equal(fake.requests[asked]!.get('next_token'), cursor.next_token);
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE kind = 'chat'"), 4);
    const done = t.core.db.prepare('SELECT since_id, next_token FROM x_search_cursors').get() as Record<string, string | null>;
    assert.equal(done.next_token, null);
    assert.ok(BigInt(done.since_id!) > BigInt(posts[2]!.id));
  });

  it('shows a refused token in words and stops asking', async () => {
    fake = await new FakeX().start();
    const t = await core();
    await t.api('POST', '/api/targets', { name: 'Charity', hashtags: ['CharityMarathon'], handles: [], ask: '', call_starts_at: CALL });
    const id = await addX(t);
    await until('first poll', () => source(t, id), (s) => s.status === 'connected');
    fake.revoke();
    const failing = await until('401 shown', () => source(t, id), (s) => s.status === 'failing');
    assert.match(failing.last_error, /X refused the bearer token \(401\).*revoked.*developer portal.*paste it with Replace credentials/);
    const asked = fake.requests.length;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(fake.requests.length, asked, 'not retried in a loop');
    assert.doesNotMatch(failing.last_error, /FakeBearer/);
  });

  it('takes a new bearer token on the same source: polling resumes from its cursors, audited, never shown back', async () => {
    fake = await new FakeX().start();
    const t = await core();
    await t.api('POST', '/api/targets', { name: 'Charity', hashtags: ['CharityMarathon'], handles: [], ask: '', call_starts_at: CALL });
    const id = await addX(t);
    fake.add(makePost({ id: '500', username: 'first' }, 'early #CharityMarathon'));
    await until('first post', () => source(t, id), (s) => s.events === 1);
    fake.revoke();
    await until('401 shown', () => source(t, id), (s) => s.status === 'failing');
    fake.add(makePost({ id: '501', username: 'second' }, 'while the token was refused #CharityMarathon'));

    const path = `/api/sources/${id}/credential`;
    const fresh = 'AAAAAAAAAAAAAAAAAAAAAFreshBearerTokenForTests%3D9876543210';
    // Only the kind's credential: the source keeps what it reads.
    const foreign = await t.api('PUT', path, { bearer_token: fresh, api_key: 'AIzaSyFakeKeyFakeKeyFakeKey' });
    assert.equal(foreign.status, 422);
    assert.match(foreign.body.error.message, /credential is bearer_token; api_key cannot be changed here/);
    assert.equal((await t.api('PUT', path, {})).status, 422);
    const short = await t.api('PUT', path, { bearer_token: 'short' });
    assert.equal(short.status, 422);
    assert.doesNotMatch(JSON.stringify(short.body), /short"/, 'the refused token is not repeated');
    assert.equal((await t.api('PUT', '/api/sources/x-nothere/credential', { bearer_token: fresh })).status, 404);
    const invite = await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' });
    assert.equal((await t.api('PUT', path, { bearer_token: fresh }, invite.body.token)).status, 403, 'owners only');

    fake.token = fresh;
    const replaced = await t.api('PUT', path, { bearer_token: fresh });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.doesNotMatch(JSON.stringify(replaced.body), /FreshBearer/);
    const back = await until('polling again with the new token', () => source(t, id), (s) => s.events === 2 && s.status === 'connected');
    assert.equal(back.id, id, 'the same source, its counts kept');
    assert.match(back.last_error ?? '', /X refused the bearer token/, 'the refusal stays as history');
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE kind = 'chat'"), 2, 'nothing stored twice');
    assert.ok(fake.requests.at(-1)?.get('since_id') && !fake.requests.at(-1)?.get('start_time'), 'resumed from its cursor');
    const entries = (await t.api('GET', '/api/audit')).body.entries as { action: string; subject: { id: string }; to_state: string | null }[];
    const entry = entries.find((e) => e.action === 'credential_replaced');
    assert.equal(entry?.subject.id, `source:${id}`);
    assert.equal(entry?.to_state, 'bearer_token');
    assert.doesNotMatch(JSON.stringify(entries), /FreshBearer/);
  });

  it('refuses a source without a usable bearer token, without repeating it', async () => {
    fake = await new FakeX().start();
    const t = await core();
    const refused = await t.api('POST', '/api/sources', { kind: 'x', name: 'X', bearer_token: 'shorttok' });
    assert.equal(refused.status, 422);
    assert.match(refused.body.error.message, /bearer_token is required.*developer portal/);
    assert.doesNotMatch(refused.body.error.message, /shorttok/);
  });

  it('stores a post seen by two queries and by overlapping polls once', async () => {
    fake = await new FakeX().start();
    const t = await core();
    await t.api('POST', '/api/targets', { name: 'Charity', hashtags: ['CharityMarathon'], handles: [], ask: '', call_starts_at: CALL });
    await t.api('POST', '/api/targets', { name: 'Watch', hashtags: [], handles: [{ platform: 'x', handle: '@MarathonWatch' }], ask: '', call_starts_at: CALL });
    const both = makePost({ id: '5', username: 'fan' }, '#CharityMarathon with @marathonwatch');
    fake.add(both);
    const id = await addX(t);
    await until('stored', () => source(t, id), (s) => s.events === 1 && s.polling?.queries === 2);
    // Overlapping polls: the cursors forgotten, every query reads its posts again.
    t.core.db.prepare('DELETE FROM x_search_cursors').run();
    const asked = fake.requests.length;
    await until('polled again', async () => fake.requests.length, (n) => n >= asked + 4);
    assert.equal(count(t, 'SELECT count(*) AS n FROM events'), 1, 'one event for the post');
    const [charity, watch] = (await t.api('GET', '/api/targets')).body.targets;
    assert.equal(charity.mentions, 1);
    assert.equal(watch.mentions, 1);
  });

  it('makes queries of at most 512 characters, one target\'s terms split when they do not fit', () => {
    const long = Array.from({ length: 10 }, (_, i) => `averylonghashtagnumber${i}forthecampaign_${'x'.repeat(40)}`);
    const queries = searchQueries([{ hashtags: long, handles: [{ platform: 'x', handle: '@Brand' }, { platform: 'twitch', handle: 'brand' }], call_started_at: CALL }], Date.now());
    assert.ok(queries.length >= 2);
    for (const q of queries) assert.ok(q.text.length <= X_QUERY_MAX, `${q.text.length}`);
    const all = queries.map((q) => q.text).join(' ');
    for (const tag of long) assert.ok(all.includes(`#${tag}`));
    assert.match(all, /@Brand OR from:Brand/);
    assert.doesNotMatch(all, /from:brand\b/, 'only X handles are searched');
    assert.equal(searchQueries([{ hashtags: ['later'], handles: [], call_started_at: new Date(Date.now() + MIN).toISOString() }], Date.now()).length, 0, 'a call not started yet is not searched');
  });
});
