// The desktop shell: one window on the same core `npm run serve` runs. Everything the app does
// lives in the core; this file only starts it, shows it, keeps the window on its own origin,
// and closes the database cleanly on quit.
//
// When the core fails. The core runs in this (Electron main) process: it needs safeStorage for
// the platform credentials, which only the main process has. So:
// - an unexpected error in a request, socket, timer or platform callback is answered or
//   skipped, counted on the health banner, and the app keeps running (the same last-resort
//   policy as `npm run serve`, main/safety/last-resort.ts);
// - an error after which the core's state cannot be trusted (an open transaction, a closed or
//   corrupt database, more than 50 errors a minute) relaunches the whole app at once with
//   app.relaunch(): the new window and core come back on the same port, OBS pages and remote
//   dashboards reconnect by themselves, and the banner says why it restarted. Five relaunches
//   within two minutes stop the loop with a dialog that says so, instead of flashing windows;
// - a native crash or running out of memory ends this process with no chance to act: the
//   window closes, OBS pages keep their last picture and reconnect when the app is opened
//   again; nothing acknowledged is lost (SQLite's WAL). `npm run serve` covers that case with
//   its supervisor process, which restarts its core child within seconds.
import { app, BrowserWindow, dialog, safeStorage, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Core } from '../core.js';
import { DEFAULT_PORT } from '../core.js';
import { defaultDataDir } from '../paths.js';
import { surviveUncaught } from '../safety/last-resort.js';
import { reportRestart, startCore } from '../serve.js';
import { CRASH_LOOP_COUNT, CRASH_LOOP_WINDOW_MS } from '../supervisor/crash-policy.js';
import type { RestartNote } from '../supervisor/supervisor.js';
import { safeStorageCipher } from './credential-cipher.js';
import { printReportInWindow } from './report-printer.js';
import { preloadArguments } from './preload-args.js';
import { isAllowedNavigation, isSafeExternalUrl, withFallbackCsp } from './window-policy.js';

const HOST = '127.0.0.1';

/** Set by scripts/start.mjs: better-sqlite3 built for this Electron's ABI (see electron-native.mjs). */
const NATIVE_BINDING_ENV = 'TELETHON_ELECTRON_NATIVE_BINDING';

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
let starting: Promise<Core> | null = null;
/** Set by before-quit: the window closes without asking, the database is closed once. */
let quitting = false;
let closing = false;
let closed = false;

/** Given to a relaunched app: why the previous one stopped, and since when it has been looping. */
const RESTARTED_ARG = '--restarted-after=';

function restartNote(): (RestartNote & { first_at?: string }) | null {
  const arg = process.argv.find((a) => a.startsWith(RESTARTED_ARG));
  if (!arg) return null;
  try {
    return JSON.parse(decodeURIComponent(arg.slice(RESTARTED_ARG.length))) as RestartNote & { first_at?: string };
  } catch {
    return null;
  }
}

/**
 * The core cannot be trusted any more (see the top of this file): start the app again with the
 * same arguments, or, after five relaunches within two minutes, say so and stop.
 */
function relaunchAfterFailure(): void {
  const previous = restartNote();
  const now = new Date().toISOString();
  const firstAt = previous?.first_at && Date.now() - Date.parse(previous.first_at) < CRASH_LOOP_WINDOW_MS ? previous.first_at : now;
  const restarts = firstAt === previous?.first_at ? previous.restarts + 1 : 1;
  if (restarts >= CRASH_LOOP_COUNT) {
    dialog.showErrorBox(
      'Telethon Desk keeps stopping',
      `Telethon Desk had to restart ${restarts} times within ${CRASH_LOOP_WINDOW_MS / 60_000} minutes after errors it could not recover from, so it stopped trying. ` +
        'Restarting will not fix this: check that the disk is not full and the data folder is readable, then open it again.',
    );
    app.exit(70);
    return;
  }
  const note = { at: now, first_at: firstAt, restarts, reason: 'it stopped itself after an error it could not safely recover from' };
  app.relaunch({ args: [...process.argv.slice(1).filter((a) => !a.startsWith(RESTARTED_ARG)), `${RESTARTED_ARG}${encodeURIComponent(JSON.stringify(note))}`] });
  app.exit(70);
}

