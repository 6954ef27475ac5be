import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ChatEvent } from '../ingest/ingest.js';
import { type TestCore, startTestCore, tempDir } from '../testing/harness.js';
import { canonicalHashtag } from './targets.js';

const opened: { close(): Promise<void> }[] = [];
after(async () => {
  for (const o of opened.reverse()) await o.close();
});

const MIN = 60_000;
/** A call that started two hours ago, on a whole minute. */
const CALL = Math.floor((Date.now() - 2 * 60 * MIN) / MIN) * MIN;

async function start(dir?: string): Promise<TestCore> {
  const t = await startTestCore(dir ? { dir } : {});
  opened.push(t);
  t.core.services.sources.ensure('tw', 'twitch', '#relay');
  return t;
}

function chat(t: TestCore, events: Omit<ChatEvent, 'sourceId'>[]) {
  for (const e of events) t.core.services.ingest.chat({ sourceId: 'tw', ...e });
  t.core.services.ingest.flushChat();
}

const msg = (i: number, user: number, text: string, at: number, login = `viewer${user}`): Omit<ChatEvent, 'sourceId'> => ({
  externalId: `m-${i}`,
  userKey: `twitch:${user}`,
  displayName: login,
  text,
  occurredAt: at,
  payload: { login, user_id: String(user) },
});

async function invite(t: TestCore, name: string) {
  const created = await t.api('POST', '/api/invites', { role: 'moderator', name });
  return created.body.token as string;
}

async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A trend: 3,000 messages over 30 minutes from 400 people; every third carries the hashtag in
 * some spelling, every seventh the @handle (some carry both: counted once), the rest are noise
 * and look-alikes. Returns the exact expected counts.
 */
function trend(startAt: number) {
  const events: Omit<ChatEvent, 'sourceId'>[] = [];
  const callers = new Set<number>();
  let mentions = 0;
  const perMinute = new Map<number, number>();
  const minuteCallers = new Map<number, Set<number>>();
  const spellings = ['#ErdoganHelpRohingya', '#erdoganhelprohingya!', '＃ＥＲＤＯＧＡＮＨＥＬＰＲＯＨＩＮＧＹＡ', '#ErdoganHelpRohingya…'];
  for (let i = 0; i < 3_000; i += 1) {
    const user = (Math.floor(i / 2) * 37) % 400; // each person posts twice in a row
    const at = startAt + Math.floor((i * 30 * MIN) / 3_000);
    const tag = i % 3 === 0;
    const handle = i % 7 === 0;
    let text = `message ${i}`;
    if (tag) text += ` ${spellings[i % spellings.length]}`;
    if (handle) text += ' @rterdogan';
    if (!tag && !handle && i % 5 === 0) text += ' #Erdogan\u200BHelpRohingya #ErdоganHelpRohingya erdoganhelprohingya rterdogan'; // look-alikes, plain words
    if (tag || handle) {
      mentions += 1;
      callers.add(user);
      const minute = Math.floor(at / MIN);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
      minuteCallers.set(minute, (minuteCallers.get(minute) ?? new Set()).add(user));
    }
    events.push(msg(i, user, text, at));
  }
  const peak = Math.max(...perMinute.values());
  const callersPerMinute = [...minuteCallers].sort((a, b) => a[0] - b[0]).map(([m, set]) => [new Date(m * MIN).toISOString(), set.size]);
  return { events, mentions, callers: callers.size, peak, callersPerMinute };
}

