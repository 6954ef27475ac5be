// Builds the core (Node/Electron bundles) and the renderer (dashboard and overlay pages) with
// esbuild. `--if-stale` skips the work when dist/ is newer than every source file.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.built');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const sources = Math.max(...['main', 'renderer', 'shared'].map((d) => newest(join(root, d))), statSync(join(root, 'package.json')).mtimeMs);
  if (statSync(stamp).mtimeMs >= sources) process.exit(0);
}

const started = Date.now();
// Build beside dist/ and swap at the end, so a server running from dist/ never sees it half-built.
const out = join(root, 'dist.next');
rmSync(out, { recursive: true, force: true });

const mainEntries = {
  serve: 'main/serve.ts',
  restore: 'main/restore.ts',
  'verify-archive': 'main/verify-archive.ts',
  report: 'main/report-cli.ts',
  'electron-main': 'main/electron/main.ts',
  preload: 'main/electron/preload.ts',
  // Worker threads, started by main/threads/entry.ts from beside the other bundles.
  'maintenance-worker': 'main/store/maintenance-worker.ts',
  'twitch-chat-worker': 'main/sources/twitch/chat-worker.ts',
};
await build({
  entryPoints: Object.fromEntries(Object.entries(mainEntries).filter(([, file]) => existsSync(join(root, file))).map(([name, file]) => [name, join(root, file)])),
  outdir: join(out, 'main'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // import.meta.url has no meaning in a CommonJS bundle; the code uses __dirname there.
  define: { 'import.meta.url': 'undefined' },
});

// The report's page, rendered in the core (main/report/report.ts loads it beside the other
// bundles): React and its server renderer go inside, so the installed app needs no dev dependency.
await build({
  entryPoints: { 'report-page': join(root, 'renderer/report/render.tsx') },
  outdir: join(out, 'main'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  jsx: 'automatic',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

await build({
  entryPoints: { dashboard: join(root, 'renderer/dashboard/main.tsx'), overlay: join(root, 'renderer/overlay/main.tsx') },
  outdir: join(out, 'renderer/assets'),
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  format: 'esm',
  jsx: 'automatic',
  // BUILD_NO_MINIFY=1 keeps names readable for a profile (bench/render.ts BENCH_RENDER_PROFILE).
  minify: !process.env.BUILD_NO_MINIFY,
  // BUILD_REACT_PROFILING=1: React's profiling build, so <Profiler> reports render times.
  ...(process.env.BUILD_REACT_PROFILING ? { alias: { 'react-dom/client': 'react-dom/profiling' } } : {}),
  sourcemap: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});
for (const page of ['index.html', 'overlay.html']) cpSync(join(root, 'renderer', page), join(out, 'renderer', page));
mkdirSync(out, { recursive: true });
cpSync(join(root, 'package.json'), join(out, '.built'));
rmSync(dist, { recursive: true, force: true });
renameSync(out, dist);
console.log(`built dist/ in ${Date.now() - started} ms`);
