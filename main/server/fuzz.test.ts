/**
 * Property-based fuzzing of every route in ROUTE_SCHEMAS and of the webhook receivers, against
 * one real core on 127.0.0.1: whatever arrives, the answer is a 2xx, or a 4xx with the JSON
 * error shape — never a 5xx; the server still answers afterwards; and refused input leaves the
 * totals as they were.
 *
 * FUZZ_SEED=<n> replays a run (the seed is printed when a property fails); FUZZ_RUNS=<n> changes
 * the number of runs per route (default 30); FUZZ_REPORT=1 prints how many answers of each
 * status every route gave (to see that the fuzzing reaches past the schemas).
 *
 * Left out: POST /api/demo (it starts a demo that adds donations on a timer, so the totals
 * move by themselves) and PUT /api/network (it would open the test machine to its network).
 * Valid-looking times are drawn from the last 30 days: windows reaching far into the past are
 * the bounded-reads work's own regression tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type RouteKey, splitRouteKey } from '../../shared/contract.js';
import { ROUTE_SCHEMAS } from '../../shared/schemas.js';
import { EXAMPLE_CAMPAIGN, TEST_TOKEN, type TestCore, donationBody, startTestCore } from '../testing/harness.js';
import { signTiltify } from '../sources/tiltify/signature.js';
import { signGeneric } from '../sources/webhook/signature.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 30;
const REPORT = process.env.FUZZ_REPORT === '1';
// POST /api/team dials the NATS servers it is given (a fuzzed body would wait on random hosts).
const SKIPPED: ReadonlySet<RouteKey> = new Set<RouteKey>(['POST /api/demo', 'PUT /api/network', 'POST /api/team']);
const TILTIFY_KEY = 'fuzz-tiltify-signing-key';

let t: TestCore;
let hookId: string;
let hookSecret: string;
const tiltifyId = 'tiltify-fuzz';
/** Ids that exist, so that :id routes are reached past their "not found". */
const known: Record<string, string[]> = { target: [], response: [], donation: [], invite: [] };

before(async () => {
  // Only the webhook connector: a fuzzed Twitch or Streamlabs source must not dial out.
  t = await startTestCore({ connectors: [] });
  const source = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Fuzz bridge' });
  hookId = source.body.id;
  hookSecret = source.body.secret;
  t.core.services.sources.ensure(tiltifyId, 'tiltify', 'Tiltify (fuzz)');
  t.core.services.credentials.set(tiltifyId, JSON.stringify({ client_id: 'fuzz-client', client_secret: 'fuzz-secret', webhook_signing_key: TILTIFY_KEY }));

  const pledge = await t.api('POST', '/api/donations', { id: 'seed-1', amount: { value: '5.00', currency: 'EUR' }, donor: { name: 'Ada' }, message: 'hi' });
  known.donation!.push(String(pledge.body.id));
  const target = await t.api('POST', '/api/targets', { name: 'Brand', hashtags: ['BrandHelp'], ask: 'Match', handles: [{ platform: 'x', handle: '@brand' }] });
  known.target!.push(target.body.target.id);
  const response = await t.api('POST', `/api/targets/${target.body.target.id}/responses`, { kind: 'commitment', quote: 'yes', url: 'https://example.org/post' });
  known.response!.push(response.body.response.id);
  const invite = await t.api('POST', '/api/invites', { role: 'viewer', name: 'Vic' });
  known.invite!.push(invite.body.invite.id);
});
after(() => t.close());

// ── What is sent ──────────────────────────────────────────────────────────────────────────

const DAY = 86_400_000;
const recentTime = fc.integer({ min: Date.now() - 30 * DAY, max: Date.now() + DAY }).map((ms) => new Date(ms).toISOString());

