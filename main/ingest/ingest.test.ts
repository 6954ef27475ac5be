import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import type { CurrencyCode } from '../../shared/currencies.js';
import { saveCampaign } from '../campaign/campaign.js';
import { MinuteQueries } from '../chat/stats.js';
import { DonationQueries } from '../donations/queries.js';
import { seedDefaultRates } from '../rates/rates.js';
import { convertPending } from '../rates/convert-pending.js';
import { Sources } from '../sources/sources.js';
import { type Db, openDatabase } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { type DonationEvent, Ingest, IngestRefused } from './ingest.js';

const temp = tempDir();
after(() => temp.remove());
const EUR = 'EUR' as CurrencyCode;
const T0 = Date.parse('2026-11-23T10:00:00Z');

let db: Db;
let ingest: Ingest;
let counter = 0;

function donation(overrides: Partial<DonationEvent> = {}): DonationEvent {
  return {
    sourceId: 'hook',
    externalId: `d${(counter += 1)}`,
    type: 'donation',
    amount: { minor: 1000, currency: EUR },
    donorName: 'Ada',
    anonymous: false,
    message: null,
    occurredAt: T0,
    ...overrides,
  };
}

beforeEach(() => {
  db = openDatabase(join(temp.path, `ingest-${(counter += 1)}.sqlite`));
  saveCampaign(db, { title: 't', cause: '', currency: EUR, goalMinor: 100_000, milestones: [], startsAt: T0, durationHours: 48, demo: false });
  db.prepare('INSERT INTO exchange_rates (currency, rate, updated_at) VALUES (?, ?, 0), (?, ?, 0), (?, ?, 0)').run('USD', '0.86', 'JPY', '0.0055483871', 'KWD', '2.80');
  const sources = new Sources(db);
  sources.ensure('hook', 'webhook', 'Hook');
  sources.ensure('chat-a', 'demo', 'Chat A');
  sources.ensure('chat-b', 'demo', 'Chat B');
  ingest = new Ingest(db, { now: () => T0 + 5_000 });
});

const totals = () => new DonationQueries(db).totals();

