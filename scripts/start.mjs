// `npm start`: the desktop app when Electron can run here, otherwise the same core headless in
// this terminal, with one sentence saying why. Usage: node scripts/start.mjs [--data-dir DIR]
// [--port PORT] [--headless] (or TELETHON_HEADLESS=1); other options go to the headless server
// as `npm run serve` takes them. --data-dir and --port reach the desktop shell too.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureElectronBinding, electronVersion, fetchElectron, findElectronBinary, ROOT } from './electron-native.mjs';

const SERVE_BUNDLE = join(ROOT, 'dist', 'main', 'serve.cjs');
const ELECTRON_MAIN = join(ROOT, 'dist', 'main', 'electron-main.cjs');
/** Read by main/electron/main.ts. */
const NATIVE_BINDING_ENV = 'TELETHON_ELECTRON_NATIVE_BINDING';
/** An Electron that dies this soon with an error never showed a usable window: run headless. */
const EARLY_FAILURE_MS = 10_000;

const args = process.argv.slice(2);
const headlessAsked = args.includes('--headless') || process.env.TELETHON_HEADLESS === '1';
const passedOn = args.filter((arg) => arg !== '--headless');

if (!existsSync(SERVE_BUNDLE)) {
  console.error('dist/ has not been built: run `npm start` (it builds first) or `npm run build`.');
  process.exit(1);
}

/** Why the desktop window cannot open here (a phrase for one sentence), or the way to open it. */
async function desktopLaunch() {
  if (!existsSync(ELECTRON_MAIN)) return { reason: 'dist/main/electron-main.cjs has not been built' };
  const version = electronVersion();
  if (!version) return { reason: 'the electron package is not installed' };
  let binary = findElectronBinary();
  if (!binary) {
    const fetched = await fetchElectron();
    if (!fetched.binary) return { reason: fetched.reason };
    binary = fetched.binary;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no graphical display' };
  }
  const native = await ensureElectronBinding(version, { electronBinary: binary });
  if (!native.binding) return { reason: native.reason };
  return { binary, binding: native.binding };
}

function explainHeadless(reason) {
  console.log(
    `The Electron desktop window is not available on this machine (${reason}), so Telethon Desk is running headless: open the dashboard URL below in your browser.`,
  );
}

/**
 * The core as `npm run serve` runs it: in a supervised child process, restarted on the same
 * port if it dies; Ctrl+C saves and closes the database.
 */
async function runHeadless() {
  const require = createRequire(import.meta.url);
  const { superviseServe } = require(SERVE_BUNDLE);
  process.exit(await superviseServe(passedOn));
}

/** Resolves with Electron's exit; the terminal's Ctrl+C reaches it directly (same process group). */
function runElectron({ binary, binding }) {
  const env = { ...process.env, [NATIVE_BINDING_ENV]: binding };
  delete env.ELECTRON_RUN_AS_NODE;
  const started = Date.now();
  const child = spawn(binary, [ROOT, ...passedOn], { cwd: ROOT, env, stdio: 'inherit' });
  // Electron closes the database itself on SIGINT/SIGTERM (before-quit): wait for it, and pass
  // on a stop signal sent to this process alone.
  let stopAsked = false;
  const forward = (signal) => {
    stopAsked = true;
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    const done = (exit) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(exit);
    };
    child.once('error', (error) => done({ code: null, early: true, why: error.message }));
    child.once('exit', (code, signal) =>
      done({
        code: stopAsked || signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : code,
        early: Date.now() - started < EARLY_FAILURE_MS,
        why: signal ? `signal ${signal}` : `code ${code}`,
      }),
    );
  });
}

const launch = headlessAsked ? { asked: true } : await desktopLaunch();
if (launch.asked) {
  console.log('Telethon Desk is running headless, as asked: open the dashboard URL below in your browser.');
} else if (launch.binary) {
  const exit = await runElectron(launch);
  if (exit.code === 0) process.exit(0);
  if (!exit.early) process.exit(exit.code ?? 1);
  explainHeadless(`Electron could not start: it exited with ${exit.why}`);
} else {
  explainHeadless(launch.reason);
}
await runHeadless();
