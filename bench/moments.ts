// The Twitch events feed's cost where it is paid: each paid line (a cheer, a resub) stores its
// moment in the chat transaction. Measured on the real Ingest and SQLite file, against the same
// lines stored without their moment in the same run; then the feed's pages over what was stored.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ingest } from '../main/ingest/ingest.js';
import { TwitchMoments } from '../main/moments/moments.js';
import { openDatabase } from '../main/store/database.js';

export interface MomentsCost {
  lines: number;
  /** Per round: ms to store the lines without, then with their moments. */
  rounds: { without: number; with: number }[];
  pageMs: number;
  waitingMs: number;
  rareKindMs: number;
}

function run(dir: string, withMoments: boolean, n: number, feed: Partial<MomentsCost>): number {
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'bench.sqlite'));
  db.prepare("INSERT INTO sources (id, kind, name, created_at) VALUES ('tw', 'twitch', '#bench', 0)").run();
  const ingest = new Ingest(db, { chatFlushMs: 1_000_000, chatBatchMax: 1_000 });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) {
    const cheer = i % 2 === 0;
    ingest.chat({
      sourceId: 'tw', externalId: `e${i}`, kind: cheer ? 'chat' : 'twitch.resub', userKey: `twitch:${i % 2000}`, displayName: `viewer${i % 2000}`,
      text: 'cheer100 for the camps', occurredAt: 1_700_000_000_000 + i * 10,
      pledge: cheer ? { unit: 'bits', count: 100, part: 'cheer' } : { unit: 'sub_tier1', count: 1, part: 'resub' },
      ...(withMoments ? { moment: cheer ? { kind: 'cheer', unit: 'bits', count: 100, message: 'for the camps' } : { kind: 'resub', unit: 'sub_tier1', count: 1, cumulative: 3, message: 'for the camps' } } : {}),
    } as never);
  }
  ingest.flushChat();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (withMoments) {
    const moments = new TwitchMoments(db);
    const q0 = process.hrtime.bigint();
    for (let i = 0; i < 100; i += 1) moments.page({ limit: 50 });
    const page = Number(process.hrtime.bigint() - q0) / 1e6 / 100;
    const w0 = process.hrtime.bigint();
    for (let i = 0; i < 20; i += 1) moments.page({ waiting: true, limit: 50 });
    const waiting = Number(process.hrtime.bigint() - w0) / 1e6 / 20;
    const k0 = process.hrtime.bigint();
    for (let i = 0; i < 20; i += 1) moments.page({ kind: 'raid', limit: 50 });
    const rare = Number(process.hrtime.bigint() - k0) / 1e6 / 20;
    Object.assign(feed, { pageMs: page, waitingMs: waiting, rareKindMs: rare });
  }
  ingest.close();
  db.close();
  return ms;
}

/** Two rounds of `lines` paid lines, each stored without and then with moments, in fresh files under `dir`. */
export function momentsCost(dir: string, lines: number): MomentsCost {
  const feed: Partial<MomentsCost> = {};
  const rounds = [0, 1].map((round) => ({
    without: run(join(dir, `without-${round}`), false, lines, feed),
    with: run(join(dir, `with-${round}`), true, lines, feed),
  }));
  return { lines, rounds, pageMs: feed.pageMs ?? 0, waitingMs: feed.waitingMs ?? 0, rareKindMs: feed.rareKindMs ?? 0 };
}