describe('ingest: donations', () => {
  it('counts a redelivered donation once and says it was a duplicate', () => {
    const event = donation({ externalId: 'same' });
    const first = ingest.donation(event);
    const second = ingest.donation({ ...event, amount: { minor: 999_999, currency: EUR } });
    assert.equal(first.status, 'created');
    assert.deepEqual(second, { status: 'duplicate', seq: first.seq });
    assert.equal(totals().raised.value, '10.00');
    assert.equal(totals().donations, 1);
  });

  it('keeps the original amount and converts with a stored rate snapshot', () => {
    ingest.donation(donation({ amount: { minor: 1000, currency: 'JPY' as CurrencyCode } }));
    ingest.donation(donation({ amount: { minor: 12_345, currency: 'KWD' as CurrencyCode } }));
    const rows = db.prepare('SELECT amount_minor, currency, campaign_minor, rate FROM donations ORDER BY event_seq').all();
    assert.deepEqual(rows, [
      { amount_minor: 1000, currency: 'JPY', campaign_minor: 555, rate: '0.0055483871' },
      { amount_minor: 12_345, currency: 'KWD', campaign_minor: 3457, rate: '2.80' },
    ]);
    const t = totals();
    assert.equal(t.raised.value, '40.12');
    assert.deepEqual(t.by_currency.map((c) => [c.currency, c.amount.value, c.raised.value]).sort(), [
      ['JPY', '1000', '5.55'],
      ['KWD', '12.345', '34.57'],
    ]);
  });

  it('takes a refund back at the original rate, as a negative row, never deleting', () => {
    ingest.donation(donation({ externalId: 'orig', amount: { minor: 3333, currency: 'USD' as CurrencyCode } }));
    db.prepare("UPDATE exchange_rates SET rate = '0.5' WHERE currency = 'USD'").run();
    ingest.donation(donation({ externalId: 'ref', type: 'refund', refunds: 'orig', amount: { minor: 3333, currency: 'USD' as CurrencyCode } }));
    const t = totals();
    assert.equal(t.raised.value, '0.00');
    assert.equal(t.donations, 1);
    assert.equal(t.refunds, 1);
    assert.deepEqual(
      db.prepare('SELECT type, amount_minor, campaign_minor, rate FROM donations ORDER BY event_seq').all(),
      [
        { type: 'donation', amount_minor: 3333, campaign_minor: 2866, rate: '0.86' },
        { type: 'refund', amount_minor: -3333, campaign_minor: -2866, rate: '0.86' },
      ],
    );
  });

  it('refuses a refund larger than what remains, and stores nothing for it', () => {
    ingest.donation(donation({ externalId: 'orig' }));
    ingest.donation(donation({ externalId: 'r1', type: 'refund', refunds: 'orig', amount: { minor: 600, currency: EUR } }));
    assert.throws(
      () => ingest.donation(donation({ externalId: 'r2', type: 'refund', refunds: 'orig', amount: { minor: 500, currency: EUR } })),
      (error: unknown) => error instanceof IngestRefused && error.code === 'refund_too_large',
    );
    assert.deepEqual(db.prepare("SELECT count(*) AS n FROM events WHERE external_id = 'r2'").get(), { n: 0 });
    assert.equal(totals().raised.value, '4.00');
  });

  it('holds a donation with no known rate out of the total until a rate is set, then converts it', () => {
    ingest.donation(donation({ amount: { minor: 50_000, currency: 'HUF' as CurrencyCode } }));
    let t = totals();
    assert.equal(t.raised.value, '0.00');
    assert.equal(t.by_currency.find((c) => c.currency === 'HUF')?.unconverted, 1);
    const converted = convertPending(db, [{ currency: 'HUF' as CurrencyCode, rate: '0.0026' }], EUR);
    assert.equal(converted, 1);
    t = totals();
    assert.equal(t.raised.value, '1.30');
    assert.equal(t.by_currency.find((c) => c.currency === 'HUF')?.unconverted, 0);
    const minute = new MinuteQueries(db, ingest.chatters).points(Math.floor(T0 / 60_000), Math.floor(T0 / 60_000));
    assert.equal(minute[0]?.raised_minor, 130);
  });

  it('refuses money before there is a campaign', () => {
    db.prepare('DELETE FROM campaign').run();
    assert.throws(() => ingest.donation(donation()), (error: unknown) => error instanceof IngestRefused && error.code === 'no_campaign');
  });

  it('keeps totals equal to the sum of the donations after many mixed events', () => {
    seedDefaultRates(db, EUR);
    const currencies = ['EUR', 'USD', 'JPY', 'KWD', 'GBP'] as CurrencyCode[];
    for (let i = 0; i < 500; i += 1) {
      ingest.donation(donation({ externalId: `m${i % 400}`, amount: { minor: 1 + ((i * 7919) % 100_000), currency: currencies[i % 5]! }, occurredAt: T0 + i * 7_000 }));
    }
    const sum = db.prepare<[], { raised: number; n: number }>('SELECT SUM(campaign_minor) AS raised, count(*) AS n FROM donations').get();
    assert.equal(sum?.n, 400);
    const t = totals();
    assert.equal(t.donations, 400);
    assert.equal(t.raised.value, (sum!.raised / 100).toFixed(2));
    const perMinute = db.prepare<[], { raised: number }>("SELECT SUM(raised_minor) AS raised FROM minute_rollups WHERE source_id = '*'").get();
    assert.equal(perMinute?.raised, sum?.raised);
  });
});

