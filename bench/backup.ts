// npm run bench backup: how long the server's thread is held during an online backup of the
// seeded 10,000,000-message marathon while chat and donations keep arriving, beside the same
// writes without a backup; and the same two figures the way the app worked before the
// maintenance worker (backup and checkpoints on the server's own connection and thread).
import { createPrivateFile } from '../main/store/private-files.js';
import { closeSync, fdatasyncSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CurrencyCode } from '../shared/currencies.js';
import { readCampaign } from '../main/campaign/campaign.js';
import { type Core, createCore } from '../main/core.js';
import { MARATHON_10M, cachedMarathon, copySeedInto } from '../main/testing/marathon-seed.js';
import { percentile } from './ack.js';

/** Writes every 10 ms: 20 chat messages (2,000/s) and, every 5th tick, one durable donation (20/s). */
const TICK_MS = 10;
const CHAT_PER_TICK = 20;
const DONATION_EVERY = 5;
const BASELINE_MS = 12_000;

export interface PhaseFigures {
  name: string;
  seconds: number;
  /** Event-loop delay, sampled every millisecond. */
  p50: number;
  p99: number;
  max: number;
  chat: number;
  donations: number;
  /** How long each durable donation write held the thread. */
  donationP99: number;
  backupBytes: number | null;
}

export interface BackupBench {
  databaseBytes: number;
  phases: PhaseFigures[];
}

/** Runs `during` (or waits `ms`) while the stream of writes goes on; the event loop measured throughout. */
async function phase(core: Core, name: string, during: () => Promise<number | null>): Promise<PhaseFigures> {
  const campaign = readCampaign(core.db);
  if (!campaign) throw new Error('the seeded database has no campaign');
  const at = campaign.startsAt + campaign.durationHours * 3_600_000 - 30 * 60_000;
  const currency = campaign.currency as CurrencyCode;
  const { ingest } = core.services;
  const donationMs: number[] = [];
  let chat = 0;
  let donations = 0;
  let tick = 0;
  const stream = setInterval(() => {
    tick += 1;
    for (let i = 0; i < CHAT_PER_TICK; i += 1) {
      chat += 1;
      ingest.chat({ sourceId: 'twitch-alca', externalId: `${name}-${chat}`, userKey: `twitch:${chat % 5_000}`, displayName: `viewer${chat % 5_000}`, text: `keep going! message ${chat}`, occurredAt: at });
    }
    if (tick % DONATION_EVERY === 0) {
      donations += 1;
      const start = performance.now();
      core.services.acceptDonation({
        sourceId: 'offline', externalId: `${name}-${donations}`, type: 'donation', amount: { minor: 1_000, currency },
        donorName: `bench donor ${donations % 50}`, anonymous: false, message: null, occurredAt: at,
      });
      donationMs.push(performance.now() - start);
    }
  }, TICK_MS);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  let backupBytes: number | null;
  try {
    backupBytes = await during();
  } finally {
    delay.disable();
    clearInterval(stream);
  }
  const ms = (ns: number) => ns / 1e6;
  return {
    name,
    seconds: (performance.now() - started) / 1000,
    p50: ms(delay.percentile(50)),
    p99: ms(delay.percentile(99)),
    max: ms(delay.max),
    chat,
    donations,
    donationP99: percentile(donationMs.sort((a, b) => a - b), 99),
    backupBytes,
  };
}

/** Flushes the database file, so the copy made of the seed is not still being written out while measuring. */
function settle(file: string): void {
  const fd = openSync(file, 'r+');
  fdatasyncSync(fd);
  closeSync(fd);
}

const wait = (ms: number) => () => new Promise<null>((done) => setTimeout(() => done(null), ms));

export async function backupDelay(dir: string, log: (line: string) => void): Promise<BackupBench> {
  const seed = cachedMarathon(MARATHON_10M, log);
  const dataDir = join(dir, 'backup');
  const databaseFile = copySeedInto(seed.file, dataDir);
  const databaseBytes = statSync(databaseFile).size;
  settle(databaseFile);
  const core = await createCore({ dataDir, port: 0, ownerToken: 'bench-owner-token-0123456789', backupIntervalMs: 24 * 3_600_000, connectors: [], log: () => {} });
  const phases: PhaseFigures[] = [];
  try {
    // Now: checkpoints and the copy on the maintenance worker.
    phases.push(await phase(core, 'writes only, checkpoints on the worker (baseline)', wait(BASELINE_MS)));
    phases.push(await phase(core, 'online backup on the worker', async () => {
      const file = await core.backups.runNow();
      const bytes = statSync(file).size;
      rmSync(file);
      return bytes;
    }));
    settle(databaseFile);
    // Before: the worker stopped; checkpoints each second and the copy on the server's thread.
    await core.maintenance.close();
    const checkpoints = setInterval(() => core.db.pragma('wal_checkpoint(PASSIVE)'), 1_000);
    try {
      phases.push(await phase(core, 'before: writes only, checkpoints on the server thread', wait(BASELINE_MS)));
      phases.push(await phase(core, 'before: db.backup() on the server connection', async () => {
        const file = join(dataDir, 'before.sqlite');
        createPrivateFile(file);
        await core.db.backup(file);
        const bytes = statSync(file).size;
        rmSync(file);
        return bytes;
      }));
    } finally {
      clearInterval(checkpoints);
    }
  } finally {
    await core.close();
  }
  return { databaseBytes, phases };
}
