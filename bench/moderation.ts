import { type CurrencyCode, isCurrencyCode } from '../shared/currencies.js';
import { createCore } from '../main/core.js';
import { MANUAL_SOURCE_ID } from '../main/sources/sources.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { percentile } from './ack.js';

const TOKEN = 'bench-owner-token-0123456789abcdef';
const EUR = ((code: string): CurrencyCode => {
  if (!isCurrencyCode(code)) throw new Error(`${code} is not a currency`);
  return code;
})('EUR');

export interface ModerationRun {
  donations: number;
  pending: number;
  seedSeconds: number;
  /** Sorted latencies in ms per query. */
  queries: Record<string, number[]>;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * The moderators' room over a big marathon: `count` donations through the real ingest (a third
 * without a message, which the rules approve; some caught by the word list; the rest waiting),
 * then each screening query over HTTP as the dashboard calls it, and the moderator's cycle
 * (next + decision, both durable) repeated. GET /api/health is the HTTP baseline.
 */
export async function moderationLatencies(dir: string, count: number, rounds = 200): Promise<ModerationRun> {
  const core = await createCore({ dataDir: dir, port: 0, ownerToken: TOKEN, backupIntervalMs: 3_600_000, log: () => {} });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${core.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  };
  try {
    await call('PUT', '/api/campaign', EXAMPLE_CAMPAIGN);
    await call('PUT', '/api/screening/settings', { words: ['scam', 'free money', 'spoiler'] });
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const silent = i % 3 === 0;
      core.services.acceptDonation({
        sourceId: MANUAL_SOURCE_ID,
        externalId: `bench-${i}`,
        type: 'donation',
        amount: { minor: 500 + (i % 10_000), currency: EUR },
        donorName: silent && i % 2 === 0 ? null : `Donor ${i % 4_000}`,
        anonymous: silent && i % 2 === 0,
        message: silent ? null : i % 97 === 0 ? 'free money here' : `Keep going, hour ${i % 48}! #Water${i % 7}`,
        occurredAt: Date.now() - (count - i) * 3_000,
        payload: null,
      });
      // The rules run just after each acknowledgement; let them, as the server's loop would.
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 50));
    const seedSeconds = ms(started) / 1000;
    const view = (await call('GET', '/api/screening')) as { counts: { pending: number } };

    const queries: Record<string, number[]> = {};
    const time = async (name: string, run: () => Promise<unknown>) => {
      const list: number[] = [];
      for (let i = 0; i < rounds + 10; i++) {
        const start = process.hrtime.bigint();
        await run();
        if (i >= 10) list.push(ms(start));
      }
      queries[name] = list.sort((a, b) => a - b);
    };
    await time('GET /api/health (HTTP baseline)', () => call('GET', '/api/health'));
    await time('GET /api/screening (counts, claims, rules)', () => call('GET', '/api/screening'));
    await time('GET /api/screening/queue, 60 oldest pending', () => call('GET', '/api/screening/queue?stage=pending&limit=60'));
    await time('GET /api/screening/queue, 60 oldest approved', () => call('GET', '/api/screening/queue?stage=approved&limit=60'));
    await time('moderator cycle: next + approve (durable)', async () => {
      const next = (await call('POST', '/api/screening/next', { stage: 'pending' })) as { item: { donation: { id: number } } | null };
      if (!next.item) throw new Error('the queue ran dry');
      await call('POST', `/api/donations/${next.item.donation.id}/screen`, { decision: 'approve' });
    });
    await time('GET /api/audit, newest 100', () => call('GET', '/api/audit?limit=100'));
    await time('staff snapshot (a dashboard connecting)', async () => core.services.hub.staffSnapshot('owner'));
    return { donations: count, pending: view.counts.pending, seedSeconds, queries };
  } finally {
    await core.close();
  }
}

export function describeLatencies(list: number[]): { p50: number; p95: number; max: number } {
  return { p50: percentile(list, 50), p95: percentile(list, 95), max: list[list.length - 1] ?? Number.NaN };
}