describe('ingest: chat', () => {
  const message = (source: string, id: string, user: string, at = T0) => ({
    sourceId: source,
    externalId: id,
    userKey: user,
    displayName: user,
    text: 'hello #ErdoganHelpRohingya',
    occurredAt: at,
  });

  it('batches chat, drops duplicates by id, and counts messages and distinct chatters per minute', () => {
    ingest.chat(message('chat-a', '1', 'ayse'));
    ingest.chat(message('chat-a', '2', 'ayse'));
    ingest.chat(message('chat-a', '2', 'ayse'));
    ingest.chat(message('chat-b', '1', 'ayse'));
    ingest.chat(message('chat-b', '2', 'kemal'));
    ingest.chat(message('chat-b', '3', 'kemal', T0 + 60_000));
    assert.equal(ingest.pendingChat, 6);
    assert.equal(ingest.flushChat(), 5);
    ingest.chat(message('chat-a', '1', 'ayse'));
    assert.equal(ingest.flushChat(), 0);

    const rows = db.prepare('SELECT minute, source_id, messages, chatters FROM minute_rollups ORDER BY minute, source_id').all();
    const m = Math.floor(T0 / 60_000);
    assert.deepEqual(rows, [
      { minute: m, source_id: '*', messages: 4, chatters: 2 },
      { minute: m, source_id: 'chat-a', messages: 2, chatters: 1 },
      { minute: m, source_id: 'chat-b', messages: 2, chatters: 2 },
      { minute: m + 1, source_id: '*', messages: 1, chatters: 1 },
      { minute: m + 1, source_id: 'chat-b', messages: 1, chatters: 1 },
    ]);
    const stats = new MinuteQueries(db, ingest.chatters).stats(T0, T0 + 60_000);
    assert.equal(stats.messages, 5);
    assert.equal(stats.chatters, 2);
  });

  it('commits queued chat by itself within the flush interval', async () => {
    const quick = new Ingest(db, { chatFlushMs: 20 });
    const committed = new Promise<void>((resolve) => quick.onCommitted((change) => change.kind === 'chat' && resolve()));
    quick.chat(message('chat-a', 'timer', 'ayse'));
    await committed;
    assert.equal(quick.pendingChat, 0);
    assert.deepEqual(db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'chat'").get(), { n: 1 });
  });

  it('stores emoji walls and any script as text, clipped to a sane length', () => {
    const wall = '🧱'.repeat(3_000);
    ingest.chat({ ...message('chat-a', 'wall', 'юлия'), text: wall, displayName: 'جمال' });
    ingest.flushChat();
    const row = db.prepare<[], { text: string; display_name: string }>("SELECT body AS text, actor_name AS display_name FROM events WHERE kind = 'chat'").get();
    assert.equal(row?.display_name, 'جمال');
    assert.ok(row && row.text.length <= 2_000 && row.text.startsWith('🧱'));
  });

  it('flushes queued chat before a donation so the log keeps arrival order', () => {
    ingest.chat(message('chat-a', 'before', 'ayse'));
    const outcome = ingest.donation(donation());
    const chatSeq = db.prepare<[], { seq: number }>("SELECT seq FROM events WHERE external_id = 'before'").get();
    assert.ok(chatSeq && chatSeq.seq < outcome.seq);
  });

  const distinctAt = (d: Db, chatters: Ingest['chatters'], from: number, to: number) => new MinuteQueries(d, chatters).stats(from, to).chatters;

  it('keeps distinct chatters exact across a crash before the sets were saved', () => {
    for (let i = 0; i < 30; i += 1) ingest.chat(message('chat-a', `c${i}`, `user${i % 10}`, T0 + i * 1_000));
    ingest.flushChat();
    // No close(): a crash. A new process on the same file replays what the sets had not saved.
    const after = new Ingest(db, { now: () => T0 + 60_000 });
    assert.equal(distinctAt(db, after.chatters, T0, T0), 10);
    // the same ten people again in the same minute are not new; two new ones are
    for (let i = 0; i < 12; i += 1) after.chat(message('chat-b', `d${i}`, `user${i}`, T0 + 40_000));
    after.flushChat();
    const m = Math.floor(T0 / 60_000);
    assert.deepEqual(db.prepare("SELECT chatters FROM minute_rollups WHERE minute = ? AND source_id = '*'").get(m), { chatters: 12 });
    assert.equal(distinctAt(db, after.chatters, T0, T0), 12);
    after.close();
    const third = new Ingest(db);
    assert.equal(distinctAt(db, third.chatters, T0, T0), 12);
  });

  it('counts nobody twice when a batch fails and is retried', () => {
    ingest.chat(message('chat-a', 'ok-1', 'ayse'));
    ingest.flushChat();
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.pragma(`max_page_count = ${pages}`);
    for (let i = 0; i < 3_000; i += 1) ingest.chat({ ...message('chat-a', `big-${i}`, `person${i}`), text: 'x'.repeat(1_500) });
    assert.throws(() => ingest.flushChat(), /full/);
    assert.equal(ingest.pendingChat, 3_000, 'the failed batch must be kept for retry');
    db.pragma('max_page_count = 1073741823');
    assert.equal(ingest.flushChat(), 3_000);
    const m = Math.floor(T0 / 60_000);
    assert.deepEqual(db.prepare("SELECT messages, chatters FROM minute_rollups WHERE minute = ? AND source_id = '*'").get(m), { messages: 3_001, chatters: 3_001 });
    assert.equal(distinctAt(db, ingest.chatters, T0, T0), 3_001);
  });

  it('counts a late message for a closed minute against that minute', () => {
    for (let minute = 0; minute < 10; minute += 1) ingest.chat(message('chat-a', `p${minute}`, `u${minute}`, T0 + minute * 60_000));
    ingest.flushChat();
    ingest.chat(message('chat-a', 'late', 'late-user', T0));
    ingest.chat(message('chat-a', 'late-again', 'u0', T0));
    ingest.flushChat();
    const m = Math.floor(T0 / 60_000);
    assert.deepEqual(db.prepare("SELECT messages, chatters FROM minute_rollups WHERE minute = ? AND source_id = '*'").get(m), { messages: 3, chatters: 2 });
    assert.equal(distinctAt(db, ingest.chatters, T0, T0 + 9 * 60_000), 11);
  });
});
