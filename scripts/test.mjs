// Runs every *.test.ts (beside the code in main/ and shared/, end-to-end in tests/) with Node's
// test runner through tsx, and ends with one plain line: "N passed, N failed".
// Usage: node scripts/test.mjs [path-filter ...]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/**
 * Files that start first, in this order: the longest (the compressed 48-hour soak, about 5
 * minutes on 2 cores), then the two that need the 10-million-message seed (made once per machine,
 * 3-4 minutes on a fresh one, while the soak runs beside it). The other files then fill in beside
 * them instead of one of these running alone at the end of the run.
 */
const FIRST = [/(^|\/)soak\.test\.ts$/, /(^|\/)charts\.e2e\.test\.ts$/, /(^|\/)report-marathon\.test\.ts$/];
const rank = (file) => {
  const at = FIRST.findIndex((pattern) => pattern.test(file));
  return at === -1 ? FIRST.length : at;
};

const files = ['shared', 'main', 'tests']
  .flatMap((dir) => findTests(join(root, dir)))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort()
  .sort((a, b) => rank(a) - rank(b));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// Node 20's `--test` sorts the files it is given; its run() API keeps their order, so the files
// run through scripts/test-runner.mjs (with tsx loaded, which the test processes inherit).
const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/test-runner.mjs'), ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status === 0 ? 0 : 1);
