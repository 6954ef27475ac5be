import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import type { ChatEvent } from '../../ingest/ingest.js';
import { type TestCore, startTestCore, tempDir } from '../../testing/harness.js';
import { until } from '../../testing/until.js';
import { xConnector } from './connector.js';
import { FAKE_BEARER, FakeX, makePost } from './testing/fake-x.js';

const MIN = 60_000;
const CALL = Math.floor((Date.now() - 30 * MIN) / MIN) * MIN;
const opened: TestCore[] = [];
const dirs: { remove(): void }[] = [];
let fake: FakeX;

afterEach(async () => {
  for (const t of opened.splice(0).reverse()) await t.close();
  for (const d of dirs.splice(0)) d.remove();
  await fake.close();
});

async function core(dir: string, withCampaign = true): Promise<TestCore> {
  const t = await startTestCore({ dir, withCampaign, connectors: [xConnector({ pollIntervalMs: 40 })] });
  opened.push(t);
  return t;
}

const twitch = (i: number, user: string, text: string, minutesIn: number): ChatEvent => ({
  sourceId: 'tw',
  externalId: `tw-${i}`,
  userKey: `twitch:${user}`,
  displayName: `viewer${user}`,
  text,
  occurredAt: CALL + minutesIn * MIN,
  payload: { login: `viewer${user}`, user_id: user },
});

const at = (minutesIn: number) => new Date(CALL + minutesIn * MIN);
const board = async (t: TestCore) => (await t.api('GET', '/api/targets')).body.targets[0];

