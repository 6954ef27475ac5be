// Issue 12, "A large donation puts the server in a crash loop": every door refuses money past
// the limits of shared/money.ts with 422 and a reason, and a database already past them (written
// by an older version) is answered 503 with a sentence, never a crash of the process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { OVERLAY_NAMESPACE, STAFF_NAMESPACE, type SnapshotProblem } from '../../shared/contract.js';
import { MAX_AMOUNT_MINOR, MAX_CAMPAIGN_VOLUME_MINOR } from '../../shared/money.js';
import { type TestCore, donationBody, startTestCore } from '../testing/harness.js';

const opened: TestCore[] = [];
const sockets: Socket[] = [];
after(async () => {
  for (const s of sockets) s.close();
  for (const t of opened) await t.close();
});

async function coreWithHook(): Promise<{ t: TestCore; hook: (body: unknown) => Promise<{ status: number; body: any }> }> {
  const t = await startTestCore();
  opened.push(t);
  const created = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' });
  assert.equal(created.status, 201);
  return { t, hook: (body) => t.hook(created.body.id, created.body.secret, body) };
}

const count = (t: TestCore, sql: string) => (t.core.db.prepare(sql).get() as { n: number }).n;

function connect(t: TestCore, namespace: string, auth: Record<string, string>): Socket {
  const socket = io(`${t.core.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

describe('issue 12: a large donation puts the server in a crash loop', () => {
  let t: TestCore;
  let hook: (body: unknown) => Promise<{ status: number; body: any }>;
  before(async () => {
    ({ t, hook } = await coreWithHook());
  });

  it('refuses "90071992547409.91" EUR by signed webhook and as a manual pledge with 422, and the next 0.01 adds up exactly', async () => {
    const huge = await hook(donationBody('huge', '90071992547409.91'));
    assert.equal(huge.status, 422, JSON.stringify(huge.body));
    assert.match(huge.body.error.message, /largest amount the app accepts, 10000000000\.00 EUR/);
    const manual = await t.api('POST', '/api/donations', { amount: { value: '90071992547409.91', currency: 'EUR' }, donor: { name: 'Ada' } });
    assert.equal(manual.status, 422);
    assert.equal((await hook(donationBody('cent', '0.01'))).status, 201);
    const totals = await t.api('GET', '/api/totals');
    assert.equal(totals.status, 200);
    assert.equal(totals.body.raised.value, '0.01');
    assert.equal(count(t, "SELECT count(*) AS n FROM events WHERE external_id = 'huge'"), 0, 'nothing of the refused one was written');
    for (const path of ['/api/export/donations.json', '/api/export/donations.csv', '/api/charts', '/api/charts/pace']) {
      assert.equal((await fetch(`${t.core.url}${path}`, { headers: { authorization: 'Bearer test-owner-token-0123456789' } })).status, 200, path);
    }
  });

  it('refuses the rate "999999999999999.999999999999999999" (PUT and import), and a donation a valid rate would take past the limit', async () => {
    const absurd = await t.api('PUT', '/api/rates', { rates: [{ currency: 'USD', rate: '999999999999999.999999999999999999' }] });
    assert.equal(absurd.status, 422);
    assert.match(absurd.body.error.message, /largest rate the app accepts, 1000000000/);
    const imported = await t.api('POST', '/api/rates/import', { text: 'currency,rate\nUSD,999999999999999.999999999999999999' });
    assert.equal(imported.status, 422);
    assert.equal((await t.api('PUT', '/api/rates', { rates: [{ currency: 'USD', rate: '1000000000' }] })).status, 200);
    const converted = await hook(donationBody('usd-big', '10000.00', 'USD'));
    assert.equal(converted.status, 422, 'ten thousand dollars at a billion euros each');
    assert.match(converted.body.error.message, /converted at 1000000000/);
    assert.equal((await hook(donationBody('usd-cent', '0.01', 'USD'))).status, 201);
    assert.equal((await t.api('GET', '/api/totals')).body.raised.value, '10000000.01');
  });

  it('converts waiting donations only when every one stays within the limit; otherwise saves no rate', async () => {
    t.core.db.prepare("DELETE FROM exchange_rates WHERE currency = 'JPY'").run();
    assert.equal((await hook(donationBody('yen', String(MAX_AMOUNT_MINOR), 'JPY'))).status, 201, 'a trillion yen waits for a rate');
    const refused = await t.api('PUT', '/api/rates', { rates: [{ currency: 'JPY', rate: '2' }] });
    assert.equal(refused.status, 422);
    assert.match(refused.body.error.message, /no rate was saved/);
    assert.equal(count(t, "SELECT count(*) AS n FROM exchange_rates WHERE currency = 'JPY'"), 0);
    assert.equal((await t.api('PUT', '/api/rates', { rates: [{ currency: 'JPY', rate: '0.0055' }] })).status, 200);
    assert.equal(count(t, "SELECT count(*) AS n FROM donations WHERE campaign_minor IS NULL"), 0);
  });

  it('refuses a donation that would take the campaign past 10^15 minor units, writing nothing, and takes one that fits', async () => {
    // As if a thousand donations of ten billion had come in: the campaign is 0.50 EUR under its limit.
    const volume = (t.core.db.prepare('SELECT TOTAL(ABS(campaign_minor)) AS n FROM donations').get() as { n: number }).n;
    t.core.db.prepare("UPDATE donations SET campaign_minor = campaign_minor + ? WHERE event_seq = (SELECT MIN(event_seq) FROM donations)")
      .run(MAX_CAMPAIGN_VOLUME_MINOR - 50 - volume);
    t.core.services.ingest.volume.forget();
    const events = count(t, 'SELECT count(*) AS n FROM events');
    const over = await hook(donationBody('over', '0.51'));
    assert.equal(over.status, 422);
    assert.equal(over.body.error.code, 'campaign_limit');
    assert.match(over.body.error.message, /10000000000000\.00 EUR/);
    const refund = await hook({ ...donationBody('over-refund', '0.51'), type: 'refund' });
    assert.equal(refund.status, 422, 'a refund counts in the volume too: charts sum it without sign');
    assert.equal(count(t, 'SELECT count(*) AS n FROM events'), events, 'never half-written');
    assert.equal((await hook(donationBody('fits', '0.50'))).status, 201);
    assert.equal((await t.api('POST', '/api/donations', { amount: { value: '0.01', currency: 'EUR' } })).status, 422);
    const csv = await t.api('POST', '/api/import/donations', { csv: 'amount,currency,donor\n0.01,EUR,Ada\n' });
    assert.equal(csv.status, 200, JSON.stringify(csv.body));
    assert.equal(csv.body.rows[0].status, 'error');
    assert.match(csv.body.rows[0].error, /most money the app can count exactly/);
  });

  it('refuses a goal or milestone past the campaign limit', async () => {
    const campaign = (await t.api('GET', '/api/campaign')).body.campaign;
    const goal = await t.api('PUT', '/api/campaign', { ...campaign, goal: { value: '10000000000000.01', currency: 'EUR' } });
    assert.equal(goal.status, 422);
    const milestone = await t.api('PUT', '/api/campaign', { ...campaign, milestones: [{ amount: { value: '90071992547409.91', currency: 'EUR' }, label: 'x' }] });
    assert.equal(milestone.status, 422);
  });
});

describe('issue 12: a database already past the limits (written by an older version)', () => {
  it('answers totals, exports and charts 503 with a sentence, tells socket clients, and keeps serving', async () => {
    const { t, hook } = await coreWithHook();
    assert.equal((await hook(donationBody('a', '1.00'))).status, 201);
    assert.equal((await hook(donationBody('b', '0.01'))).status, 201);
    // What the older version wrote for "90071992547409.91" then "0.01".
    const db = t.core.db;
    db.prepare("UPDATE donations SET amount_minor = 9007199254740991, campaign_minor = 9007199254740991 WHERE amount_minor = 100").run();
    db.prepare('UPDATE money_totals SET amount_minor = 9007199254740992, campaign_minor = 9007199254740992').run();
    db.prepare("UPDATE minute_rollups SET raised_minor = 9007199254740992 WHERE raised_minor > 0").run();
    t.core.services.ingest.volume.forget();

    const recent = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    for (const path of ['/api/totals', '/api/export/donations.json', '/api/export/donations.csv', `/api/charts?${recent}`, '/api/charts/pace']) {
      const answer = await t.api('GET', path);
      assert.equal(answer.status, 503, `${path}: ${JSON.stringify(answer.body).slice(0, 200)}`);
      assert.equal(answer.body.error.code, 'money_out_of_range');
      assert.match(answer.body.error.message, /more money than the app can count exactly/);
    }
    const staff = connect(t, STAFF_NAMESPACE, { token: 'test-owner-token-0123456789' });
    const told = await new Promise<SnapshotProblem>((resolve) => staff.once('snapshot_failed', resolve));
    assert.equal(told.code, 'money_out_of_range');
    const overlayKey = (await t.api('GET', '/api/overlay')).body.key as string;
    const overlay = connect(t, OVERLAY_NAMESPACE, { key: overlayKey });
    assert.equal((await new Promise<SnapshotProblem>((resolve) => overlay.once('snapshot_failed', resolve))).code, 'money_out_of_range');
    overlay.emit('resync');
    // Bits in chat make the hub send totals from a timer: past the limits that must not throw there.
    t.core.services.sources.ensure('chat-relay', 'twitch', '#relay');
    t.core.services.ingest.chat({
      sourceId: 'chat-relay', externalId: 'cheer-1', userKey: 'u1', displayName: 'u1', text: 'cheer100', occurredAt: Date.now(),
      pledge: { unit: 'bits', count: 100 },
    });
    t.core.services.ingest.flushChat();
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal((await t.api('GET', '/api/me')).status, 200, 'the process is still serving');
    const more = await hook(donationBody('c', '0.01'));
    assert.equal(more.status, 422, 'no more money is taken into a campaign past its limit');
    assert.equal(more.body.error.code, 'campaign_limit');
  });
});
