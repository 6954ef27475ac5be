import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { tempDir } from '../../main/testing/harness.js';
import { launchBrowser } from './browser.js';
import { ROOT, type ServerProcess, startServer } from './server-process.js';

/** Where browser tests put the screenshots people look at. */
export const SHOTS = join(ROOT, 'test-results');

/** A fake platform a session started (fake Twitch, YouTube, X, Tiltify...): closed after the app stops. */
export type FakePlatform = { close(): Promise<void> } | { stop(): Promise<void> };

export interface E2eOptions<Fakes extends Record<string, FakePlatform>> {
  /** Arguments to `npm run serve` (`['--demo']` plays the demo). */
  args?: string[];
  /** How long the app may take to listen: a large seeded database takes longer to open. */
  startTimeoutMs?: number;
  /** Runs in the fresh data folder before anything starts: seeds its database, say. */
  prepare?: (dataDir: string) => void | Promise<void>;
  /** Starts the fake platforms the app talks to, before the app; read them as `fakes` in the tests. */
  fakes?: () => Promise<Fakes>;
  /** Environment variables the app process starts with: where it finds a fake platform by default. */
  env?: (fakes: Fakes) => Record<string, string>;
  /**
   * Runs once the app and the browser are up, before the tests: what the file's tests start from
   * (a campaign, donations, links). Here rather than in the file's own before(): Node 20 runs a
   * file's top-level before() hooks side by side, not one after the other.
   */
  afterStart?: (session: E2eSession<Fakes>) => Promise<void>;
}

export interface E2eSession<Fakes> {
  readonly server: ServerProcess;
  readonly browser: Browser;
  readonly fakes: Fakes;
  /** The app's data folder (its database, lock file, archives). */
  readonly dataDir: string;
  /**
   * Starts the app again in the same data folder, with the same environment, once the test has
   * stopped it (`args`, the session's by default: `['--port', port]` keeps its address).
   */
  restart(args?: string[]): Promise<ServerProcess>;
}

/**
 * One app process in a fresh data folder and one Chromium for a test file (and the fake platforms
 * it needs): started before its tests, stopped and removed after them. Read the parts inside the
 * tests.
 */
export function e2eSession<Fakes extends Record<string, FakePlatform> = Record<string, never>>(
  prefix: string,
  options: E2eOptions<Fakes> = {},
): E2eSession<Fakes> {
  const temp = tempDir(prefix);
  const args = options.args ?? [];
  let fakes: Fakes | undefined;
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const start = (serveArgs: string[]) => startServer(temp.path, serveArgs, options.startTimeoutMs, fakes && options.env ? options.env(fakes) : {});
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await options.prepare?.(temp.path);
    fakes = options.fakes ? await options.fakes() : ({} as Fakes);
    server = await start(args);
    browser = await launchBrowser();
    await options.afterStart?.(session);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    for (const fake of Object.values(fakes ?? {})) await ('close' in fake ? fake.close() : fake.stop());
    temp.remove();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet: read it inside a test`);
    return value;
  };
  const session: E2eSession<Fakes> = {
    get server() {
      return started(server, 'app');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get fakes() {
      return started(fakes, 'fake platforms');
    },
    dataDir: temp.path,
    async restart(serveArgs = args) {
      await started(server, 'app').stop();
      server = await start(serveArgs);
      return server;
    },
  };
  return session;
}
