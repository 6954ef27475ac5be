// Runs every *.test.ts (beside the code in main/ and shared/, end-to-end in tests/) with Node's
// test runner through tsx, and ends with one plain line: "N passed, N failed".
// Usage: node scripts/test.mjs [path-filter ...]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const tap = join(tmpdir(), `telethon-tests-${process.pid}.tap`);
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);

let passed = 0;
let failed = 0;
try {
  const report = readFileSync(tap, 'utf8');
  passed = Number(/^# pass (\d+)/m.exec(report)?.[1] ?? 0);
  failed = Number(/^# fail (\d+)/m.exec(report)?.[1] ?? 0);
  // The slowest files, to keep the whole run (CI's budget is 20 minutes) in view.
  const files = [...report.matchAll(/^(?:not )?ok \d+ - (.+)\n {2}---\n {2}duration_ms: ([\d.]+)/gm)]
    .map(([, file, ms]) => ({ file, seconds: Number(ms) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds);
  if (files.length > 1) {
    console.log('slowest files:');
    for (const { file, seconds } of files.slice(0, 12)) console.log(`  ${seconds.toFixed(0).padStart(5)} s  ${file}`);
  }
  rmSync(tap, { force: true });
} catch {
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
