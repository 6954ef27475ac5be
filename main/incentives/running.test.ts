// The running totals of incentives and options (kept at each assignment) against a full
// recompute from every assignment, after random donations, suggestions, assignments, splits,
// reassignments, refunds, corrections and late exchange rates, on a real SQLite file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CurrencyCode } from '../../shared/currencies.js';
import { formatMinor } from '../../shared/money.js';
import { saveCampaign } from '../campaign/campaign.js';
import { type DonationEvent, Ingest, IngestRefused } from '../ingest/ingest.js';
import type { Caller } from '../people/invites.js';
import { convertPending } from '../rates/convert-pending.js';
import { AuditLog } from '../screening/audit.js';
import { Sources } from '../sources/sources.js';
import { openDatabase } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { IncentiveDesk } from './desk.js';
import { IncentiveRefused } from './incentives.js';
import { assignmentTotals } from './running.js';
import { type IncentiveTotals, recomputedTotals } from './totals.js';

const temp = tempDir();
after(() => temp.remove());
const EUR = 'EUR' as CurrencyCode;
const T0 = Date.parse('2026-11-23T10:00:00Z');
const OWNER: Caller = { role: 'owner', actor: 'owner', name: 'Owner' };

/** A seeded generator (mulberry32): a failure replays with the same seed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Only what counts: zero sums and empty maps are the same as none. */
function plain(totals: IncentiveTotals) {
  const out: Record<string, { total: number; lastHour: number; options: Record<string, number> }> = {};
  for (const [id, sums] of totals.byIncentive) {
    const options = Object.fromEntries([...sums.byOption].filter(([, v]) => v !== 0).sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v]));
    if (sums.total === 0 && sums.lastHour === 0 && Object.keys(options).length === 0) continue;
    out[String(id)] = { total: sums.total, lastHour: sums.lastHour, options };
  }
  const waiting = Object.fromEntries([...totals.waiting].filter(([, v]) => v !== 0).sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v]));
  return { incentives: out, waiting };
}

