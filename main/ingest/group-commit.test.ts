import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { CurrencyCode } from '../../shared/currencies.js';
import { saveCampaign } from '../campaign/campaign.js';
import { DonationQueries } from '../donations/queries.js';
import { Sources } from '../sources/sources.js';
import { type Db, isStorageFailure, openDatabase } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { type Committed, type DonationEvent, Ingest, IngestRefused } from './ingest.js';

const temp = tempDir();
after(() => temp.remove());
const EUR = 'EUR' as CurrencyCode;
const T0 = Date.parse('2026-11-23T10:00:00Z');
let file = '';
let db: Db;
let ingest: Ingest;
let counter = 0;

const donation = (overrides: Partial<DonationEvent> = {}): DonationEvent => ({
  sourceId: 'hook',
  externalId: `g${(counter += 1)}`,
  type: 'donation',
  amount: { minor: 250, currency: EUR },
  donorName: 'Ada',
  anonymous: false,
  message: 'for the camp',
  occurredAt: T0,
  ...overrides,
});

beforeEach(() => {
  file = join(temp.path, `group-${(counter += 1)}.sqlite`);
  db = openDatabase(file);
  saveCampaign(db, { title: 't', cause: '', currency: EUR, goalMinor: 100_000, milestones: [], startsAt: T0, durationHours: 48, demo: false });
  new Sources(db).ensure('hook', 'webhook', 'Hook');
  ingest = new Ingest(db, { now: () => T0 + 5_000 });
});

describe('group commit', () => {
  it('commits donations that arrive together in one transaction, each answered for itself', async () => {
    const commits: Committed[] = [];
    ingest.onCommitted((change) => commits.push(change));
    const tooLarge = donation({ amount: { minor: 2_000_000_000_000, currency: EUR } });
    const events = Array.from({ length: 300 }, () => donation());
    // A redelivery inside the same group, and a donation the ingest refuses in its middle.
    const answers = await Promise.allSettled([
      ...events.slice(0, 150).map((e) => ingest.commitDonation(e)),
      ingest.commitDonation(tooLarge),
      ingest.commitDonation({ ...events[3]!, amount: { minor: 999, currency: EUR } }),
      ...events.slice(150).map((e) => ingest.commitDonation(e)),
    ]);
    const refused = answers[150];
    assert.equal(refused?.status, 'rejected');
    assert.ok(refused.status === 'rejected' && refused.reason instanceof IngestRefused && refused.reason.code === 'amount_too_large');
    const outcomes = answers.filter((a) => a.status === 'fulfilled').map((a) => (a as PromiseFulfilledResult<{ status: string }>).value.status);
    assert.equal(outcomes.filter((s) => s === 'created').length, 300);
    assert.deepEqual(outcomes.filter((s) => s === 'duplicate'), ['duplicate']);
    const totals = new DonationQueries(db).totals();
    assert.equal(totals.donations, 300);
    assert.equal(totals.raised.value, '750.00');
    // Every created donation is announced once, after its commit.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(commits.filter((c) => c.kind === 'donation').length, 300);
    // One transaction for the group, not one per donation: each commit writes at least one WAL
    // frame (the one that marks the commit), so a hundred commits would write a hundred or more.
    db.pragma('wal_checkpoint(TRUNCATE)');
    await Promise.all(Array.from({ length: 100 }, () => ingest.commitDonation(donation())));
    const [wal] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    assert.ok(wal && wal.log > 0 && wal.log < 30, `${wal?.log} WAL frames for 100 donations`);
  });

  it('answers each sender only once its donation can be read from another connection', async () => {
    const other = new Database(file, { readonly: true });
    try {
      const count = other.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM events WHERE external_id = ?');
      const checks = await Promise.all(
        Array.from({ length: 50 }, () => donation()).map((event) => ingest.commitDonation(event).then(() => count.get(event.externalId)?.n)),
      );
      assert.deepEqual(checks, Array(50).fill(1));
    } finally {
      other.close();
    }
  });

  it('refuses the whole group when storage fails, and stores it exactly once when retried', async () => {
    // Another program holds the write lock longer than the busy timeout: SQLITE_BUSY.
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    const events = Array.from({ length: 20 }, () => donation());
    const failed = await Promise.allSettled(events.map((e) => ingest.commitDonation(e)));
    assert.ok(failed.every((a) => a.status === 'rejected' && isStorageFailure(a.reason)), 'every sender is told to retry');
    holder.exec('ROLLBACK');
    holder.close();
    assert.equal(new DonationQueries(db).totals().donations, 0, 'nothing of the failed group was kept');
    const retried = await Promise.all(events.map((e) => ingest.commitDonation(e)));
    assert.ok(retried.every((o) => o.status === 'created'));
    const again = await Promise.all(events.map((e) => ingest.commitDonation(e)));
    assert.ok(again.every((o) => o.status === 'duplicate'));
    assert.equal(new DonationQueries(db).totals().donations, 20);
  });

  it('commits what is still queued when it closes', async () => {
    const pending = Array.from({ length: 10 }, () => ingest.commitDonation(donation()));
    ingest.close();
    assert.ok((await Promise.all(pending)).every((o) => o.status === 'created'));
    assert.equal(new DonationQueries(db).totals().donations, 10);
    await assert.rejects(ingest.commitDonation(donation()), /closed/);
  });
});
