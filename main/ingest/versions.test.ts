import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import type { CurrencyCode } from '../../shared/currencies.js';
import { saveCampaign } from '../campaign/campaign.js';
import { exportDonationsCsv, exportDonationsJson } from '../donations/export.js';
import type { DonationExport } from '../../shared/views.js';
import { DonationQueries } from '../donations/queries.js';
import { convertPending } from '../rates/convert-pending.js';
import { Sources } from '../sources/sources.js';
import { type Db, openDatabase } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { type DonationEvent, Ingest } from './ingest.js';

const temp = tempDir();
after(() => temp.remove());
const EUR = 'EUR' as CurrencyCode;
const USD = 'USD' as CurrencyCode;
const T0 = Date.parse('2026-11-23T10:00:00Z');

let db: Db;
let ingest: Ingest;
let counter = 0;

/** A version of Tiltify-like donation "tip-1" at `version` (ms). */
function version(version: number, minor: number, overrides: Partial<DonationEvent> = {}): DonationEvent {
  return {
    sourceId: 'tiltify',
    externalId: `tip-1@${new Date(version).toISOString()}`,
    type: 'donation',
    amount: { minor, currency: USD },
    donorName: 'Jirachi',
    anonymous: false,
    message: 'hello',
    occurredAt: T0,
    versioned: { key: 'tip-1', version },
    ...overrides,
  };
}

beforeEach(() => {
  db = openDatabase(join(temp.path, `versions-${(counter += 1)}.sqlite`));
  saveCampaign(db, { title: 't', cause: '', currency: EUR, goalMinor: 100_000, milestones: [], startsAt: T0, durationHours: 48, demo: false });
  db.prepare("INSERT INTO exchange_rates (currency, rate, updated_at) VALUES ('USD', '0.5', 0)").run();
  new Sources(db).ensure('tiltify', 'tiltify', 'Tiltify');
  ingest = new Ingest(db, { now: () => T0 + 5_000 });
});

const queries = () => new DonationQueries(db);
const raisedAllMinutes = () =>
  (db.prepare("SELECT SUM(raised_minor) AS n FROM minute_rollups WHERE source_id = '*'").get() as { n: number }).n;
const events = () => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;

describe('ingest: versions of a platform donation', () => {
  it('takes the same content again (webhook and polling) as a duplicate and stores nothing', () => {
    const first = ingest.donation(version(T0 + 1_000, 8295));
    const again = ingest.donation(version(T0 + 9_000, 8295));
    assert.equal(first.effect, 'donation');
    assert.equal(again.status, 'duplicate');
    assert.equal(again.seq, first.seq);
    assert.equal(events(), 1);
    assert.equal(queries().totals().raised.value, '41.48');
  });

  it('corrects a donation with a newer version: one donation, the new amount, the totals and rollups moved', () => {
    const first = ingest.donation(version(T0 + 1_000, 8295));
    const newer = ingest.donation(version(T0 + 2_000, 10000, { message: 'edited' }));
    assert.equal(newer.status, 'created');
    assert.equal(newer.effect, 'correction');
    assert.equal(newer.donationSeq, first.seq);
    const totals = queries().totals();
    assert.equal(totals.donations, 1);
    assert.equal(totals.raised.value, '50.00');
    assert.equal(raisedAllMinutes(), 5000);
    const shown = queries().get(first.seq);
    assert.deepEqual(shown?.amount, { value: '100.00', currency: 'USD' });
    assert.equal(shown?.message, 'edited');
    assert.equal(shown?.external_id, 'tip-1');
  });

  it('ends in the newest version when updates arrive out of order, keeping the older one on record', () => {
    ingest.donation(version(T0 + 1_000, 1000));
    ingest.donation(version(T0 + 3_000, 3000, { message: 'third' }));
    const late = ingest.donation(version(T0 + 2_000, 2000, { message: 'second' }));
    assert.equal(late.status, 'created');
    assert.equal(late.effect, 'superseded');
    const [shown] = queries().list();
    assert.equal(shown?.amount.value, '30.00');
    assert.equal(shown?.message, 'third');
    assert.equal(queries().totals().raised.value, '15.00');
    assert.equal(events(), 3, 'every version is in the append-only log');
    // The late version redelivered is a plain duplicate.
    assert.equal(ingest.donation(version(T0 + 2_000, 2000, { message: 'second' })).status, 'duplicate');
  });

  it('refunds what a corrected donation now is, at the original rate', () => {
    ingest.donation(version(T0 + 1_000, 1000));
    ingest.donation(version(T0 + 2_000, 4000));
    const refund = { ...version(T0, 4000), externalId: 'refund-1', type: 'refund' as const, refunds: 'tip-1' };
    delete refund.versioned;
    assert.equal(ingest.donation(refund).status, 'created');
    assert.equal(queries().totals().raised.value, '0.00');
    assert.equal(queries().list()[0]?.refunds, 'tip-1');
  });

  it('converts a correction that waited for a rate together with its donation', () => {
    const jpy = (v: number, minor: number) => version(v, minor, { amount: { minor, currency: 'JPY' as CurrencyCode } });
    ingest.donation(jpy(T0 + 1_000, 1000));
    ingest.donation(jpy(T0 + 2_000, 1500));
    assert.equal(queries().totals().raised.value, '0.00');
    assert.equal(convertPending(db, [{ currency: 'JPY' as CurrencyCode, rate: '0.006' }], EUR), 1);
    assert.equal(queries().totals().raised.value, '9.00');
    assert.equal(raisedAllMinutes(), 900);
  });

  it('refuses a version in another currency and stores nothing', () => {
    ingest.donation(version(T0 + 1_000, 1000));
    assert.throws(() => ingest.donation(version(T0 + 2_000, 1000, { amount: { minor: 1000, currency: EUR } })), /counted in USD/);
    assert.equal(events(), 1);
  });

  it('exports in pages (issue 12: bounded work) the same rows, in seq order, as in one piece', async () => {
    ingest.donation(version(T0 + 1_000, 8295));
    ingest.donation({ ...version(0, 100), externalId: 'plain-1', versioned: undefined });
    ingest.donation(version(T0 + 9_000, 9000));
    ingest.donation({ ...version(0, 300), externalId: 'plain-2', versioned: undefined });
    ingest.donation(version(T0 + 5_000, 7000));
    const whole = JSON.parse((await exportDonationsJson(db, T0, 1_000)).join('')) as DonationExport;
    const paged = JSON.parse((await exportDonationsJson(db, T0, 2)).join('')) as DonationExport;
    assert.equal(whole.rows.length, 5);
    assert.deepEqual(paged, whole);
    const csv = (await exportDonationsCsv(db, 2)).join('');
    assert.equal(csv, (await exportDonationsCsv(db, 1_000)).join(''));
    assert.equal(csv.split('\r\n').length, 1 + 5 + 1);
    assert.deepEqual(whole.rows.map((r) => r.seq), [...whole.rows.map((r) => r.seq)].sort((a, b) => a - b));
    assert.deepEqual(whole.rows.map((r) => r.type), ['donation', 'donation', 'correction', 'donation', 'outdated_version']);
    assert.equal(whole.raised.value, queries().totals().raised.value);
  });
});
