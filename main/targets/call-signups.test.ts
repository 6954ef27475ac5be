import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CallMomentView, TargetView } from '../../shared/views.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callMomentsCsv } from '../archive/archive.js';
import { ReportFigureQueries } from '../report/figures.js';
import { renderReport } from '../report/report.js';
import { HiddenChat } from '../chat/hidden.js';
import type { ChatEvent } from '../ingest/ingest.js';
import { type TestCore, startTestCore } from '../testing/harness.js';
import { commandsTyped, defaultCommand, readCommand } from '../../shared/call-command.js';
import { CALL_TAG, type CrowdMessage, simulatedCall } from './testing/simulated-call.js';

const opened: TestCore[] = [];
after(async () => {
  for (const t of opened.reverse()) await t.close();
});

const MIN = 60_000;

async function start(): Promise<TestCore> {
  const t = await startTestCore();
  opened.push(t);
  t.core.services.sources.ensure('tw', 'twitch', '#relay');
  t.core.services.sources.ensure('yt', 'youtube', 'YouTube live');
  return t;
}

/** A crowd message as the Twitch reader or the YouTube reader hands it to ingest. */
export function crowdEvent(m: CrowdMessage): ChatEvent {
  const badges = m.badges ? { [m.badges.split('/')[0]!]: '1' } : {};
  return m.platform === 'twitch'
    ? { sourceId: 'tw', externalId: m.id, userKey: `twitch:${m.user}`, displayName: m.login, text: m.text, occurredAt: m.at, payload: { login: m.login, user_id: String(m.user), badges } }
    : { sourceId: 'yt', externalId: m.id, userKey: `youtube:UC${m.user}`, displayName: m.login, text: m.text, occurredAt: m.at, payload: { type: 'textMessageEvent', channel_id: `UC${m.user}`, badges } };
}

