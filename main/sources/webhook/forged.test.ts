import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestCore, startTestCore } from '../../testing/harness.js';
import { RefusalCounter } from '../refusals.js';

const donation = (id: string) => ({ id, type: 'donation', amount: { value: '5.00', currency: 'EUR' }, donor: { name: 'Ana' } });

describe('a flood of forged requests to a real hook URL', () => {
  let t: TestCore;
  let sourceId = '';
  let secret = '';
  before(async () => {
    t = await startTestCore();
    const created = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' });
    sourceId = created.body.id;
    secret = created.body.secret;
  });
  after(() => t.close());

  const source = async () => (await t.api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === sourceId);

  it('leaves the source listening while genuine webhooks arrive, and counts the forged ones apart', async () => {
    const forged = 300;
    let genuine = 0;
    for (let i = 0; i < forged; i += 1) {
      const answer = await t.hook(sourceId, secret, donation(`forged-${i}`), { signWith: 'guessed-secret' });
      assert.equal(answer.status, 401);
      if (i % 30 === 0) {
        assert.equal((await t.hook(sourceId, secret, donation(`genuine-${i}`))).status, 201);
        genuine += 1;
      }
    }
    const view = await source();
    assert.equal(view.status, 'listening', JSON.stringify(view));
    assert.equal(view.last_error, null, 'forged requests are not the source failing');
    assert.equal(view.rejected, 0);
    assert.equal(view.events, genuine);
    assert.equal(view.unverified_refusals.last_hour, forged);
    assert.match(view.unverified_refusals.last_reason, /signature does not match/);
    assert.ok(Date.now() - Date.parse(view.unverified_refusals.last_at) < 60_000);
    assert.equal((await t.api('GET', '/api/totals')).body.raised.value, `${genuine * 5}.00`);
    // Nothing of the flood was written to the database.
    const stored = t.core.db.prepare<[string], { rejected: number; last_error: string | null }>('SELECT rejected, last_error FROM sources WHERE id = ?').get(sourceId);
    assert.deepEqual({ ...stored }, { rejected: 0, last_error: null });
  });
});

describe('RefusalCounter', () => {
  it('counts the last hour in at most 60 minute buckets, whatever the rate', () => {
    const counter = new RefusalCounter();
    const start = Date.UTC(2026, 10, 23, 8, 0, 0);
    // Three hours of one refusal a second.
    for (let s = 0; s < 3 * 3600; s += 1) counter.add('bad signature', start + s * 1000);
    const end = start + 3 * 3600 * 1000 - 1000;
    assert.ok(counter.bucketCount <= 60, `${counter.bucketCount} buckets`);
    assert.equal(counter.view(end)?.last_hour, 3600);
    // An hour of silence later, nothing is left.
    assert.equal(counter.view(end + 3600 * 1000 + 60_000), null);
    assert.equal(counter.bucketCount, 0);
  });
});