describe('targets', () => {
  it('folds a hashtag as chat does and refuses look-alikes', () => {
    assert.equal(canonicalHashtag('#ErdoganHelpRohingya'), 'erdoganhelprohingya');
    assert.equal(canonicalHashtag('ＥＲＤＯＧＡＮ'), 'erdogan');
    assert.equal(canonicalHashtag('Erdogan\u200BHelp'), null);
    assert.equal(canonicalHashtag('#Erdоgan'), null, 'Cyrillic о in a Latin tag');
    assert.equal(canonicalHashtag('two tags'), null);
    assert.equal(canonicalHashtag('#1234'), null);
  });

  it('counts a trending hashtag exactly, finds the target\'s own message, and records flag → confirm with who and when', async () => {
    const t = await start();
    const created = await t.api('POST', '/api/targets', {
      name: 'President Erdoğan',
      handles: [{ platform: 'twitch', handle: 'RTErdogan' }, { platform: 'x', handle: '@RTErdogan' }],
      hashtags: ['#ErdoganHelpRohingya'],
      ask: 'Open the corridor',
      call_starts_at: new Date(CALL).toISOString(),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.target.id as string;
    assert.equal(created.body.target.status, 'waiting');
    assert.deepEqual(created.body.target.hashtags, ['erdoganhelprohingya'], 'matched folded');
    assert.deepEqual(created.body.target.hashtag_labels, ['ErdoganHelpRohingya'], 'shown as the campaign wrote it');
    const relabelled = await t.api('PUT', `/api/targets/${id}`, { hashtags: ['＃ＥｒｄｏｇａｎＨｅｌｐＲｏｈｉｎｇｙａ', '#erdoganhelprohingya', '#Rohingya'] });
    assert.deepEqual([relabelled.body.target.hashtags, relabelled.body.target.hashtag_labels], [['erdoganhelprohingya', 'rohingya'], ['ErdoganHelpRohingya', 'Rohingya']]);
    const kept = await t.api('PUT', `/api/targets/${id}`, { ask: 'Open the corridor', hashtags: ['#ErdoganHelpRohingya'] });
    assert.deepEqual(kept.body.target.hashtag_labels, ['ErdoganHelpRohingya']);
    assert.deepEqual((await t.api('PUT', `/api/targets/${id}`, { name: 'President Erdoğan' })).body.target.hashtag_labels, ['ErdoganHelpRohingya'], 'other edits keep the labels');

    const { events, mentions, callers, peak, callersPerMinute } = trend(CALL + 5 * MIN);
    // The target's own account answers 3 h... here 1 h 40 min after the call started.
    const answeredAt = CALL + 100 * MIN;
    events.push(msg(9_999, 777, 'We hear you. The corridor opens tomorrow.', answeredAt, 'rterdogan'));
    // Before the call, the same account chatting is not a response.
    events.push(msg(9_998, 777, 'hello', CALL - 10 * MIN, 'rterdogan'));
    chat(t, events);

    const view = await until(async () => {
      const got = (await t.api('GET', '/api/targets')).body.targets[0];
      return got.pending.candidates === 1 ? got : null;
    });
    assert.equal(view.mentions, mentions);
    assert.equal(view.callers, callers);
    assert.equal(view.peak.mentions, peak);
    const series = (await t.api('GET', `/api/targets/${id}/minutes?from=${new Date(CALL).toISOString()}&to=${new Date(CALL + 60 * MIN).toISOString()}`)).body.minutes;
    assert.equal(series.reduce((s: number, m: { mentions: number }) => s + m.mentions, 0), mentions);
    assert.deepEqual(series.map((m: { minute: string; callers: number }) => [m.minute, m.callers]), callersPerMinute);

    const mina = await invite(t, 'Mina');
    const omar = await invite(t, 'Omar');
    const candidate = (await t.api('GET', `/api/targets/${id}/responses`, undefined, mina)).body.responses[0];
    assert.equal(candidate.state, 'candidate');
    assert.equal(candidate.found_by, 'chat');

    const flagged = await t.api('POST', `/api/targets/${id}/responses`, { kind: 'commitment', chat_message_id: candidate.chat_message_id }, mina);
    assert.equal(flagged.status, 201, JSON.stringify(flagged.body));
    assert.equal(flagged.body.response.id, candidate.id, 'flagging the candidate, not a second response');
    assert.equal(flagged.body.response.quote, 'We hear you. The corridor opens tomorrow.');

    // Mina cannot confirm her own flag, not even by sending the request again.
    for (let i = 0; i < 2; i += 1) {
      const own = await t.api('POST', `/api/responses/${candidate.id}/confirm`, undefined, mina);
      assert.equal(own.status, 403);
      assert.equal(own.body.error.code, 'own_flag');
    }
    assert.equal((await t.api('GET', '/api/targets')).body.targets[0].status, 'waiting');

    const confirmed = await t.api('POST', `/api/responses/${candidate.id}/confirm`, undefined, omar);
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal((await t.api('POST', `/api/responses/${candidate.id}/confirm`, undefined, omar)).status, 409, 'a replayed confirm changes nothing');

    const answered = (await t.api('GET', '/api/targets')).body.targets[0];
    assert.equal(answered.status, 'responded');
    assert.equal(answered.response_kind, 'commitment');
    assert.equal(answered.first_response_at, new Date(answeredAt).toISOString());
    assert.equal(answered.time_to_response_s, 100 * 60);
    assert.deepEqual(answered.response, { kind: 'commitment', quote: 'We hear you. The corridor opens tomorrow.', url: null, platform: 'twitch' });

    const audit = (await t.api('GET', `/api/targets/${id}/responses`)).body.responses[0].audit;
    assert.deepEqual(
      audit.map((a: { action: string; actor_name: string; to_state: string }) => [a.action, a.actor_name, a.to_state]),
      [['found', 'message from rterdogan in chat', 'candidate'], ['flag', 'Mina', 'flagged'], ['confirm', 'Omar', 'confirmed']],
    );

    // Undone with a reason: waiting again, and the audit says who and why.
    assert.equal((await t.api('POST', `/api/responses/${candidate.id}/undo`, {}, mina)).status, 422, 'a reason is required');
    const undone = await t.api('POST', `/api/responses/${candidate.id}/undo`, { reason: 'the account is a parody' }, mina);
    assert.equal(undone.body.response.state, 'flagged');
    assert.equal((await t.api('GET', '/api/targets')).body.targets[0].status, 'waiting');
    const rejected = await t.api('POST', `/api/responses/${candidate.id}/reject`, { reason: 'parody account' });
    assert.equal(rejected.body.response.state, 'rejected');
    assert.deepEqual(
      rejected.body.response.audit.slice(3).map((a: { action: string; actor_name: string; reason: string | null }) => [a.action, a.actor_name, a.reason]),
      [['undo', 'Mina', 'the account is a parody'], ['reject', 'Owner', 'parody account']],
    );
    assert.throws(() => t.core.db.prepare('DELETE FROM response_audit').run(), /append-only/);
  });

  it('counts past chat when a target is added mid-marathon, and counts again when its hashtags change', async () => {
    const t = await start();
    const { events, mentions, callers } = trend(CALL + 5 * MIN);
    chat(t, events);
    const created = await t.api('POST', '/api/targets', { name: 'Erdoğan', handles: [{ platform: 'x', handle: 'RTErdogan' }], hashtags: ['ErdoganHelpRohingya'], ask: '', call_starts_at: new Date(CALL).toISOString() });
    const id = created.body.target.id as string;
    const done = await until(async () => {
      const got = (await t.api('GET', '/api/targets')).body.targets[0];
      return got.counted === 1 ? got : null;
    });
    assert.equal(done.mentions, mentions);
    assert.equal(done.callers, callers);
    // A live message after the count: counted once.
    chat(t, [msg(50_000, 9_000, '#ErdoganHelpRohingya now', CALL + 40 * MIN)]);
    assert.equal((await t.api('GET', '/api/targets')).body.targets[0].mentions, mentions + 1);

    // Only the @handle now: the past is counted again from the log.
    const edited = await t.api('PUT', `/api/targets/${id}`, { hashtags: [] });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const handleOnly = events.filter((_, i) => i % 7 === 0).length;
    const recounted = await until(async () => {
      const got = (await t.api('GET', '/api/targets')).body.targets[0];
      return got.counted === 1 ? got : null;
    });
    assert.equal(recounted.mentions, handleOnly);
  });

  it('shows the mention rate before and after a call moment', async () => {
    const t = await start();
    const now = Date.now();
    const created = await t.api('POST', '/api/targets', { name: 'YouTube', handles: [], hashtags: ['YoutubeHelpRohingya'], ask: 'Match the donations' });
    const id = created.body.target.id as string;
    assert.equal((await t.api('POST', `/api/targets/${id}/moments`, { at: new Date(now - 3_600_000).toISOString() })).status, 422, 'not in the past');
    const at = Math.floor(now / MIN) * MIN + 2 * MIN;
    const moment = await t.api('POST', `/api/targets/${id}/moments`, { at: new Date(at).toISOString() });
    assert.equal(moment.status, 201, JSON.stringify(moment.body));
    // 2 mentions a minute in the 10 minutes before; 30 a minute in the 10 after.
    const events: Omit<ChatEvent, 'sourceId'>[] = [];
    let i = 0;
    for (let m = -10; m < 0; m += 1) for (let k = 0; k < 2; k += 1) events.push(msg(i++, i, '#YoutubeHelpRohingya', at + m * MIN + k * 1000));
    for (let m = 0; m < 10; m += 1) for (let k = 0; k < 30; k += 1) events.push(msg(i++, i, '#youtubehelprohingya', at + m * MIN + k * 1000));
    chat(t, events);
    const view = (await t.api('GET', '/api/targets')).body.targets[0];
    assert.equal(view.moments.length, 1);
    assert.equal(view.moments[0].before_per_minute, 2);
    assert.equal(view.moments[0].after_per_minute, null, 'the after window has not passed yet');
    const later = t.core.services.targets.get(id);
    assert.ok(later);
  });

  it('refuses bad targets and responses with a reason, and keeps viewers and strangers out', async () => {
    const t = await start();
    for (const body of [
      { name: '', hashtags: ['a'] },
      { name: 'X', hashtags: [] },
      { name: 'X', hashtags: ['Erdo\u200Bgan'] },
      { name: 'X', hashtags: ['#ok'], handles: [{ platform: 'twitch', handle: 'not a login' }] },
      { name: 'X', hashtags: ['#ok'], call_starts_at: 'yesterday' },
      'null',
    ]) {
      const answer = await t.api('POST', '/api/targets', body);
      assert.equal(answer.status, 422, JSON.stringify(body));
    }
    const created = await t.api('POST', '/api/targets', { name: '<b>Brand</b>', hashtags: ['BrandHelp'], ask: '' });
    const id = created.body.target.id as string;
    assert.equal(created.body.target.name, '<b>Brand</b>', 'stored as text; the dashboard renders it as text');
    for (const body of [{ kind: 'maybe', url: 'https://x.com/a' }, { kind: 'refusal' }, { kind: 'refusal', url: 'javascript:alert(1)', quote: 'no' }, { kind: 'refusal', chat_message_id: 999_999, quote: 'no' }]) {
      assert.equal((await t.api('POST', `/api/targets/${id}/responses`, body)).status, 422, JSON.stringify(body));
    }
    const viewer = (await t.api('POST', '/api/invites', { role: 'viewer', name: 'Vic' })).body.token as string;
    assert.equal((await t.api('GET', '/api/targets', undefined, viewer)).status, 200);
    assert.equal((await t.api('POST', `/api/targets/${id}/responses`, { kind: 'refusal', url: 'https://x.com/a', quote: 'no' }, viewer)).status, 403);
    assert.equal((await t.api('GET', '/api/targets', undefined, null)).status, 401);
    const declined = await t.api('POST', `/api/targets/${id}/responses`, { kind: 'refusal', url: 'https://x.com/brand/status/1', quote: 'We will not comment.' });
    const mod = await invite(t, 'Mina');
    await t.api('POST', `/api/responses/${declined.body.response.id}/confirm`, undefined, mod);
    assert.equal((await t.api('GET', '/api/targets')).body.targets[0].status, 'declined');
    assert.equal((await t.api('POST', `/api/targets/${id}/archive`)).status, 200);
    assert.deepEqual((await t.api('GET', '/api/targets')).body.targets, []);
    assert.equal((await t.api('GET', '/api/targets?archived=1')).body.targets.length, 1, 'archived, not deleted');
  });

  it('keeps callers exact across a restart', async () => {
    const dir = tempDir();
    const first = await startTestCore({ dir: dir.path });
    first.core.services.sources.ensure('tw', 'twitch', '#relay');
    await first.api('POST', '/api/targets', { name: 'E', handles: [], hashtags: ['ErdoganHelpRohingya'], ask: '', call_starts_at: new Date(CALL).toISOString() });
    const { events, callers } = trend(CALL + 5 * MIN);
    chat(first, events.slice(0, 1_500));
    await first.close();
    const second = await startTestCore({ dir: dir.path, withCampaign: false });
    opened.push(second);
    chat(second, events.slice(1_500));
    assert.equal((await second.api('GET', '/api/targets')).body.targets[0].callers, callers);
  });
});