/** Values that are wrong somewhere: wrong types, extremes, control characters, bad dates. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, '', ' '),
  fc.constantFrom('\u0000', 'a\u0007b', 'x\u001b[31m', '\ud800', 'line\nbreak', '\u202e\u200b', '=HYPERLINK("x")', 'a;=1'),
  fc.constantFrom('2026-13-45T99:99:99Z', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', 'yesterday', '1e3', 'NaN', 'Infinity'),
  fc.constantFrom('99999999999999999999.99', '90071992547409.91', '-5', '0', '0.001', '12.5', 'ZZZ', 'eur', 'EUR'),
  fc.constant('x'.repeat(70_000)),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  recentTime,
  fc.jsonValue({ maxDepth: 3 }),
);

/** A valid body per route, for mutations that keep most of the shape. */
const EXAMPLES: Partial<Record<RouteKey, unknown>> = {
  'PUT /api/campaign': EXAMPLE_CAMPAIGN,
  'POST /api/sources': { kind: 'webhook', name: 'Form' },
  'POST /api/donations': { id: 'fz-1', amount: { value: '5.00', currency: 'EUR' }, donor: { name: 'Ada', anonymous: false }, message: 'hi' },
  'PUT /api/rates': { rates: [{ currency: 'USD', rate: '0.92' }] },
  'POST /api/rates/import': { text: 'currency,rate\nUSD,0.92' },
  'POST /api/import/donations/preview': { csv: 'date,amount,currency,donor\n2026-11-23,5.00,EUR,Ada\n' },
  'POST /api/import/donations': { csv: 'date,amount,currency,donor\n2026-11-23,5.00,EUR,Ada\n' },
  'POST /api/targets': { name: 'Brand', handles: [{ platform: 'twitch', handle: 'brandhq' }], hashtags: ['BrandHelp'], ask: 'Match', call_starts_at: new Date().toISOString() },
  'PUT /api/targets/:id': { name: 'Brand 2', hashtags: ['BrandHelp'] },
  'POST /api/targets/:id/moments': { at: new Date(Date.now() + 3_600_000).toISOString() },
  'POST /api/targets/:id/responses': { kind: 'commitment', quote: 'yes', url: 'https://example.org/x' },
  'POST /api/responses/:id/reject': { reason: 'no' },
  'POST /api/responses/:id/undo': { reason: 'oops' },
  'POST /api/invites': { role: 'viewer', name: 'Vic' },
  'PUT /api/screening/settings': { mode: 'one_pass', words: ['scam'], overlay_min: null },
  'POST /api/screening/next': { stage: 'pending' },
  'POST /api/donations/:id/screen': { decision: 'approve', reason: 'ok' },
};

/** Every path to a value inside a JSON value (objects and lists), the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...pathsOf(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

type Mutation = { pick: number; op: 'replace' | 'delete' | 'add'; value: unknown; key: string };

function mutate(example: unknown, { pick, op, value, key }: Mutation): unknown {
  const copy = structuredClone(example) as unknown;
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length] ?? [];
  if (path.length === 0) return op === 'replace' ? value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (op === 'replace') parent[last] = value;
  else if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const holder = parent[last];
    if (typeof holder === 'object' && holder !== null && !Array.isArray(holder)) (holder as Record<string, unknown>)[key] = value;
    else parent[key] = value;
  }
  return copy;
}

const mutation = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const),
  value: nasty,
  key: fc.oneof(fc.constantFrom('extra', '__proto__', 'constructor', 'id', ''), fc.string({ maxLength: 10 })),
});

const deepNesting = fc.integer({ min: 20, max: 5_000 }).map((n) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`);

/** A raw body: garbage text, any JSON, deep nesting, or the route's example with one thing wrong. */
function bodyFor(key: RouteKey): fc.Arbitrary<string | undefined> {
  const example = EXAMPLES[key] ?? {};
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: deepNesting },
    { weight: 5, arbitrary: mutation.map((m) => JSON.stringify(mutate(example, m)) ?? 'null') },
  );
}