/** `--data-dir` and `--port` as `npm start` passes them; Chromium's own switches are ignored. */
function launchOptions(): { dataDir: string; port: number | null } {
  const { values } = parseArgs({
    args: process.argv.slice(app.isPackaged ? 1 : 2),
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir();
  const port = typeof values.port === 'string' ? Number(values.port) : null;
  if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new Error(`--port must be a port number, not ${values.port}.`);
  return { dataDir, port };
}

/**
 * The better_sqlite3.node for this Electron: the one start.mjs built (a dev run), or none, in
 * which case better-sqlite3 loads its own build (a packaged app, rebuilt by electron-builder).
 */
function electronNativeBinding(): string | undefined {
  const fromEnv = process.env[NATIVE_BINDING_ENV];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const built = join(app.getAppPath(), 'native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  return existsSync(built) ? built : undefined;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

async function startDesktopCore(): Promise<Core> {
  const { dataDir, port } = launchOptions();
  // The usual port when it is free (OBS browser sources keep working across restarts); when
  // something else holds it, any free port rather than no app. An explicit --port is kept as is.
  let chosenPort = port ?? DEFAULT_PORT;
  if (port === null && !(await portIsFree(DEFAULT_PORT))) {
    console.log(`Port ${DEFAULT_PORT} is in use by another program; Telethon Desk is using a free port instead.`);
    chosenPort = 0;
  }
  return startCore({
    dataDir,
    port: chosenPort,
    demo: false,
    nativeBinding: electronNativeBinding(),
    rendererDir: join(app.getAppPath(), 'dist', 'renderer'),
    credentialCipher: safeStorageCipher(safeStorage) ?? undefined,
    printPdf: printReportInWindow,
  });
}

/** Applied to every web contents the app creates, so a new one cannot slip past the policy. */
function lockDown(contents: WebContents): void {
  // The core's origin is read at each navigation: until the core listens, nothing is allowed.
  const allowed = (url: string) => core !== null && isAllowedNavigation(url, new URL(core.url).origin);
  contents.on('will-navigate', (event, url) => {
    if (allowed(url)) return;
    event.preventDefault();
    // A plain link to a web page (a donation platform, a target's post): the OS browser.
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function secureSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = withFallbackCsp(details.responseHeaders);
    callback(headers ? { responseHeaders: headers as Record<string, string[]> } : {});
  });
}

function openWindow(running: Core): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Telethon Desk',
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      additionalArguments: preloadArguments({ version: app.getVersion() }),
      preload: join(app.getAppPath(), 'dist', 'main', 'preload.cjs'),
    },
  });
  window.once('ready-to-show', () => window.show());
  // Closing the window stops the server behind the OBS overlay and the webhooks: ask first.
  window.on('close', (event) => {
    if (quitting) return;
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Stop Telethon Desk', 'Keep running'],
      defaultId: 1,
      cancelId: 1,
      message: 'Stop Telethon Desk?',
      detail: 'The overlay in OBS and the donation webhooks stop working until you open it again.',
    });
    if (choice === 1) event.preventDefault();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(running.dashboardUrl);
  return window;
}

if (!app.requestSingleInstanceLock()) {
  // Another Telethon Desk owns the data folder: it focuses its window (below), this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    quitting = true;
    if (closed) return;
    // Quit waits, once, for the database: flush queued chat, checkpoint the WAL, close it (and
    // if the core is still starting, wait for it first, so it is never left open).
    event.preventDefault();
    if (closing) return;
    closing = true;
    const running: Promise<Core | null> = core ? Promise.resolve(core) : (starting?.catch(() => null) ?? Promise.resolve(null));
    running
      .then((toClose) => toClose?.close())
      .catch((error: unknown) => console.error('could not close the database cleanly:', error))
      .finally(() => {
        core = null;
        closed = true;
        app.quit();
      });
  });

  app.whenReady().then(async () => {
    secureSession();
    starting = startDesktopCore();
    let started: Core;
    try {
      started = await starting;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Telethon Desk could not start', `Telethon Desk could not start its local server: ${reason}`);
      closed = true;
      app.quit();
      return;
    }
    if (quitting) return; // before-quit is closing it
    core = started;
    const health = started.services.health;
    surviveUncaught((context, error) => health.internalError(context, error), started.db, relaunchAfterFailure);
    const note = restartNote();
    if (note) reportRestart(health, note);
    mainWindow = openWindow(started);
  });
}
