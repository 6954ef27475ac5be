import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChartsView, PaceView } from '../../shared/charts.js';
import { EXAMPLE_CAMPAIGN, type TestCore, startTestCore } from '../testing/harness.js';

const HOUR = 3_600_000;
let t: TestCore;

before(async () => {
  t = await startTestCore({ withCampaign: false });
  const started = await t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, starts_at: new Date(Date.now() - HOUR).toISOString() });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  t.core.db.prepare("INSERT INTO sources (id, kind, name, created_at) VALUES ('chan', 'demo', 'Channel', 0)").run();
});
after(() => t.close());

const pledge = (value: string, name: string, anonymous = false) =>
  t.api('POST', '/api/donations', { amount: { value, currency: 'EUR' }, donor: { name, anonymous } });

describe('charts API', () => {
  it('sums money per bucket, names top donors (ties: who gave first), never names anonymous donors, projects the end', async () => {
    for (const [value, name, anonymous] of [['10.00', 'Ada'], ['15.00', 'Bob'], ['5.00', 'Ada'], ['40.00', 'Carl', true], ['1.00', '<img src=x onerror=alert(1)>']] as const) {
      assert.equal((await pledge(value, name, anonymous)).status, 201);
    }
    const before = Date.now();
    const pace = (await t.api('GET', '/api/charts/pace')).body as PaceView;
    const afterCall = Date.now();
    assert.equal(pace.phase, 'running');
    assert.equal(pace.raised.value, '71.00');
    assert.deepEqual(pace.top_donors.map((d) => [d.rank, d.name, d.total.value, d.donations]), [
      [1, 'Ada', '15.00', 2],
      [2, 'Bob', '15.00', 1],
      [3, '<img src=x onerror=alert(1)>', '1.00', 1],
    ]);
    assert.deepEqual(pace.anonymous, { total: { value: '40.00', currency: 'EUR' }, donations: 1 });
    assert.ok(!JSON.stringify(pace.top_donors).includes('Carl'));
    assert.deepEqual(pace.next_milestone, { label: 'A pump', amount: { value: '1000.00', currency: 'EUR' }, to_go: { value: '929.00', currency: 'EUR' } });
    assert.equal(pace.recent.find((w) => w.minutes === 60)?.per_hour.value, '71.00');
    // Raised + the last hour's 71.00 for each hour left (47 h), rounded down to the cent.
    const endsAt = Date.parse(pace.projection!.ends_at);
    const projected = Math.round(Number(pace.projection!.amount.value) * 100);
    const low = 7100 + Math.floor((7100 * (endsAt - afterCall)) / HOUR);
    const high = 7100 + Math.floor((7100 * (endsAt - before + 1_000)) / HOUR);
    assert.ok(projected >= low && projected <= high, `projection ${projected} not in [${low}, ${high}]`);

    const charts = (await t.api('GET', '/api/charts?window=1h')).body as ChartsView;
    assert.equal(charts.window.live, true);
    assert.equal(charts.bucket_minutes, 1);
    assert.equal(charts.chat.length, 60);
    assert.equal(charts.money_bucket_minutes, 5);
    assert.equal(charts.money.reduce((sum, b) => sum + b.raised_minor, 0), 7100);
    assert.equal(charts.totals.raised.value, '71.00');
    assert.equal(charts.totals.donations, 5);
  });

  it('a refund counts against the donor it refunds', async () => {
    const gift = await pledge('20.00', 'Dana');
    assert.equal(gift.status, 201);
    const row = t.core.db.prepare<[number], { external_id: string }>('SELECT external_id FROM events WHERE seq = ?').get(gift.body.id);
    t.core.services.ingest.donation({
      sourceId: t.core.db.prepare<[number], { source_id: string }>('SELECT source_id FROM events WHERE seq = ?').get(gift.body.id)!.source_id,
      externalId: 'refund-dana', type: 'refund', amount: { minor: 2000, currency: 'EUR' as never }, donorName: null, anonymous: false,
      message: null, occurredAt: Date.now(), refunds: row!.external_id,
    });
    const pace = (await t.api('GET', '/api/charts/pace')).body as PaceView;
    const dana = pace.top_donors.find((d) => d.name === 'Dana');
    assert.deepEqual(dana && [dana.total.value, dana.donations], ['0.00', 1]);
    assert.equal(pace.raised.value, '71.00');
  });

  it('counts exact distinct chatters per bucket, and a late message to an old minute moves its bucket', async () => {
    const from = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 60_000;
    const ingest = t.core.services.ingest;
    let n = 0;
    const say = (user: string, minute: number) =>
      ingest.chat({ sourceId: 'chan', externalId: `m${n++}`, userKey: user, displayName: user, text: 'hi', occurredAt: from + minute * 60_000 + 1_000 });
    // Minutes 0-5: u1 everywhere, u2 in 0 and 4, u3 in 2. Buckets of 3: {u1,u2,u3}, {u1,u2}.
    for (let m = 0; m < 6; m += 1) say('u1', m);
    say('u2', 0);
    say('u2', 4);
    say('u3', 2);
    ingest.flushChat();
    const query = `/api/charts?from=${new Date(from).toISOString()}&to=${new Date(from + 1_439 * 60_000).toISOString()}&source=chan`;
    const first = (await t.api('GET', query)).body as ChartsView;
    assert.equal(first.bucket_minutes, 2);
    assert.equal(first.window.live, true);
    const wide = (await t.api('GET', `/api/charts?from=${new Date(from).toISOString()}&to=${new Date(from + 2_899 * 60_000).toISOString()}&source=chan`)).body as ChartsView;
    assert.equal(wide.bucket_minutes, 3);
    assert.ok(wide.chat.length <= 1_000);
    const byStart = (view: ChartsView) => new Map(view.chat.map((b) => [Date.parse(b.start), b.chatters]));
    const bucketStart = (minute: number) => Math.floor((from / 60_000 + minute) / 3) * 3 * 60_000;
    const counts = byStart(wide);
    const expected = new Map<number, Set<string>>();
    for (const [user, minutes] of [['u1', [0, 1, 2, 3, 4, 5]], ['u2', [0, 4]], ['u3', [2]]] as const) {
      for (const m of minutes) expected.set(bucketStart(m), (expected.get(bucketStart(m)) ?? new Set()).add(user));
    }
    for (const [start, people] of expected) assert.equal(counts.get(start), people.size, `bucket ${new Date(start).toISOString()}`);
    assert.equal(wide.totals.chatters, 3);
    assert.equal(wide.totals.messages, 9);

    // u4 writes late into minute 1 (a replay): that bucket and the window total change.
    say('u4', 1);
    ingest.flushChat();
    const again = byStart((await t.api('GET', `/api/charts?from=${new Date(from).toISOString()}&to=${new Date(from + 2_899 * 60_000).toISOString()}&source=chan`)).body);
    assert.equal(again.get(bucketStart(1)), (expected.get(bucketStart(1))?.size ?? 0) + 1);
    const stats = (await t.api('GET', `/api/chat/stats?from=${new Date(from).toISOString()}&to=${new Date(from + 10 * 60_000).toISOString()}&source=chan`)).body;
    assert.equal(stats.chatters, 4);
  });

  it('refuses bad windows in words and needs a token', async () => {
    assert.equal((await t.api('GET', '/api/charts?window=2d')).status, 400);
    assert.equal((await t.api('GET', '/api/charts?from=yesterday&to=2026-11-23T10:00:00Z')).status, 400);
    assert.equal((await t.api('GET', '/api/charts?from=2026-11-23T10:00:00Z')).status, 400);
    assert.equal((await t.api('GET', '/api/charts?from=2026-01-01T00:00:00Z&to=2026-11-23T10:00:00Z')).status, 400);
    assert.equal((await t.api('GET', '/api/charts?source=nope')).status, 404);
    assert.equal((await t.api('GET', '/api/charts', undefined, null)).status, 401);
    assert.equal((await t.api('GET', '/api/charts/pace', undefined, null)).status, 401);
  });
});