async function target(t: TestCore): Promise<string> {
  const created = await t.api('POST', '/api/targets', { name: 'Erdoğan Office', handles: [{ platform: 'x', handle: '@RTErdogan' }], hashtags: [CALL_TAG], ask: 'Open the border' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.target.id as string;
}

const moment = (view: TargetView, id?: string): CallMomentView => {
  const found = id ? view.moments.find((m) => m.id === id) : view.moments[0];
  assert.ok(found, 'the moment is on the target');
  return found;
};

describe('call sign-up commands', () => {
  it('reads only commands typed in plain ASCII: look-alike, full-width and invisible letters sign nobody up', () => {
    assert.deepEqual(commandsTyped('!call erdogan please'), ['!call', '!call erdogan']);
    assert.deepEqual(commandsTyped('  !CALL   Erdogan'), ['!call', '!call erdogan']);
    assert.deepEqual(commandsTyped('!cаll erdogan'), [], 'Cyrillic а');
    assert.deepEqual(commandsTyped('！ｃａｌｌ ｅｒｄｏｇａｎ'), [], 'full-width');
    assert.deepEqual(commandsTyped('!ca\u200Bll erdogan'), [], 'zero-width space inside');
    assert.deepEqual(commandsTyped('\u200B!call erdogan'), [], 'zero-width space before');
    assert.deepEqual(commandsTyped('!call erdοgan'), ['!call'], 'Greek ο in the second word: only "!call" could match');
    assert.deepEqual(commandsTyped('hello !call erdogan'), []);
    assert.equal(defaultCommand('Erdoğan Office'), '!call erdogan');
    assert.equal(defaultCommand('  '), '!call');
    assert.deepEqual(readCommand(' !Join   Now '), { ok: true, value: '!join now' });
    assert.equal(readCommand('!cаll x').ok, false);
    assert.equal(readCommand('call').ok, false);
    assert.equal(readCommand('!a b c').ok, false);
  });

  it('refuses in words a moment in the past, one overlapping another on the same target, and a command another open moment has', async () => {
    const t = await start();
    const id = await target(t);
    const other = (await t.api('POST', '/api/targets', { name: 'YouTube', hashtags: ['YoutubeHelpRohingya'] })).body.target.id as string;
    const base = Math.floor(Date.now() / MIN) * MIN + 30 * MIN;
    const first = await t.api('POST', `/api/targets/${id}/moments`, { at: new Date(base).toISOString() });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(moment(first.body.target).command, '!call erdogan');
    assert.equal(moment(first.body.target).state, 'upcoming');

    const past = await t.api('POST', `/api/targets/${id}/moments`, { at: new Date(Date.now() - 5 * MIN).toISOString() });
    assert.equal(past.status, 422);
    assert.match(past.body.error.message, /in the future: that time has passed/);
    const overlap = await t.api('POST', `/api/targets/${id}/moments`, { at: new Date(base + 5 * MIN).toISOString() });
    assert.equal(overlap.status, 422);
    assert.match(overlap.body.error.message, /overlaps the call moment at .* on the same target/);
    const collide = await t.api('POST', `/api/targets/${other}/moments`, { at: new Date(base).toISOString(), command: '!CALL Erdogan' });
    assert.equal(collide.status, 422);
    assert.match(collide.body.error.message, /"!call erdogan" is already the command of another call moment/);
    const lookalike = await t.api('POST', `/api/targets/${other}/moments`, { at: new Date(base).toISOString(), command: '!cаll youtube' });
    assert.equal(lookalike.status, 422);
    assert.match(lookalike.body.error.message, /plain letters/);
    // Another target at the same minute is fine; the same target after the window too (a default command of its own).
    assert.equal((await t.api('POST', `/api/targets/${other}/moments`, { at: new Date(base).toISOString() })).status, 201);
    const later = await t.api('POST', `/api/targets/${id}/moments`, { at: new Date(base + 10 * MIN).toISOString() });
    assert.equal(later.status, 201, JSON.stringify(later.body));
    assert.deepEqual(later.body.target.moments.map((m: CallMomentView) => m.command), ['!call erdogan', '!call erdogan2']);

    // The owner edits the command; a moderator may not.
    const momentId = moment(first.body.target).id;
    const edited = await t.api('PUT', `/api/targets/${id}/moments/${momentId}`, { command: '!wave' });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(moment(edited.body.target, momentId).command, '!wave');
    const token = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' })).body.token as string;
    assert.equal((await t.api('PUT', `/api/targets/${id}/moments/${momentId}`, { command: '!other' }, token)).status, 403);
    assert.equal((await t.api('PUT', `/api/targets/${id}/moments/nope`, { command: '!other' })).status, 404);
  });

  it('counts the simulated call exactly: 800 sign-ups, 520 follow through, 300 others, per platform and together', async () => {
    const t = await start();
    const id = await target(t);
    const at = Math.floor(Date.now() / MIN) * MIN + 3 * MIN;
    const scheduled = await t.api('POST', `/api/targets/${id}/moments`, { at: new Date(at).toISOString() });
    assert.equal(scheduled.status, 201, JSON.stringify(scheduled.body));
    const momentId = moment(scheduled.body.target).id;
    const call = simulatedCall(at);
    const { ingest } = t.core.services;
    for (const m of call.messages) ingest.chat(crowdEvent(m));
    ingest.flushChat();
    // A redelivery of everything changes nothing.
    for (const m of call.messages) ingest.chat(crowdEvent(m));
    ingest.flushChat();
    new HiddenChat(t.core.services.db).hide('tw', { messageId: call.deleted.id, userKey: null, through: at, reason: 'message deleted' });

    const view = moment((await t.api('GET', '/api/targets')).body.targets.find((x: TargetView) => x.id === id), momentId);
    assert.equal(view.result.signups, call.expected.signups);
    assert.equal(view.result.signups, 800);
    assert.equal(view.result.followed, 520);
    assert.equal(view.result.others, 300);
    for (const platform of ['twitch', 'youtube'] as const) {
      const own = view.by_platform.find((p) => p.platform === platform);
      assert.ok(own, platform);
      assert.deepEqual({ signups: own.signups, followed: own.followed, others: own.others }, call.expected.byPlatform[platform], platform);
    }
    // Posts, the peak and the lift, from the same messages.
    const end = at + 10 * MIN;
    const signers = new Set<string>();
    const posts = call.messages.filter((m) => m.text.toLowerCase().includes(`#${CALL_TAG.toLowerCase()}`) && m.login !== 'nightbot' && !m.badges);
    for (const m of call.messages) if (/^!call +erdogan( |$)/i.test(m.text) && m.id !== call.deleted.id && m.login !== 'nightbot' && !m.badges) signers.add(`${m.platform}:${m.user}`);
    const inWindow = posts.filter((m) => m.at >= at && m.at < end);
    assert.equal(view.result.posts, inWindow.length);
    const perMinute = new Map<number, number>();
    for (const m of inWindow) perMinute.set(Math.floor(m.at / MIN), (perMinute.get(Math.floor(m.at / MIN)) ?? 0) + 1);
    const peak = Math.max(...perMinute.values());
    assert.equal(view.result.peak?.posts, peak);
    assert.equal(perMinute.get(Date.parse(view.result.peak!.minute) / MIN), peak);
    const lift = view.result.lift;
    assert.equal(lift.posts_in_window, inWindow.filter((m) => signers.has(`${m.platform}:${m.user}`)).length);
    assert.ok(lift.posts_before > 0 && lift.minutes_before >= 1, JSON.stringify(lift));
    assert.equal(lift.lift, Math.round((lift.posts_in_window / 10 / (lift.posts_before / lift.minutes_before)) * 100) / 100);
    assert.equal(view.state, 'upcoming');
    assert.deepEqual(view.missed, []);
    assert.equal(view.answer, null);

    // The archive's call-moments.csv says the same, together and per platform.
    const csvLines = callMomentsCsv(t.core.services.targets.callMoments()).replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.match(csvLines[0]!, /^target,hashtags,moment_at,command,window_minutes,state,platform,signed_up,followed_through,others_who_joined,/);
    const columns = csvLines[0]!.split(',');
    const row = (platform: string) => csvLines.map((l) => l.split(',')).find((cells) => cells[columns.indexOf('platform')] === platform)!;
    const cell = (cells: string[], name: string) => cells[columns.indexOf(name)];
    assert.deepEqual(['signed_up', 'followed_through', 'others_who_joined'].map((c) => cell(row('all'), c)), ['800', '520', '300']);
    for (const platform of ['twitch', 'youtube'] as const) {
      const expected = call.expected.byPlatform[platform];
      assert.deepEqual(['signed_up', 'followed_through', 'others_who_joined'].map((c) => Number(cell(row(platform), c))), [expected.signups, expected.followed, expected.others]);
    }
    assert.equal(cell(row('all'), 'command'), '!call erdogan');

    // The marathon report lists the moment with the same figures.
    const s = t.core.services;
    const figures = await new ReportFigureQueries({ db: s.db, chatters: s.ingest.chatters, donations: s.donations, sources: s.sources, targets: s.targets, screening: s.screening, incentives: s.incentives, prizes: s.prizes, campaign: () => s.campaign() }).gather('initials');
    const html = await renderReport(figures);
    const table = html.slice(html.indexOf('data-section="call-moments"'), html.indexOf('</table>', html.indexOf('data-section="call-moments"')));
    assert.match(table, /<code>!call erdogan<\/code>/);
    assert.match(table, /<td class="num">800<\/td><td class="num">520 \(65%\)<\/td><td class="num">300<\/td>/);
    mkdirSync('test-results', { recursive: true });
    writeFileSync(join('test-results', 'report-call-moments.html'), html);

    const started = performance.now();
    await t.api('GET', '/api/targets');
    console.log(`GET /api/targets with the counted call: ${Math.round(performance.now() - started)} ms`);
  });

  it('says which part of an open window a chat source missed, links the answer that followed, and lists every moment for the report', async () => {
    const t = await start();
    const id = await target(t);
    const at = Math.floor(Date.now() / MIN) * MIN;
    const db = t.core.services.db;
    // Connected before the window (the history the sources keep), then a drop during it.
    db.prepare("INSERT INTO source_status_log (source_id, status, at) VALUES ('tw', 'connected', ?)").run(at - 5 * MIN);
    const scheduled = await t.api('POST', `/api/targets/${id}/moments`, { at: new Date(at).toISOString() });
    assert.equal(scheduled.status, 201, JSON.stringify(scheduled.body));
    t.core.services.sources.setLiveStatus('tw', 'reconnecting');
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 30));
    let view = moment(t.core.services.targets.get(id)!);
    assert.equal(view.state, 'open');
    assert.equal(view.missed.length, 1, JSON.stringify(view.missed));
    assert.equal(view.missed[0]!.platform, 'twitch');
    assert.equal(view.missed[0]!.source_name, '#relay');
    assert.ok(Math.abs(Date.parse(view.missed[0]!.from) - down) < 2_000);
    await new Promise((r) => setTimeout(r, 50));
    t.core.services.sources.setLiveStatus('tw', 'connected');
    view = moment(t.core.services.targets.get(id)!);
    assert.equal(view.missed.length, 1);
    assert.ok(Date.parse(view.missed[0]!.to) > Date.parse(view.missed[0]!.from), 'the part ends when it connected again');

    // An answer confirmed after the moment is linked to it.
    const token = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' })).body.token as string;
    // Answered some whole seconds after the moment, and not in the future (the moment is this minute's start).
    if (Date.now() - at < 1_000) await new Promise((r) => setTimeout(r, 1_000));
    const afterS = Math.floor((Date.now() - at) / 1_000);
    const flagged = await t.api('POST', `/api/targets/${id}/responses`, { kind: 'commitment', quote: 'We will open the border', url: 'https://x.com/rterdogan/status/1', responded_at: new Date(at + afterS * 1_000).toISOString() }, token);
    assert.equal(flagged.status, 201, JSON.stringify(flagged.body));
    assert.equal((await t.api('POST', `/api/responses/${flagged.body.response.id}/confirm`)).status, 200);
    view = moment(t.core.services.targets.get(id)!);
    assert.deepEqual(view.answer, { kind: 'commitment', quote: 'We will open the border', url: 'https://x.com/rterdogan/status/1', responded_at: new Date(at + afterS * 1_000).toISOString(), after_s: afterS });

    const rows = t.core.services.targets.callMoments();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.target_name, 'Erdoğan Office');
    assert.deepEqual(rows[0]!.hashtags, [CALL_TAG]);
    assert.equal(rows[0]!.answer?.after_s, afterS);
    assert.equal(rows[0]!.result.signups, 0);
  });
});
