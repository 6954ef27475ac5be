// Runs the test files given, two at a time, in the order given (scripts/test.mjs picks it), with
// Node's test runner: its spec report on stdout, then the slowest files and one plain line,
// "N passed, N failed". Exits 1 when a test failed or none passed.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { PassThrough } from 'node:stream';
import { relative } from 'node:path';

const files = process.argv.slice(2);
const stream = run({ files, concurrency: 2 });

const report = new PassThrough({ objectMode: true });
stream.pipe(report);
report.compose(spec).pipe(process.stdout);

const counts = { pass: 0, fail: 0 };
/**
 * Each file's time: its top-level tests' durations added up (Node 20 hands a file's events over
 * together when it ends, so their arrival times say nothing).
 */
const spans = new Map();
for (const event of ['test:pass', 'test:fail']) {
  stream.on(event, ({ file, nesting, details }) => {
    if (file && nesting === 0) spans.set(file, (spans.get(file) ?? 0) + (details?.duration_ms ?? 0));
  });
}
// The run's own summary, at the end: "pass N", "fail N".
stream.on('test:diagnostic', ({ nesting, message }) => {
  const found = nesting === 0 && /^(pass|fail) (\d+)$/.exec(message);
  if (found) counts[found[1]] = Number(found[2]);
});

await new Promise((resolve, reject) => {
  stream.on('end', resolve);
  stream.on('error', reject);
});
// Let the spec reporter finish printing before the summary.
await new Promise((resolve) => setImmediate(resolve));

const slowest = [...spans].map(([file, ms]) => ({ file: relative(process.cwd(), file), seconds: ms / 1000 }))
  .sort((a, b) => b.seconds - a.seconds);
if (slowest.length > 1) {
  console.log('slowest files (their tests\' time):');
  for (const { file, seconds } of slowest.slice(0, 12)) console.log(`  ${seconds.toFixed(0).padStart(5)} s  ${file}`);
}
console.log(`${counts.pass} passed, ${counts.fail} failed`);
process.exit(counts.fail === 0 && counts.pass > 0 ? 0 : 1);