describe('X posts and targets', () => {
  it('counts a target called on X and on Twitch per platform with exact distinct callers, and makes its own post a candidate with its link', async () => {
    fake = await new FakeX().start();
    const dir = tempDir();
    dirs.push(dir);
    const t = await core(dir.path);
    t.core.services.sources.ensure('tw', 'twitch', '#relay');
    const created = await t.api('POST', '/api/targets', {
      name: 'Erdoğan',
      hashtags: ['#ErdoganHelpRohingya'],
      handles: [{ platform: 'twitch', handle: 'rterdogan_tv' }, { platform: 'x', handle: '@RTErdogan' }],
      ask: 'Open the border',
      call_starts_at: new Date(CALL).toISOString(),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    // Twitch: 4 calls from 3 people (viewer 42 twice); one line without the tag.
    for (const [i, [user, text]] of ([['42', '#ErdoganHelpRohingya please'], ['42', 'again #erdoganhelprohingya'], ['7', '@rterdogan_tv help'], ['8', '#ErdoganHelpRohingya'], ['9', 'hello chat']] as const).entries()) {
      t.core.services.ingest.chat(twitch(i, user, text, 1 + i));
    }
    t.core.services.ingest.flushChat();
    // X: 5 calls from 3 accounts; author 42 on X is not viewer 42 on Twitch.
    fake.add(
      makePost({ id: '42', username: 'ayse' }, '#ErdoganHelpRohingya the camps need water', at(2)),
      makePost({ id: '42', username: 'ayse' }, 'Day two #ErdoganHelpRohingya', at(3)),
      makePost({ id: '501', username: 'mehmet' }, '@RTErdogan please answer', at(4)),
      makePost({ id: '502', username: 'zeynep' }, '#ErdoganHelpRohingya @RTErdogan', at(5)),
      makePost({ id: '502', username: 'zeynep' }, '#ERDOGANHELPROHINGYA', at(6)),
    );
    const answer = makePost({ id: '3000', username: 'RTErdogan', name: 'Recep Tayyip Erdoğan' }, 'We will send aid to the camps.', at(20));
    fake.add(answer);

    const created2 = await t.api('POST', '/api/sources', { kind: 'x', name: 'X', bearer_token: FAKE_BEARER, base_url: fake.url });
    assert.equal(created2.status, 201);
    const target = await until('posts counted', () => board(t), (v) => v.mentions === 9 && v.pending.candidates === 1);
    assert.equal(target.callers, 6, 'three on Twitch and three on X, none the same person');
    assert.deepEqual(target.by_platform, [
      { platform: 'twitch', mentions: 4, callers: 3 },
      { platform: 'x', mentions: 5, callers: 3 },
    ]);
    assert.equal(target.by_platform.reduce((n: number, p: { mentions: number }) => n + p.mentions, 0), target.mentions);

    // The answer: a candidate with its link, for the flag → confirm workflow.
    const [candidate] = (await t.api('GET', `/api/targets/${target.id}/responses`)).body.responses;
    assert.equal(candidate.state, 'candidate');
    assert.equal(candidate.url, `https://x.com/RTErdogan/status/${answer.id}`);
    assert.equal(candidate.quote, 'We will send aid to the camps.');
    assert.match(candidate.audit[0].actor_name, /post by @RTErdogan on X/);
    const mod = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mina' })).body.token as string;
    const flagged = await t.api('POST', `/api/targets/${target.id}/responses`, { kind: 'commitment', quote: candidate.quote, chat_message_id: candidate.chat_message_id }, mod);
    assert.equal(flagged.status, 201, JSON.stringify(flagged.body));
    assert.equal(flagged.body.response.url, candidate.url, 'flagging keeps the post\'s link');
    assert.equal((await t.api('POST', `/api/responses/${candidate.id}/confirm`)).status, 200);
    const answered = await board(t);
    assert.equal(answered.status, 'responded');
    assert.deepEqual(answered.response, { kind: 'commitment', quote: 'We will send aid to the camps.', url: candidate.url, platform: 'x' });
    assert.equal(answered.time_to_response_s, 20 * 60);
    // The viewers' form has the breakdown too (counts are public; handles are not).
    const viewer = (await t.api('POST', '/api/invites', { role: 'viewer', name: 'V' })).body.token as string;
    const publicView = (await t.api('GET', '/api/targets', undefined, viewer)).body.targets[0];
    assert.deepEqual(publicView.by_platform, target.by_platform);
    assert.equal(publicView.handles, undefined);

    // A crash: the files as they are on disk now, opened by a new core, give the same breakdown.
    const crashed = tempDir();
    dirs.push(crashed);
    cpSync(dir.path, crashed.path, { recursive: true });
    const after = await core(crashed.path, false);
    const recovered = await until('reopened', () => board(after), (v) => v.counted === 1);
    assert.deepEqual(recovered.by_platform, target.by_platform);
    assert.equal(recovered.callers, 6);
    assert.equal(recovered.mentions, 9);
  });

  it('counts past posts and chat per platform when a target is added later', async () => {
    fake = await new FakeX().start();
    const dir = tempDir();
    dirs.push(dir);
    const t = await core(dir.path);
    t.core.services.sources.ensure('tw', 'twitch', '#relay');
    await t.api('POST', '/api/targets', { name: 'Other', hashtags: ['Unrelated'], handles: [], ask: '', call_starts_at: new Date(CALL).toISOString() });
    fake.add(makePost({ id: '11', username: 'a' }, '#YoutubeHelpRohingya', at(1)), makePost({ id: '12', username: 'b' }, '#YoutubeHelpRohingya', at(2)));
    const id = (await t.api('POST', '/api/sources', { kind: 'x', name: 'X', bearer_token: FAKE_BEARER, base_url: fake.url })).body.id;
    await until('polled', async () => fake.requests.length, (n) => n >= 2);
    t.core.services.ingest.chat(twitch(1, '5', '#YoutubeHelpRohingya', 3));
    t.core.services.ingest.flushChat();
    assert.ok(id);
    // The posts were fetched for the first target's query only, so none matched yet; a new target
    // is searched from its call start and the Twitch line is counted from the log.
    await t.api('POST', '/api/targets', { name: 'YouTube', hashtags: ['YoutubeHelpRohingya'], handles: [], ask: '', call_starts_at: new Date(CALL).toISOString() });
    const target = await until('counted', async () => (await t.api('GET', '/api/targets')).body.targets[1], (v) => v.mentions === 3 && v.counted === 1);
    assert.deepEqual(target.by_platform, [
      { platform: 'twitch', mentions: 1, callers: 1 },
      { platform: 'x', mentions: 2, callers: 2 },
    ]);
  });
});
