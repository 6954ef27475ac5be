// Finds the Electron binary without downloading it, and gives better-sqlite3 a build for
// Electron's ABI beside (never instead of) the Node one: tests and `npm run serve` keep loading
// node_modules/better-sqlite3/build/Release, the desktop shell loads
// native/electron-<version>/better_sqlite3.node (native/ is gitignored).
//
// Every network step is preceded by a short reachability probe, so a machine without network
// gets an answer in seconds instead of waiting on a download's own timeouts.
//
// Usage as a script: node scripts/electron-native.mjs   (builds the Electron binding, says where)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron');
const SQLITE_DIR = join(ROOT, 'node_modules', 'better-sqlite3');
const HEADERS_URL = 'https://electronjs.org/headers';
const PROBE_MS = 3_000;

/** The version of the installed electron package (what its binary would be), or null. */
export function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(ELECTRON_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/**
 * The Electron executable, the way node_modules/electron/index.js finds it (path.txt names it
 * inside dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/), but without index.js's download on
 * a miss: that one has no timeout and needs Node >= 22.12.
 */
export function findElectronBinary() {
  let executable = null;
  try {
    executable = readFileSync(join(ELECTRON_DIR, 'path.txt'), 'utf8').trim();
  } catch {
    // not installed yet
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, executable || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(candidate) ? candidate : null;
  }
  if (!executable) return null;
  const candidate = join(ELECTRON_DIR, 'dist', executable);
  return existsSync(candidate) ? candidate : null;
}

/** True when `url` answers at all within the probe time (any HTTP status counts). */
export async function reachable(url) {
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(PROBE_MS) });
    return true;
  } catch {
    return false;
  }
}

/** An environment for child tools without npm's settings meant for Node builds (nodedir, runtime...). */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|devdir|build_from_source)$/i.test(name)) delete env[name];
  }
  delete env.ELECTRON_RUN_AS_NODE;
  return { ...env, ...extra };
}

/**
 * Downloads the Electron binary with the electron package's own installer, but only when its
 * download host answers the probe. Returns { binary } or { reason } (a phrase for a sentence).
 */
export async function fetchElectron({ timeoutMs = 5 * 60_000 } = {}) {
  const version = electronVersion();
  if (!version) return { reason: 'the electron package is not installed' };
  const mirror = process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror ?? 'https://github.com/electron/electron/releases/download/';
  if (!(await reachable(mirror))) return { reason: 'its binary is not installed and could not be downloaded' };
  console.log(`Downloading Electron ${version} (first start only)...`);
  const result = spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], { stdio: 'inherit', timeout: timeoutMs, env: cleanEnv() });
  const binary = findElectronBinary();
  if (result.status === 0 && binary) return { binary };
  return { reason: 'its binary could not be downloaded' };
}

/** Where the desktop shell's better-sqlite3 binding for this Electron version lives. */
export function electronBindingPath(version) {
  return join(ROOT, 'native', `electron-${version}`, 'better_sqlite3.node');
}

/** Loads the binding inside Electron running as Node: proves the ABI matches before a window opens. */
function loadsInElectron(electronBinary, binding) {
  const result = spawnSync(electronBinary, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(binding)})`], {
    env: cleanEnv({ ELECTRON_RUN_AS_NODE: '1' }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return result.status === 0;
}

function nodeGypScript() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((file) => file && existsSync(file)) ?? null;
}

/**
 * Builds (once) better-sqlite3 for Electron `version` in a copy of its folder, first trying the
 * project's prebuilt binary for Electron, then compiling against Electron's headers with
 * node-gyp. Returns { binding } or { reason }.
 */
export async function ensureElectronBinding(version, { electronBinary = null, arch = process.arch } = {}) {
  const binding = electronBindingPath(version);
  if (existsSync(binding) && (!electronBinary || loadsInElectron(electronBinary, binding))) return { binding };
  if (!existsSync(join(SQLITE_DIR, 'binding.gyp'))) return { reason: 'better-sqlite3 is not installed' };

  const folder = dirname(binding);
  const work = join(folder, `build-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (const part of ['package.json', 'binding.gyp', 'src', 'deps']) cpSync(join(SQLITE_DIR, part), join(work, part), { recursive: true });
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  const env = cleanEnv();
  try {
    const prebuild = join(ROOT, 'node_modules', 'prebuild-install', 'bin.js');
    if (existsSync(prebuild) && (await reachable('https://github.com/'))) {
      spawnSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', version, '--arch', arch, '--platform', process.platform], {
        cwd: work,
        env,
        stdio: 'ignore',
        timeout: 60_000,
      });
    }
    if (!existsSync(built)) {
      const gyp = nodeGypScript();
      if (!gyp) return { reason: 'node-gyp was not found to build better-sqlite3 for Electron' };
      // ELECTRON_HEADERS_DIR: Electron's headers unpacked by hand, for a machine without network.
      const localHeaders = process.env.ELECTRON_HEADERS_DIR;
      const devdir = join(homedir(), '.electron-gyp');
      const cached = localHeaders !== undefined || existsSync(join(devdir, version, 'include', 'node', 'node.h'));
      if (!cached && !(await reachable(`${HEADERS_URL}/v${version}/`))) {
        return { reason: `Electron ${version}'s headers, needed to build better-sqlite3 for it, could not be downloaded` };
      }
      console.log(`Building better-sqlite3 for Electron ${version} (first start only, about a minute)...`);
      const headers = localHeaders ? [`--nodedir=${localHeaders}`] : [`--dist-url=${HEADERS_URL}`, `--devdir=${devdir}`];
      const result = spawnSync(
        process.execPath,
        [gyp, 'rebuild', '--release', `--target=${version}`, `--arch=${arch}`, ...headers],
        { cwd: work, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 },
      );
      if (result.status !== 0 || !existsSync(built)) {
        // node-gyp is verbose: only the end of its output says what went wrong.
        console.error(`${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n'));
        return { reason: `better-sqlite3 could not be built for Electron ${version} (node-gyp failed)` };
      }
    }
    if (electronBinary && !loadsInElectron(electronBinary, built)) {
      return { reason: `the better-sqlite3 built for Electron ${version} does not load in it` };
    }
    renameSync(built, binding);
    return { binding };
  } finally {
    rmSync(work, { recursive: true, force: true });
    // Leave no empty native/electron-<version>/ behind a failure (its presence means nothing).
    try {
      rmdirSync(folder);
    } catch {
      // not empty: the binding is there
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const version = electronVersion();
  if (!version) {
    console.error('The electron package is not installed (npm install).');
    process.exit(1);
  }
  const result = await ensureElectronBinding(version, { electronBinary: findElectronBinary() });
  if (result.binding) console.log(`better-sqlite3 for Electron ${version}: ${result.binding}`);
  else console.error(`Not available: ${result.reason}.`);
  process.exit(result.binding ? 0 : 1);
}
