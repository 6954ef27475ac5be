/**
 * npm run prize-verify -- --data-dir DIR (--draw ID | --prize ID)
 *
 * Re-runs a prize draw from the database file alone, read-only (the app may be running): the
 * stored seed and entries, the seeded pick (main/prizes/draw.ts), the stored winners and what
 * the audit log recorded at the draw. Prints the outcome; exits 0 when it matches, 1 when not,
 * 2 when it cannot check (no such draw, no database).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../store/files.js';
import { DRAW_METHOD } from './draw.js';
import { verifyStoredDraw } from './verify-stored.js';

function option(name: string): string | null {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? null) : null;
}

function main(): number {
  const dataDir = option('--data-dir');
  const draw = option('--draw');
  const prize = option('--prize');
  const id = Number(draw ?? prize);
  if (!dataDir || (draw === null) === (prize === null) || !Number.isSafeInteger(id)) {
    console.error('Usage: npm run prize-verify -- --data-dir DIR --draw ID   (or --prize ID): the data folder and the draw (or its prize) to re-run.');
    return 2;
  }
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    console.error(`There is no database at ${file}: give the data folder the app uses (--data-dir).`);
    return 2;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = verifyStoredDraw(db, draw !== null ? { drawId: id } : { prizeId: id });
    if (!result) {
      console.error(`There is no ${draw !== null ? `draw ${id}` : `draw of prize ${id}`} in ${file}.`);
      return 2;
    }
    console.log(`Prize ${result.prize_id}, draw ${result.draw_id}: seed ${result.seed}, ${result.entries} entries.`);
    console.log(`Stored picks:     ${result.stored.join(', ')}`);
    console.log(`Re-run gives:     ${result.recomputed.join(', ')}`);
    console.log(`Method: ${DRAW_METHOD}`);
    if (result.matches) {
      console.log('MATCHES: the draw re-runs to the stored winners, and its seed and entries are those the audit log recorded.');
      return 0;
    }
    console.log(`DOES NOT MATCH: ${result.problems.join('; ')}.`);
    return 1;
  } finally {
    db.close();
  }
}

process.exitCode = main();
