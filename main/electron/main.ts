// The desktop shell: one window on the same core `npm run serve` runs. Everything the app does
// lives in the core; this file only starts it, shows it, keeps the window on its own origin,
// and closes the database cleanly on quit.
import { app, BrowserWindow, dialog, safeStorage, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Core } from '../core.js';
import { DEFAULT_PORT } from '../core.js';
import { defaultDataDir } from '../paths.js';
import { startCore } from '../serve.js';
import { safeStorageCipher } from './credential-cipher.js';
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
    mainWindow = openWindow(started);
  });
}
