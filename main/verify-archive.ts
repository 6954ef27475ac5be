import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ARCHIVE_FOLDER, verifyArchive } from './archive/archive.js';
import { defaultDataDir } from './paths.js';

/**
 * `npm run verify-archive -- [--data-dir DIR] [ARCHIVE_FOLDER]`: checks an archive of a closed
 * marathon against its SHA256SUMS (without a folder, lists the archives). Exits 1 when a file
 * was changed, removed or added since it was written.
 */
function main(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, allowPositionals: true });
  const folder = positionals[0];
  if (!folder) {
    const root = join(values['data-dir'] ?? defaultDataDir(), ARCHIVE_FOLDER);
    let names: string[] = [];
    try {
      names = readdirSync(root).filter((name) => !name.endsWith('.partial')).sort();
    } catch {
      // no archives yet
    }
    if (names.length === 0) console.log(`No archives in ${root} yet ("Close the marathon" in the Campaign tab writes one).`);
    else for (const name of names) console.log(join(root, name));
    return 0;
  }
  const problems = verifyArchive(folder);
  if (problems.length === 0) {
    console.log(`${folder}: every file matches its SHA-256 in SHA256SUMS; nothing was changed, removed or added.`);
    return 0;
  }
  console.error(`${folder} does NOT verify:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
