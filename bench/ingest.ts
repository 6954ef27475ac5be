import { join } from 'node:path';
import type { CurrencyCode } from '../shared/currencies.js';
import { saveCampaign } from '../main/campaign/campaign.js';
import { type ChatEvent, Ingest } from '../main/ingest/ingest.js';
import { Sources } from '../main/sources/sources.js';
import { openDatabase } from '../main/store/database.js';

export const CHATTERS = 2_000;
const TEXTS = ['#ErdoganHelpRohingya please answer', 'LET\'S GOOO', 'hello from Istanbul 👋', 'how far to the next milestone?', 'PogChamp PogChamp'];

/** Chat-sized rows: 137 messages/s of marathon time (the busiest charity chat on record), 2,000 chatters. */
export function chatRows(count: number, start = Date.parse('2026-11-23T10:00:00Z')): ChatEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    sourceId: i % 3 === 0 ? 'chat-b' : 'chat-a',
    externalId: `m-${i}`,
    userKey: `user-${(i * 7_919) % CHATTERS}`,
    displayName: `User${(i * 7_919) % CHATTERS}`,
    text: TEXTS[i % TEXTS.length]!,
    occurredAt: start + Math.floor((i * 1_000) / 137),
  }));
}

let runs = 0;
function freshDb(dir: string, name: string) {
  const db = openDatabase(join(dir, `${(runs += 1)}-${name}`));
  saveCampaign(db, { title: 'bench', cause: '', currency: 'EUR' as CurrencyCode, goalMinor: 1, milestones: [], startsAt: 0, durationHours: 48, demo: false });
  const sources = new Sources(db);
  sources.ensure('chat-a', 'demo', 'A');
  sources.ensure('chat-b', 'demo', 'B');
  return db;
}

/** Events/s through Ingest (event log + chat row + rollups + distinct chatters), in batches. */
export function ingestRate(dir: string, rows: ChatEvent[], batch = 5_000): number {
  const db = freshDb(dir, 'ingest.sqlite');
  const ingest = new Ingest(db, { chatBatchMax: batch, chatFlushMs: 100 });
  const started = process.hrtime.bigint();
  for (const row of rows) ingest.chat(row);
  ingest.flushChat();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stored = (db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'chat'").get() as { n: number }).n;
  db.close();
  if (stored !== rows.length) throw new Error(`ingest stored ${stored} of ${rows.length}`);
  return rows.length / seconds;
}

/** The baseline: the same rows inserted raw into one plain table, same batches and pragmas. */
export function rawInsertRate(dir: string, rows: ChatEvent[], batch = 5_000): number {
  const db = freshDb(dir, 'raw.sqlite');
  db.exec('CREATE TABLE raw_chat (source_id TEXT, external_id TEXT, user_key TEXT, display_name TEXT, text TEXT, occurred_at INTEGER) STRICT');
  const insert = db.prepare('INSERT INTO raw_chat VALUES (?, ?, ?, ?, ?, ?)');
  const write = db.transaction((slice: ChatEvent[]) => {
    for (const r of slice) insert.run(r.sourceId, r.externalId, r.userKey, r.displayName, r.text, r.occurredAt);
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += batch) write(rows.slice(i, i + batch));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return rows.length / seconds;
}