describe('running incentive totals', () => {
  it('equal a full recompute after random assignments, reassignments, refunds, corrections and late rates', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
      let clock = T0;
      const now = () => clock;
      const db = openDatabase(join(temp.path, `running-${seed}.sqlite`));
      saveCampaign(db, { title: 't', cause: '', currency: EUR, goalMinor: 1_000_000, milestones: [], startsAt: T0, durationHours: 48, demo: false });
      db.prepare("INSERT INTO exchange_rates (currency, rate, updated_at) VALUES ('USD', '0.86', 0)").run();
      new Sources(db).ensure('hook', 'webhook', 'Hook');
      const ingest = new Ingest(db, { now });
      // Refunds past what is left and such are refused in words: the run goes on.
      const send = (event: DonationEvent) => {
        try {
          return ingest.donation(event);
        } catch (error) {
          if (error instanceof IngestRefused) return null;
          throw error;
        }
      };
      const desk = new IncentiveDesk(db, new AuditLog(db, now), (context, error) => assert.fail(`${context}: ${String(error)}`), now);
      ingest.setDonationTap((seq, event) => desk.suggestAtIngest(seq, event.message, event.choice ?? null));
      const created = [
        desk.incentives.create({ kind: 'incentive', name: 'Blindfold', goal: '500.00' }, OWNER),
        desk.incentives.create({ kind: 'incentive', name: 'Speedrun', goal: '80.00' }, OWNER),
        desk.incentives.create({ kind: 'bid_war', name: 'Save file', options: ['RohingyaHope', 'LoveArmy', 'Water'] }, OWNER),
        desk.incentives.create({ kind: 'bid_war', name: 'Costume', options: ['Pirate', 'Robot'] }, OWNER),
      ].map((r) => (r.ok ? r.value : assert.fail(r.error)));
      type Target = { incentive_id: number; option_id: number | null };
      const targets: Target[] = created.flatMap((i) => (i.kind === 'incentive' ? [{ incentive_id: i.id, option_id: null }] : i.options.map((o) => ({ incentive_id: i.id, option_id: o.id as number | null }))));
      const donations: { seq: number; externalId: string; minor: number; currency: CurrencyCode }[] = [];
      const versionOf = new Map<number, number>();
      let closedOne = false;

      for (let step = 0; step < 400; step += 1) {
        clock += Math.floor(next() * 90_000);
        const roll = next();
        if (roll < 0.35 || donations.length < 5) {
          const currency = pick(['EUR', 'EUR', 'USD', 'GBP'] as const) as CurrencyCode;
          const minor = 1 + Math.floor(next() * 20_000);
          const externalId = `d${step}`;
          const message = pick([null, 'go #blindfold', 'for Pirate', 'for LoveArmy!', '#speedrun please', 'for the camp']);
          const outcome = send({ sourceId: 'hook', externalId, type: 'donation', amount: { minor, currency }, donorName: 'Ada', anonymous: false, message, occurredAt: clock, versioned: { key: externalId, version: clock } });
          if (outcome?.status === 'created') donations.push({ seq: outcome.seq, externalId, minor, currency });
        } else if (roll < 0.7) {
          const donation = pick(donations);
          const view = desk.assignments.get(donation.seq)!;
          const chosen = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(targets)))];
          const total = view.donation_amount ? Math.round(Number(view.donation_amount.value) * 100) : null;
          let parts: (Target & { amount?: string })[] = chosen.slice(0, total === null ? 1 : 3);
          let toCampaign: string | undefined;
          if (total !== null && total > chosen.length && next() < 0.6) {
            // A split, sometimes leaving some to the campaign; cents only (EUR).
            const keep = next() < 0.3 ? Math.floor(total / 4) : 0;
            let left = total - keep;
            parts = chosen.map((target, k) => {
              const share = k === chosen.length - 1 ? left : 1 + Math.floor(next() * (left - (chosen.length - k)));
              left -= share;
              return { ...target, amount: formatMinor(share, EUR) };
            });
            if (keep > 0) toCampaign = formatMinor(keep, EUR);
          }
          try {
            desk.assignments.assign(donation.seq, { expected_version: versionOf.get(donation.seq) ?? view.version, parts, ...(toCampaign ? { to_campaign: toCampaign } : {}) }, OWNER);
          } catch (error) {
            if (!(error instanceof IncentiveRefused)) throw error;
          }
          versionOf.set(donation.seq, desk.assignments.get(donation.seq)!.version);
        } else if (roll < 0.85) {
          const donation = pick(donations);
          const minor = 1 + Math.floor(next() * donation.minor * 0.6);
          send({ sourceId: 'hook', externalId: `r${step}`, type: 'refund', amount: { minor, currency: donation.currency }, donorName: null, anonymous: false, message: null, occurredAt: clock, refunds: donation.externalId });
        } else if (roll < 0.93) {
          // A platform correction: a later version of the donation with another amount.
          const donation = pick(donations);
          const minor = Math.max(1, donation.minor + Math.floor((next() - 0.5) * 2_000));
          send({ sourceId: 'hook', externalId: `c${step}`, type: 'donation', amount: { minor, currency: donation.currency }, donorName: 'Ada', anonymous: false, message: null, occurredAt: clock, versioned: { key: donation.externalId, version: clock } });
        } else if (roll < 0.96 && !closedOne) {
          convertPending(db, [{ currency: 'GBP' as CurrencyCode, rate: '1.1713' }], EUR, clock);
          closedOne = true;
        }
        if (step % 20 === 19) assert.deepEqual(plain(assignmentTotals(db, clock)), plain(recomputedTotals(db, clock)), `seed ${seed}, step ${step}`);
      }
      const end = plain(assignmentTotals(db, clock));
      assert.deepEqual(end, plain(recomputedTotals(db, clock)), `seed ${seed}, at the end`);
      assert.ok(Object.keys(end.incentives).length >= 3, `money reached the incentives: ${JSON.stringify(end)}`);
      // Rebuilt from nothing (as after the migration), the sums come out the same.
      db.exec('DELETE FROM incentive_shares; DELETE FROM incentive_totals; DELETE FROM incentive_minutes; INSERT INTO incentive_dirty SELECT DISTINCT donation_seq FROM donation_assignments');
      assert.deepEqual(plain(assignmentTotals(db, clock)), end, `seed ${seed}, rebuilt`);
      db.close();
    }
  });

  it('leaves the totals as they were when an assignment fails half-way', () => {
    const db = openDatabase(join(temp.path, 'half-way.sqlite'));
    saveCampaign(db, { title: 't', cause: '', currency: EUR, goalMinor: 1_000_000, milestones: [], startsAt: T0, durationHours: 48, demo: false });
    new Sources(db).ensure('hook', 'webhook', 'Hook');
    const ingest = new Ingest(db, { now: () => T0 });
    const desk = new IncentiveDesk(db, new AuditLog(db, () => T0), () => {}, () => T0);
    const blindfold = desk.incentives.create({ kind: 'incentive', name: 'Blindfold', goal: '50.00' }, OWNER);
    assert.ok(blindfold.ok);
    const outcome = ingest.donation({ sourceId: 'hook', externalId: 'x', type: 'donation', amount: { minor: 1_000, currency: EUR }, donorName: 'Ada', anonymous: false, message: null, occurredAt: T0 });
    assert.equal(outcome.status, 'created');
    const seq = outcome.seq;
    desk.assignments.assign(seq, { expected_version: 0, parts: [{ incentive_id: blindfold.value.id }] }, OWNER);
    const before = plain(assignmentTotals(db, T0));
    assert.equal(before.incentives[String(blindfold.value.id)]?.total, 1_000);
    // A crash after the new version is written and before its commit: nothing of it stays.
    assert.throws(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO donation_assignments (donation_seq, version, status, basis_minor, actor, actor_name, at) VALUES (?, 2, 'accepted', 1000, 'o', 'O', 0)").run(seq);
        throw new Error('power cut');
      })(),
    );
    assert.deepEqual(plain(assignmentTotals(db, T0)), before);
    assert.equal(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM incentive_dirty').get()?.n, 0);
    db.close();
  });
});
