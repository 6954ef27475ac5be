// Issue 12, "One viewer request freezes the server": chat statistics take the charts' window
// rule (main/charts/window.ts), so no window can make the server count for minutes or run out
// of memory; an over-wide one is refused at once with 400 and the reason.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_WINDOW_MINUTES } from '../../shared/charts.js';
import { type TestCore, startTestCore } from '../testing/harness.js';

let t: TestCore;
let viewer: string;
before(async () => {
  t = await startTestCore();
  const invite = await t.api('POST', '/api/invites', { role: 'viewer', name: 'A viewer' });
  assert.equal(invite.status, 201, JSON.stringify(invite.body));
  viewer = invite.body.token;
});
after(() => t.close());

async function timed(path: string, token: string = viewer): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  const answer = await t.api('GET', path, undefined, token);
  return { ...answer, ms: performance.now() - started };
}

describe('issue 12: one viewer request freezes the server', () => {
  it('refuses from=-271821-04-20T00:00:00Z with 400 at once instead of running out of memory', async () => {
    const answer = await timed('/api/chat/stats?from=-271821-04-20T00:00:00Z');
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'bad_query');
    assert.match(answer.body.error.message, /ISO-8601/);
    assert.ok(answer.ms < 1_000, `${answer.ms} ms`);
  });

  it('refuses from=1970-01-01T00:00:00Z (a window of 56 years) with 400 saying why, while other requests go on', async () => {
    const [stats, me] = await Promise.all([timed('/api/chat/stats?from=1970-01-01T00:00:00Z'), timed('/api/me')]);
    assert.equal(stats.status, 400);
    assert.match(stats.body.error.message, /at most 14 days/);
    assert.ok(stats.ms < 1_000, `${stats.ms} ms`);
    assert.equal(me.status, 200);
    assert.ok(me.ms < 1_000, `${me.ms} ms`);
  });

  it('answers the widest allowed window (14 days) quickly, and refuses one minute more', async () => {
    const to = Date.parse('2026-11-30T00:00:00Z');
    const from = new Date(to - (MAX_WINDOW_MINUTES - 1) * 60_000).toISOString();
    const widest = await timed(`/api/chat/stats?from=${from}&to=${new Date(to).toISOString()}`);
    assert.equal(widest.status, 200, JSON.stringify(widest.body).slice(0, 200));
    assert.ok(widest.ms < 2_000, `${widest.ms} ms`);
    const longer = await timed(`/api/chat/stats?from=${new Date(to - MAX_WINDOW_MINUTES * 60_000).toISOString()}&to=${new Date(to).toISOString()}`);
    assert.equal(longer.status, 400);
  });

  it('keeps its defaults: the campaign so far (at most 14 days), and refuses to before from', async () => {
    const stats = await timed('/api/chat/stats');
    assert.equal(stats.status, 200);
    assert.ok(Date.parse(stats.body.to) - Date.parse(stats.body.from) < MAX_WINDOW_MINUTES * 60_000);
    const backwards = await timed('/api/chat/stats?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z');
    assert.equal(backwards.status, 400);
    assert.match(backwards.body.error.message, /to must not be before from/);
  });

  it('applies the same rule to the charts and to a target\'s minutes', async () => {
    const charts = await timed('/api/charts?from=1970-01-01T00:00:00Z&to=2026-11-23T00:00:00Z');
    assert.equal(charts.status, 400);
    assert.match(charts.body.error.message, /at most 14 days/);
    const created = await t.api('POST', '/api/targets', { name: 'UNICEF', handles: [{ platform: 'twitch', handle: 'unicef' }], hashtags: ['UnicefHelp'], ask: '' });
    assert.equal(created.status, 201, JSON.stringify(created.body).slice(0, 300));
    const id = created.body.target.id as string;
    const ancient = await timed(`/api/targets/${id}/minutes?from=-271821-04-20T00:00:00Z`);
    assert.equal(ancient.status, 400);
    const wide = await timed(`/api/targets/${id}/minutes?from=1970-01-01T00:00:00Z`);
    assert.equal(wide.status, 400);
    assert.match(wide.body.error.message, /at most 14 days/);
    assert.equal((await timed(`/api/targets/${id}/minutes`)).status, 200);
  });

  it('counts chatters over any span in time bounded by the chat kept: a message dated 1970 and one today, a target called since 1970', async () => {
    const { ingest, sources } = t.core.services;
    sources.ensure('relay-chat', 'twitch', '#relay');
    const chat = (id: string, user: string, at: number) =>
      ingest.chat({ sourceId: 'relay-chat', externalId: id, userKey: user, displayName: user, text: '#UnicefHelp hello', occurredAt: at });
    chat('old', 'u1', 0);
    chat('new', 'u2', Date.now());
    ingest.flushChat();
    const started = performance.now();
    assert.equal(ingest.chatters.distinct(0, Math.floor(Date.now() / 60_000), 'relay-chat'), 2);
    assert.equal(ingest.chatters.distinctByBucket(0, Math.floor(Date.now() / 60_000), 1, 'relay-chat').total, 2);
    assert.ok(performance.now() - started < 1_000, `${performance.now() - started} ms`);
    const target = await t.api('POST', '/api/targets', {
      name: 'Since 1970', handles: [], hashtags: ['UnicefHelp'], ask: '', call_starts_at: '1970-01-01T00:00:00Z',
    });
    assert.equal(target.status, 201, JSON.stringify(target.body).slice(0, 300));
    const list = await timed('/api/targets');
    assert.equal(list.status, 200);
    assert.ok(list.ms < 1_000, `${list.ms} ms`);
  });
});
