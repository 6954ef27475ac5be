// The desktop shell's wiring, without an Electron binary: main.ts is bundled as the build does it
// and run against a stand-in 'electron' module that records what the shell asks of Electron.
// It pins the window's security settings, the navigation and permission handlers, and the
// clean close of the database on quit, so none of them can be dropped without a failing test.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { tempDir } from '../testing/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');

type Listener = (...args: any[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener): this {
    return this.on(name, listener);
  }
  emit(name: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(...args);
  }
}

class FakeEvent {
  prevented = false;
  preventDefault(): void {
    this.prevented = true;
  }
}

class FakeWebContents extends Emitter {
  openHandler: Listener | null = null;
  setWindowOpenHandler(handler: Listener): void {
    this.openHandler = handler;
  }
}

const windows: FakeWindow[] = [];
const opened: string[] = [];
const errors: string[] = [];
let quitCalls = 0;
let readyResolve: () => void = () => {};
const sessionHandlers: { permission?: Listener; permissionCheck?: Listener; headers?: Listener } = {};

const app = Object.assign(new Emitter(), {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  quit: () => {
    quitCalls += 1;
    const event = new FakeEvent();
    app.emit('before-quit', event);
  },
  whenReady: () => new Promise<void>((resolve) => (readyResolve = resolve)),
  getAppPath: () => ROOT,
  getVersion: () => '9.8.7',
});

class FakeWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    windows.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
}

const fakeElectron = {
  app,
  BrowserWindow: FakeWindow,
  dialog: {
    showErrorBox: (title: string, content: string) => errors.push(`${title}: ${content}`),
    showMessageBoxSync: () => 1,
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: Listener) => (sessionHandlers.permission = handler),
      setPermissionCheckHandler: (handler: Listener) => (sessionHandlers.permissionCheck = handler),
      webRequest: { onHeadersReceived: (handler: Listener) => (sessionHandlers.headers = handler) },
    },
  },
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (plain: string) => Buffer.from([...plain].reverse().join('')),
    decryptString: (encrypted: Buffer) => [...encrypted.toString()].reverse().join(''),
  },
  shell: {
    openExternal: (url: string) => {
      opened.push(url);
      return Promise.resolve();
    },
  },
};

const temp = tempDir('telethon-shell-');
const savedEnv = { dataDir: process.env.TELETHON_DATA_DIR, token: process.env.TELETHON_OWNER_TOKEN };
after(() => {
  process.env.TELETHON_DATA_DIR = savedEnv.dataDir;
  process.env.TELETHON_OWNER_TOKEN = savedEnv.token;
  if (savedEnv.dataDir === undefined) delete process.env.TELETHON_DATA_DIR;
  if (savedEnv.token === undefined) delete process.env.TELETHON_OWNER_TOKEN;
  temp.remove();
});

