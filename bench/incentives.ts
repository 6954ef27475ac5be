// The incentive list's cost where it is paid: read at every hub flush, it used to recompute every
// incentive from every assignment (recomputedTotals, the baseline here); it now reads the running
// totals kept at each assignment (assignmentTotals). Measured on the real desk and SQLite file.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CurrencyCode } from '../shared/currencies.js';
import { formatMinor } from '../shared/money.js';
import { saveCampaign } from '../main/campaign/campaign.js';
import { IncentiveDesk } from '../main/incentives/desk.js';
import { assignmentTotals } from '../main/incentives/running.js';
import { recomputedTotals } from '../main/incentives/totals.js';
import { Ingest } from '../main/ingest/ingest.js';
import type { Caller } from '../main/people/invites.js';
import { AuditLog } from '../main/screening/audit.js';
import { Sources } from '../main/sources/sources.js';
import { openDatabase } from '../main/store/database.js';

export interface IncentivesCost {
  assignments: number;
  /** ms per read of the list's totals: full recompute (baseline), then the running totals. */
  recomputeMs: number[];
  runningMs: number[];
  /** ms per moderator assignment (its transaction with the running totals), mean over the last 1,000. */
  assignMs: number;
  equal: boolean;
}

const EUR = 'EUR' as CurrencyCode;
const OWNER: Caller = { role: 'owner', actor: 'owner', name: 'Owner' };

export function incentivesCost(dir: string, assignments: number): IncentivesCost {
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'bench.sqlite'));
  const t0 = Date.parse('2026-11-23T10:00:00Z');
  let clock = t0;
  const now = () => clock;
  saveCampaign(db, { title: 'bench', cause: '', currency: EUR, goalMinor: 1_000_000_000, milestones: [], startsAt: t0, durationHours: 48, demo: false });
  new Sources(db).ensure('hook', 'webhook', 'Hook');
  const ingest = new Ingest(db, { now });
  const desk = new IncentiveDesk(db, new AuditLog(db, now), () => {}, now);
  const ids = Array.from({ length: 10 }, (_, k) => {
    const made = k % 2 === 0
      ? desk.incentives.create({ kind: 'incentive', name: `Incentive ${k}`, goal: '5000.00' }, OWNER)
      : desk.incentives.create({ kind: 'bid_war', name: `Bid war ${k}`, options: ['Alpha', 'Bravo', 'Charlie', 'Delta'] }, OWNER);
    if (!made.ok) throw new Error(made.error);
    return made.value;
  });
  db.pragma('synchronous = OFF'); // seeding only: the figures below are reads and single assignments
  let assignMs = 0;
  for (let i = 0; i < assignments; i += 1) {
    clock += 8_000;
    const outcome = ingest.donation({ sourceId: 'hook', externalId: `d${i}`, type: 'donation', amount: { minor: 500 + (i % 97) * 13, currency: EUR }, donorName: 'Ada', anonymous: false, message: null, occurredAt: clock });
    const target = ids[i % ids.length]!;
    const minor = 500 + (i % 97) * 13;
    const parts = target.kind === 'incentive'
      ? [{ incentive_id: target.id }]
      : [
          { incentive_id: target.id, option_id: target.options[i % 4]!.id, amount: formatMinor(Math.floor(minor / 2), EUR) },
          { incentive_id: target.id, option_id: target.options[(i + 1) % 4]!.id, amount: formatMinor(minor - Math.floor(minor / 2), EUR) },
        ];
    const a0 = process.hrtime.bigint();
    desk.assignments.assign(outcome.seq, { expected_version: 0, parts }, OWNER);
    if (i >= assignments - 1_000) assignMs += Number(process.hrtime.bigint() - a0) / 1e6;
    // Every tenth is reassigned: a second version moves its money.
    if (i % 10 === 0) desk.assignments.assign(outcome.seq, { expected_version: 1, parts: [{ incentive_id: ids[0]!.id }] }, OWNER);
  }
  db.pragma('synchronous = NORMAL');
  const time = (read: () => unknown) => {
    const r0 = process.hrtime.bigint();
    read();
    return Number(process.hrtime.bigint() - r0) / 1e6;
  };
  const recomputeMs = Array.from({ length: 5 }, () => time(() => desk.incentives.list(false, recomputedTotals(db, clock))));
  const runningMs = Array.from({ length: 5 }, () => time(() => desk.incentives.list(false, assignmentTotals(db, clock))));
  const equal = JSON.stringify(desk.incentives.list(false, recomputedTotals(db, clock))) === JSON.stringify(desk.incentives.list(false, assignmentTotals(db, clock)));
  db.close();
  return { assignments, recomputeMs, runningMs, assignMs: assignMs / Math.min(1_000, assignments), equal };
}