/** Query values: the route's own names and strangers, with awkward values. */
function queryFor(key: RouteKey): fc.Arbitrary<string> {
  const schema = ROUTE_SCHEMAS[key].query as unknown as { shape?: Record<string, unknown> };
  const names = Object.keys(schema.shape ?? {});
  const value = fc.oneof(
    fc.constantFrom('', '0', '1', '-1', '50', '201', '1e3', '99999999999999999999', 'pending', 'denied', 'marathon', '1h', '*', '%00', '\u0000'),
    fc.constantFrom('-271821-04-20T00:00:00Z', '2026-13-45T99:99:99Z', 'yesterday', 'x'.repeat(5_000)),
    recentTime,
    fc.string({ maxLength: 30 }),
  );
  const stranger = fc.string({ maxLength: 8 });
  const own = names.length > 0 ? fc.constantFrom(...names) : stranger;
  const pairs = (name: fc.Arbitrary<string>) => fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 3 }).map((list) => new URLSearchParams(list).toString());
  // Mostly no query or the route's own names, so that bodies get past the query's check too.
  if (names.length === 0) return fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: pairs(stranger) });
  return fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 3, arbitrary: pairs(own) }, { weight: 1, arbitrary: pairs(fc.oneof(own, stranger)) });
}

/** What fills a route's :id: a known id, a stranger, or broken encoding. */
function pathFor(key: RouteKey): fc.Arbitrary<string> {
  const { path } = splitRouteKey(key);
  if (!path.includes(':id')) return fc.constant(path);
  const kind = path.startsWith('/api/targets') ? 'target' : path.startsWith('/api/responses') ? 'response' : path.startsWith('/api/invites') ? 'invite' : 'donation';
  const id = fc.oneof(
    fc.constantFrom(...(known[kind] ?? ['x'])).map(encodeURIComponent),
    fc.constantFrom('0', '-1', '99999999999999999999', '1.5', 'x'.repeat(2_000), '%00', '%E0%A4%A', '%', '..', '%2F'),
    fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  );
  return id.map((value) => path.replace(':id', value));
}

// ── What is checked ───────────────────────────────────────────────────────────────────────

function totalsNow(): string {
  const { updated_at: _updated, ...totals } = t.core.services.donations.totals();
  return JSON.stringify(totals);
}

async function send(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${t.core.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined || method === 'GET' ? {} : { body }),
  });
  return { status: response.status, text: await response.text() };
}

