// The best minute to call on the seeded 48-hour marathon (10,000,000 chat messages, 4 Twitch
// channels): what GET /api/best-minute computes, on the core's own chatter sets, at two points
// of the marathon (its clock is the seed's, not today's), with 20 past call moments to compare.
// Beside it, GET /api/chat/stats' distinct count over the whole marathon (baseline: one exact
// 48-hour distinct count, the same sets read).
import { join } from 'node:path';
import { BEST_MINUTE_WINDOWS } from '../shared/best-minute.js';
import { createCore } from '../main/core.js';
import { BestMinute } from '../main/targets/best-minute.js';
import { MARATHON_10M, SEED_TARGETS, cachedMarathon, copySeedInto } from '../main/testing/marathon-seed.js';
import { percentile } from './ack.js';

export interface BestMinuteFigures {
  name: string;
  first: number;
  p50: number;
  max: number;
  suggestions: string;
}

export async function bestMinuteBench(dir: string, log: (line: string) => void, runs = 10): Promise<{ baseline: BestMinuteFigures; cases: BestMinuteFigures[] }> {
  const seed = cachedMarathon(MARATHON_10M, log);
  const dataDir = join(dir, 'best-minute');
  copySeedInto(seed.file, dataDir);
  const core = await createCore({ dataDir, port: 0, ownerToken: 'bench-owner-token-0123456789', backupIntervalMs: 24 * 3_600_000, connectors: [], log: () => {} });
  try {
    const { db, ingest } = core.services;
    const HOUR = 3_600_000;
    // 20 past call moments (the most the view compares), on the seed's targets, through the marathon.
    const insert = db.prepare("INSERT INTO call_moments (id, target_id, at, created_by, created_at) VALUES (?, ?, ?, 'owner', 0)");
    for (let i = 0; i < 20; i += 1) insert.run(`bench-${i}`, SEED_TARGETS[i % SEED_TARGETS.length]!.id, MARATHON_10M.startsAt + (2 + i * 2) * HOUR + 17 * 60_000);
    const timed = (name: string, run: () => string): BestMinuteFigures => {
      const t0 = performance.now();
      const suggestions = run();
      const first = performance.now() - t0;
      const warm: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const t = performance.now();
        run();
        warm.push(performance.now() - t);
      }
      warm.sort((a, b) => a - b);
      return { name, first, p50: percentile(warm, 50), max: Math.max(first, warm[warm.length - 1] ?? 0), suggestions };
    };
    const end = MARATHON_10M.startsAt + MARATHON_10M.hours * HOUR;
    const baseline = timed('distinct chatters over the 48 h, all channels (baseline)', () =>
      String(ingest.chatters.distinct(MARATHON_10M.startsAt / 60_000, end / 60_000 - 1)));
    const cases: BestMinuteFigures[] = [];
    for (const [at, label] of [[36, '36 h in'], [48, 'at the close']] as const) {
      const model = new BestMinute(db, ingest.chatters, () => MARATHON_10M.startsAt + at * HOUR);
      for (const window of [BEST_MINUTE_WINDOWS[0], 60]) {
        cases.push(timed(`${label}: ${window}-min windows, next 24 h, 20 past moments`, () => {
          const view = model.view(window, 24);
          return view.suggestions.map((s) => `${s.start.slice(11, 16)} (${s.predicted})`).join(', ');
        }));
      }
    }
    return { baseline, cases };
  } finally {
    await core.close();
  }
}
