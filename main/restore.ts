import { parseArgs } from 'node:util';
import { restoreBackup } from './backup/restore.js';
import { defaultDataDir } from './paths.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run restore -- [--data-dir DIR] [BACKUP_FILE]`: without a file, lists the backups;
 * with one, restores it (the app must be closed).
 */
function main(argv: string[]): void {
  const { values, positionals } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, allowPositionals: true });
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const file = positionals[0];
  if (!file) {
    const dir = join(dataDir, 'backups');
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.sqlite')).sort();
    } catch {
      // no backups folder yet
    }
    if (names.length === 0) {
      console.log(`No backups in ${dir} yet (the app makes one every few minutes while it runs).`);
      return;
    }
    console.log(`Backups in ${dir} (newest last):`);
    for (const name of names) console.log(`  ${join(dir, name)}`);
    console.log('Restore one with: npm run restore -- --data-dir DIR FILE');
    return;
  }
  console.log(restoreBackup(dataDir, file));
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