/** A 2xx, or a 4xx with { error: { code, message } }: never a 5xx. */
function checkAnswer(what: string, answer: { status: number; text: string }): void {
  assert.ok(answer.status < 500, `${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  if (answer.status >= 400) {
    const parsed = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    assert.equal(typeof parsed.error?.code, 'string', `${what}: ${answer.text.slice(0, 200)}`);
    assert.equal(typeof parsed.error?.message, 'string', `${what}: ${answer.text.slice(0, 200)}`);
  }
}

async function stillAnswers(): Promise<void> {
  const health = await send('GET', '/api/health', undefined, { authorization: `Bearer ${TEST_TOKEN}` });
  assert.equal(health.status, 200, 'the server still answers');
}

async function fuzz<T>(arbitrary: fc.Arbitrary<T>, run: (value: T) => Promise<void>, runs = RUNS): Promise<void> {
  try {
    await fc.assert(fc.asyncProperty(arbitrary, run), { seed: SEED, numRuns: runs, endOnFailure: true });
  } catch (error) {
    throw new Error(`fuzzing failed; replay with FUZZ_SEED=${SEED}\n${error instanceof Error ? error.message : String(error)}`);
  }
}

describe(`fuzzing every route and webhook receiver (seed ${SEED}, ${RUNS} runs each)`, () => {
  const routes = (Object.keys(ROUTE_SCHEMAS) as RouteKey[]).filter((key) => !SKIPPED.has(key));

  it('answers every route with a 2xx or a JSON 4xx, and refused input changes no total', async () => {
    for (const key of routes) {
      const { method } = splitRouteKey(key);
      const statuses = new Map<number, number>();
      await fuzz(fc.tuple(pathFor(key), queryFor(key), bodyFor(key)), async ([path, query, body]) => {
        const before = totalsNow();
        const url = query ? `${path}?${query}` : path;
        const answer = await send(method, url, body, { authorization: `Bearer ${TEST_TOKEN}` });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        checkAnswer(`${method} ${url} with ${String(body).slice(0, 200)}`, answer);
        if (answer.status >= 400) assert.equal(totalsNow(), before, `${key} refused (${answer.status}) but the totals moved`);
      });
      if (REPORT) console.log(`${key}: ${[...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`);
      await stillAnswers();
    }
    const totals = await send('GET', '/api/totals', undefined, { authorization: `Bearer ${TEST_TOKEN}` });
    assert.equal(totals.status, 200);
  });

  it('answers any path and method under /api/, /hooks/ and /assets/ without a 5xx', async () => {
    // "/" and /overlay/ are left out: they answer 500 while the renderer is not built (npm test builds it first).
    const segment = fc.oneof(
      fc.constantFrom('%E0%A4%A', '%', '%00', '..', '%2e%2e', '%2F', 'x'.repeat(3_000), 'targets', 'responses', 'donations', hookId),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      prefix: fc.constantFrom('/api/', '/hooks/', '/assets/', '/api/targets/', '/api/donations/'),
      segments: fc.array(segment, { maxLength: 4 }),
      body: fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
    });
    await fuzz(request, async ({ method, prefix, segments, body }) => {
      const path = `${prefix}${segments.join('/')}`;
      const answer = await send(method, path, body, { authorization: `Bearer ${TEST_TOKEN}` });
      checkAnswer(`${method} ${path.slice(0, 200)}`, answer);
    }, RUNS * 3);
    await stillAnswers();
  });

  it('answers the generic webhook with a 2xx or a JSON 4xx for validly signed garbage', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      deepNesting,
      mutation.map((m) => JSON.stringify(mutate(donationBody('hook-1', '5.00'), m)) ?? 'null'),
    );
    await fuzz(body, async (raw) => {
      const before = totalsNow();
      const timestamp = Math.floor(Date.now() / 1000);
      const answer = await send('POST', `/hooks/${hookId}`, raw, {
        'x-telethon-timestamp': String(timestamp),
        'x-telethon-signature': signGeneric(hookSecret, timestamp, raw),
      });
      checkAnswer(`webhook with ${raw.slice(0, 200)}`, answer);
      if (answer.status >= 400) assert.equal(totalsNow(), before, 'a refused webhook moved the totals');
    }, RUNS * 2);
    await stillAnswers();
  });

  it('answers the Tiltify webhook with a 2xx or a JSON 4xx for validly signed garbage', async () => {
    const example = {
      meta: { event_type: 'public:direct:donation_updated', generated_at: new Date().toISOString(), id: 'evt-1' },
      data: { id: 'don-1', amount: { value: '5.00', currency: 'EUR' }, donor_name: 'Ada', donor_comment: 'hi', completed_at: new Date().toISOString(), campaign_id: 'undefined' },
    };
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      deepNesting,
      mutation.map((m) => JSON.stringify(mutate(example, m)) ?? 'null'),
    );
    await fuzz(body, async (raw) => {
      const before = totalsNow();
      const timestamp = new Date().toISOString();
      const answer = await send('POST', `/hooks/${tiltifyId}`, raw, {
        'x-tiltify-timestamp': timestamp,
        'x-tiltify-signature': signTiltify(TILTIFY_KEY, timestamp, raw),
      });
      checkAnswer(`Tiltify webhook with ${raw.slice(0, 200)}`, answer);
      if (answer.status >= 400) assert.equal(totalsNow(), before, 'a refused Tiltify webhook moved the totals');
    }, RUNS * 2);
    await stillAnswers();
  });
});
