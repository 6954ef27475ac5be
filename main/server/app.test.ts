import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { OVERLAY_NAMESPACE, STAFF_NAMESPACE, type Sequenced, type SequencedBatch, type StaffChange, type StaffSnapshot, unbatch } from '../../shared/contract.js';
import { EXAMPLE_CAMPAIGN, type TestCore, startTestCore } from '../testing/harness.js';

let t: TestCore;
const sockets: Socket[] = [];
before(async () => {
  t = await startTestCore();
});
after(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

function rawRequest(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(t.core.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(namespace: string, auth: Record<string, string>): Socket {
  const socket = io(`${t.core.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

const next = <T>(socket: Socket, event: string): Promise<T> => new Promise((resolve) => socket.once(event, resolve));

describe('the local server', () => {
  it('asks for a token on every API route', async () => {
    assert.equal((await t.api('GET', '/api/totals', undefined, null)).status, 401);
    assert.equal((await t.api('GET', '/api/totals', undefined, 'wrong-token-wrong-token')).status, 401);
    assert.equal((await t.api('GET', '/api/totals')).status, 200);
  });

  it('refuses a Host that is not its own (DNS rebinding) and cross-site origins', async () => {
    const port = new URL(t.core.url).port;
    const rebound = await rawRequest('/api/totals', { host: `attacker.example:${port}`, authorization: 'Bearer x' });
    assert.equal(rebound.status, 421);
    assert.equal((await rawRequest('/', { host: `attacker.example:${port}` })).status, 421);
    const fromElsewhere = await rawRequest('/api/totals', { host: `127.0.0.1:${port}`, origin: 'http://attacker.example', authorization: 'Bearer x' });
    assert.equal(fromElsewhere.status, 403);
    assert.equal((await rawRequest('/api/health', { host: `localhost:${port}`, authorization: `Bearer ${'test-owner-token-0123456789'}` })).status, 200);
  });

  it('answers JSON errors with a code and a message', async () => {
    const missing = await t.api('GET', '/api/nothing');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    const wrongMethod = await t.api('DELETE', '/api/totals');
    assert.equal(wrongMethod.status, 405);
    const badJson = await t.api('PUT', '/api/campaign', '{nope');
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.error.code, 'malformed_json');
  });

  it('validates the campaign and locks its currency once money is counted', async () => {
    const bad = await t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, goal: { value: '10.001', currency: 'EUR' } });
    assert.equal(bad.status, 422);
    assert.match(bad.body.error.message, /goal/);
    const noTitle = await t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, title: '  ' });
    assert.equal(noTitle.status, 422);
    const inUsd = await t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, currency: 'USD', goal: { value: '10000', currency: 'USD' }, milestones: [] });
    assert.equal(inUsd.status, 200);
    const rates = (await t.api('GET', '/api/rates')).body;
    assert.equal(rates.currency, 'USD');
    assert.ok(rates.rates.some((r: { currency: string }) => r.currency === 'EUR'));
    assert.equal((await t.api('PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    assert.equal((await t.api('POST', '/api/donations', { id: 'lock-1', amount: { value: '1', currency: 'EUR' } })).status, 201);
    const locked = await t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, currency: 'USD', goal: { value: '10000', currency: 'USD' }, milestones: [] });
    assert.equal(locked.status, 409);
    assert.match(locked.body.error.message, /cannot change/);
    assert.equal((await t.api('GET', '/api/campaign')).body.campaign.currency_locked, true);
  });

  it('takes a manual pledge once, even when the form is sent twice', async () => {
    const pledge = { id: 'form-42', amount: { value: '20', currency: 'EUR' }, donor: { name: 'Grace' }, message: 'on air' };
    const first = await t.api('POST', '/api/donations', pledge);
    const second = await t.api('POST', '/api/donations', pledge);
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body.status, 'duplicate');
    const listed = (await t.api('GET', '/api/donations?state=pending')).body.donations;
    assert.equal(listed.filter((d: { external_id: string }) => d.external_id === 'form-42').length, 1);
    assert.equal((await t.api('GET', '/api/donations?state=bogus')).status, 400);
  });

  it('refuses source kinds it cannot run yet with a clear reason', async () => {
    const demo = await t.api('POST', '/api/sources', { kind: 'demo', name: 'x' });
    assert.equal(demo.status, 422);
    assert.match(demo.body.error.message, /not available/);
  });

  it('sends a snapshot, then sequenced changes; a client that asks gets a fresh snapshot', async () => {
    const staff = connect(STAFF_NAMESPACE, { token: 'test-owner-token-0123456789' });
    const snapshot = await next<StaffSnapshot>(staff, 'snapshot');
    assert.equal(snapshot.role, 'owner');
    assert.equal(snapshot.campaign?.title, EXAMPLE_CAMPAIGN.title);
    const changes: Sequenced<StaffChange>[] = [];
    staff.on('changes', (batch: SequencedBatch<StaffChange>) => changes.push(...unbatch(batch)));
    await t.api('POST', '/api/donations', { id: 'live-1', amount: { value: '5', currency: 'EUR' } });
    // Totals go out within 100 ms and the source's counts within 250 ms: wait until it is quiet.
    let seen = -1;
    while (seen !== changes.length) {
      seen = changes.length;
      await new Promise((r) => setTimeout(r, 400));
    }
    assert.ok(changes.length >= 2);
    changes.forEach((c, i) => {
      assert.equal(c.epoch, snapshot.epoch);
      assert.equal(c.seq, snapshot.seq + i + 1);
    });
    const donation = changes.find((c) => c.change.type === 'donation');
    assert.equal(donation?.change.type === 'donation' && donation.change.donation.external_id, 'live-1');
    // The last totals: a slow machine may still deliver the previous test's coalesced totals first.
    const totals = changes.findLast((c) => c.change.type === 'totals');
    assert.ok(totals && totals.change.type === 'totals');
    staff.emit('resync');
    const fresh = await next<StaffSnapshot>(staff, 'snapshot');
    assert.equal(fresh.seq, changes[changes.length - 1]!.seq);
    assert.equal(fresh.totals.raised.value, (totals.change as { totals: { raised: { value: string } } }).totals.raised.value);
  });

  it('refuses sockets without a valid token or overlay key', async () => {
    const staff = connect(STAFF_NAMESPACE, { token: 'nope' });
    const error = await next<Error>(staff, 'connect_error');
    assert.match(error.message, /unauthorized/);
    const overlay = connect(OVERLAY_NAMESPACE, { key: 'nope' });
    assert.match((await next<Error>(overlay, 'connect_error')).message, /unauthorized/);
  });

  it('serves the overlay only with its key, and a rotated key cuts old overlays off', async () => {
    const info = (await t.api('GET', '/api/overlay')).body;
    const widget = info.widgets.find((w: { name: string }) => w.name === 'total');
    const page = await fetch(widget.url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal((await fetch(`${t.core.url}/overlay/total?key=wrong`)).status, 403);
    assert.equal((await fetch(`${t.core.url}/overlay/total`)).status, 403);
    // the overlay key opens nothing but the overlay
    assert.equal((await t.api('GET', '/api/totals', undefined, info.key)).status, 401);

    const overlay = connect(OVERLAY_NAMESPACE, { key: info.key });
    const snapshot = await next<{ totals: { raised: { value: string } }; campaign: { title: string } }>(overlay, 'snapshot');
    assert.equal(snapshot.campaign.title, EXAMPLE_CAMPAIGN.title);
    const dropped = next(overlay, 'disconnect');
    const rotated = (await t.api('POST', '/api/overlay/rotate-key')).body;
    assert.notEqual(rotated.key, info.key);
    await dropped;
    assert.equal((await fetch(widget.url)).status, 403);
  });

  it('never sends pending donor content to the overlay socket', async () => {
    const key = (await t.api('GET', '/api/overlay')).body.key;
    const overlay = connect(OVERLAY_NAMESPACE, { key });
    await next(overlay, 'snapshot');
    const seen: string[] = [];
    overlay.onAny((_event, payload) => seen.push(JSON.stringify(payload)));
    await t.api('POST', '/api/donations', { id: 'secret-msg', amount: { value: '7', currency: 'EUR' }, donor: { name: 'Hidden Name' }, message: 'unscreened words' });
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(seen.length > 0, 'the overlay got no total update');
    for (const payload of seen) {
      assert.doesNotMatch(payload, /Hidden Name|unscreened words/);
    }
  });
});