async function until<T>(read: () => T | null | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

before(async () => {
  process.env.TELETHON_DATA_DIR = temp.path;
  process.env.TELETHON_OWNER_TOKEN = 'shell-test-owner-token-0123456789';
  // An explicit port (0: any free one) so the test never touches 4848.
  process.argv.push('--port', '0');

  // The same bundle scripts/build.mjs makes, compiled in memory as if it sat in dist/main/.
  const bundle = await build({
    entryPoints: [join(ROOT, 'main/electron/main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    write: false,
    logLevel: 'warning',
    define: { 'import.meta.url': 'undefined' },
  });
  const code = bundle.outputFiles[0]!.text;
  const filename = join(ROOT, 'dist/main/electron-main.test-bundle.cjs');

  const moduleInternals = Module as unknown as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
    _nodeModulePaths: (dir: string) => string[];
  };
  const load = moduleInternals._load;
  moduleInternals._load = (request, parent, isMain) => (request === 'electron' ? fakeElectron : load(request, parent, isMain));
  const shell = new Module(filename) as Module & { _compile(code: string, filename: string): void };
  shell.filename = filename;
  shell.paths = moduleInternals._nodeModulePaths(dirname(filename));
  shell._compile(code, filename);
});

describe('the desktop shell', () => {
  let window: FakeWindow;
  let dashboardUrl: string;

  it('starts the core and opens one locked-down window on the dashboard', async () => {
    readyResolve();
    window = await until(() => windows[0], 'the window');
    dashboardUrl = await until(() => window.loadedUrl, 'the dashboard URL');
    assert.match(dashboardUrl, /^http:\/\/127\.0\.0\.1:\d+\/#token=shell-test-owner-token-0123456789$/);
    assert.equal(errors.length, 0, errors.join('\n'));

    const prefs = window.options.webPreferences;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.preload, join(ROOT, 'dist/main/preload.cjs'));
    assert.deepEqual(prefs.additionalArguments, ['--telethon-desk-version=9.8.7']);

    const origin = new URL(dashboardUrl).origin;
    const health = await fetch(`${origin}/api/health`, { headers: { authorization: 'Bearer shell-test-owner-token-0123456789' } });
    assert.equal(health.status, 200);
  });

  it('keeps navigation on the core (and a demo core), sends web links to the OS browser', () => {
    const origin = new URL(dashboardUrl).origin;
    const navigate = (url: string) => {
      const event = new FakeEvent();
      window.webContents.emit('will-navigate', event, url);
      return event.prevented;
    };
    assert.equal(navigate(`${origin}/overlay/total`), false);
    assert.equal(navigate('http://127.0.0.1:45678/#token=demo'), false);
    assert.equal(navigate('https://tiltify.com/campaign'), true);
    assert.equal(navigate('file:///etc/passwd'), true);
    assert.equal(navigate('javascript:alert(1)'), true);
    assert.deepEqual(opened, ['https://tiltify.com/campaign']);

    const redirect = new FakeEvent();
    window.webContents.emit('will-redirect', redirect, 'https://evil.example/');
    assert.equal(redirect.prevented, true);
    assert.deepEqual(opened, ['https://tiltify.com/campaign'], 'a redirect is blocked, not opened');

    const webview = new FakeEvent();
    window.webContents.emit('will-attach-webview', webview);
    assert.equal(webview.prevented, true);
  });

  it('denies every new window, opening only http(s) links outside', () => {
    const handler = window.webContents.openHandler;
    assert.ok(handler);
    opened.length = 0;
    assert.deepEqual(handler({ url: 'https://www.youtube.com/' }), { action: 'deny' });
    assert.deepEqual(handler({ url: 'file:///C:/Windows/System32/calc.exe' }), { action: 'deny' });
    assert.deepEqual(handler({ url: `${new URL(dashboardUrl).origin}/` }), { action: 'deny' });
    assert.deepEqual(opened, ['https://www.youtube.com/', `${new URL(dashboardUrl).origin}/`]);
  });

  it('denies every permission and keeps the server CSP', () => {
    let granted: boolean | null = null;
    sessionHandlers.permission?.(window.webContents, 'media', (answer: boolean) => (granted = answer));
    assert.equal(granted, false);
    assert.equal(sessionHandlers.permissionCheck?.(window.webContents, 'notifications'), false);

    type HeadersAnswer = { responseHeaders?: Record<string, string[]> };
    const answers: HeadersAnswer[] = [];
    sessionHandlers.headers?.({ responseHeaders: { 'content-security-policy': ["default-src 'none'"] } }, (r: HeadersAnswer) => answers.push(r));
    sessionHandlers.headers?.({ responseHeaders: { 'content-type': ['application/json'] } }, (r: HeadersAnswer) => answers.push(r));
    assert.deepEqual(answers[0], {}, "the server's own policy is left alone");
    assert.match(answers[1]?.responseHeaders?.['Content-Security-Policy']?.[0] ?? '', /script-src 'self'/);
  });

  it('closes the database before quitting, once', async () => {
    const first = new FakeEvent();
    app.emit('before-quit', first);
    assert.equal(first.prevented, true, 'the first quit waits for the database');
    await until(() => (quitCalls > 0 ? true : null), 'the second quit');
    assert.ok(!existsSync(join(temp.path, 'telethon.lock')), 'the core released its data folder');
    assert.ok(!existsSync(join(temp.path, 'telethon.sqlite-wal')), 'the WAL was checkpointed and the database closed');

    const close = new FakeEvent();
    window.emit('close', close);
    assert.equal(close.prevented, false, 'no question while quitting');
  });
});
