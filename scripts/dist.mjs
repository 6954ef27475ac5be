// npm run dist: builds the app, then packages it with electron-builder (electron-builder.yml):
// a Windows installer, a macOS disk image, a Linux AppImage and .deb, with better-sqlite3 rebuilt
// for the packaged Electron by electron-builder's own npmRebuild step.
//
// electron-builder downloads Electron's zip for each target (and its own tools) unless they are in
// its cache. Where neither the cache has it nor the download host answers, this stops in one
// sentence instead of leaving electron-builder to retry for minutes.
//
// Usage: npm run dist [-- electron-builder arguments, e.g. --linux AppImage]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { ROOT, electronVersion, reachable } from './electron-native.mjs';

/** @electron/get's cache, where electron-builder looks for electron-v<version>-<platform>-<arch>.zip. */
export function electronCacheDir() {
  if (process.env.electron_config_cache) return process.env.electron_config_cache;
  if (process.env.ELECTRON_CACHE) return process.env.ELECTRON_CACHE;
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (platform() === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

/** True when some Electron zip of this version is in the cache (electron-builder keeps them in hashed folders too). */
function cached(version) {
  const name = `electron-v${version}-`;
  const look = (dir, depth) => {
    if (!existsSync(dir)) return false;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.startsWith(name) && entry.name.endsWith('.zip')) return true;
      if (entry.isDirectory() && depth > 0 && look(join(dir, entry.name), depth - 1)) return true;
    }
    return false;
  };
  return look(electronCacheDir(), 2);
}

const version = electronVersion();
if (!version) {
  console.error('npm run dist: the electron package is not installed; run npm ci first.');
  process.exit(1);
}
const mirror = process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror ?? 'https://github.com/electron/electron/releases/download/';
if (!cached(version) && !(await reachable(mirror))) {
  console.error(`npm run dist: Electron ${version}'s binaries cannot be downloaded here (${new URL(mirror).host} does not answer) and are not in ${electronCacheDir()}, so nothing was packaged; run it on a machine with network, or put electron-v${version}-<platform>-<arch>.zip there first.`);
  process.exit(1);
}
const run = (command, args) => spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
const built = run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
if (built.status !== 0) process.exit(built.status ?? 1);
const builder = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
const packaged = run(process.execPath, [builder, '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]);
process.exit(packaged.status ?? 1);
