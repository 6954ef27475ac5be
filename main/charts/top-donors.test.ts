import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CurrencyCode } from '../../shared/currencies.js';
import { saveCampaign } from '../campaign/campaign.js';
import { type DonationEvent, Ingest } from '../ingest/ingest.js';
import { convertPending } from '../rates/convert-pending.js';
import { Sources } from '../sources/sources.js';
import { type Db, openDatabase } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { prng } from '../testing/marathon-seed.js';

const temp = tempDir();
after(() => temp.remove());
const EUR = 'EUR' as CurrencyCode;
const USD = 'USD' as CurrencyCode;
const T0 = Date.parse('2026-11-23T10:00:00Z');

/**
 * The sums as the top donors list made them before donor_totals, from every donation line at
 * once: each donation and refund (a refund under the donor it refunds) in campaign currency with
 * its applied corrections, under the donor's current name; anonymous and unnamed together ('').
 */
function summedFromScratch(db: Db) {
  return db
    .prepare(
      `SELECT COALESCE(name, '') AS donor, SUM(minor) AS total_minor, SUM(is_donation) AS donations, MIN(owner_seq) AS first_seq, COUNT(*) AS lines
       FROM (SELECT w.event_seq AS owner_seq,
                    CASE WHEN (CASE WHEN s.donation_seq IS NULL THEN w.anonymous ELSE s.anonymous END) = 1 THEN NULL
                         ELSE NULLIF(TRIM(CASE WHEN s.donation_seq IS NULL THEN w.donor_name ELSE s.donor_name END), '') END AS name,
                    d.campaign_minor + COALESCE(c.delta, 0) AS minor, d.type = 'donation' AS is_donation
             FROM donations d
             JOIN donations w ON w.event_seq = COALESCE(d.refunds_seq, d.event_seq)
             LEFT JOIN donation_state s ON s.donation_seq = w.event_seq
             LEFT JOIN (SELECT donation_seq, SUM(campaign_delta_minor) AS delta FROM donation_corrections WHERE applied = 1 GROUP BY donation_seq) c
               ON c.donation_seq = d.event_seq
             WHERE d.campaign_minor IS NOT NULL)
       GROUP BY 1 ORDER BY 1`,
    )
    .all();
}

const kept = (db: Db) => db.prepare('SELECT donor, total_minor, donations, first_seq, lines FROM donor_totals ORDER BY donor').all();

describe('donor totals', () => {
  it('equal the sums from scratch through refunds, renames, anonymity, corrections and rate conversions', () => {
    const db = openDatabase(join(temp.path, 'donors.sqlite'));
    saveCampaign(db, { title: 't', cause: '', currency: EUR, goalMinor: 10_000_000, milestones: [], startsAt: T0, durationHours: 48, demo: false });
    const sources = new Sources(db);
    sources.ensure('form', 'webhook', 'Form');
    sources.ensure('tiltify', 'tiltify', 'Tiltify');
    const ingest = new Ingest(db, { now: () => T0 });
    const random = prng(11);
    const names = ['Ada', 'Bob', ' Ada ', '', '   ', 'Carl', '<b>Dana</b>', null];
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const check = (label: string) => assert.deepEqual(kept(db), summedFromScratch(db), label);
    for (let i = 0; i < 300; i += 1) {
      const gift: DonationEvent = {
        sourceId: 'form', externalId: `gift-${i}`, type: 'donation', amount: { minor: 100 + Math.floor(random() * 5_000), currency: random() < 0.3 ? USD : EUR },
        donorName: pick(names), anonymous: random() < 0.15, message: null, occurredAt: T0 + i * 1_000,
      };
      ingest.donation(gift);
      if (random() < 0.1) ingest.donation({ ...gift, externalId: `refund-${i}`, type: 'refund', refunds: gift.externalId });
    }
    check('donations and refunds');
    // Platform donations whose later versions change the amount, the name or the anonymity; some
    // arrive out of order (an older version: recorded, not applied).
    for (let i = 0; i < 60; i += 1) {
      const currency = i % 3 === 0 ? USD : EUR;
      const version = (v: number, minor: number, donorName: string | null, anonymous: boolean): DonationEvent => ({
        sourceId: 'tiltify', externalId: `tip-${i}@${v}`, type: 'donation', amount: { minor, currency }, donorName, anonymous,
        message: null, occurredAt: T0 + i * 7_000, versioned: { key: `tip-${i}`, version: v },
      });
      // Pat's first counted donation (tip-1: tip-0 waits for a USD rate) is renamed away, so Pat then gave first
      // with tip-2; each Solo donor is renamed away entirely.
      const first = i < 4 ? 'Pat' : i % 5 === 0 ? `Solo ${i}` : pick(names);
      ingest.donation(version(10, 1_000 + i, first, false));
      if (i % 4 === 0) ingest.donation({ sourceId: 'tiltify', externalId: `tip-refund-${i}`, type: 'refund', amount: { minor: 1_000 + i, currency }, donorName: null, anonymous: false, message: null, occurredAt: T0 + i * 7_000 + 500, refunds: `tip-${i}@10` });
      const later = () => (i === 1 || first?.startsWith('Solo') ? 'Bob' : first === 'Pat' ? 'Pat' : pick(names));
      ingest.donation(version(20, 1_500 + i, later(), first === 'Pat' ? false : random() < 0.3));
      ingest.donation(version(15, 900, 'Out of order', false));
      if (i % 2 === 0) ingest.donation(version(30, 1_200 + i, later(), first === 'Pat' ? false : random() < 0.3));
    }
    check('versions');
    assert.ok((db.prepare('SELECT count(*) AS n FROM donations WHERE campaign_minor IS NULL').get() as { n: number }).n > 0);
    convertPending(db, [{ currency: USD, rate: '0.9' }], EUR, T0);
    check('after the rate came');
    for (let i = 0; i < 60; i += 5) {
      ingest.donation({
        sourceId: 'tiltify', externalId: `tip-${i}@40`, type: 'donation', amount: { minor: 2_000, currency: i % 3 === 0 ? USD : EUR }, donorName: pick(names),
        anonymous: false, message: null, occurredAt: T0 + i * 7_000, versioned: { key: `tip-${i}`, version: 40 },
      });
    }
    check('versions after the rate');
    db.prepare("UPDATE donations SET campaign_minor = campaign_minor + 7 WHERE campaign_minor IS NOT NULL AND source_id = 'form'").run();
    check('after a repair by hand');
    assert.throws(() => db.prepare('UPDATE donations SET campaign_minor = NULL').run(), /stays counted/);
    ingest.close();
    db.close();
  });
});
