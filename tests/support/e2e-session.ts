import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { tempDir } from '../../main/testing/harness.js';
import { launchBrowser } from './browser.js';
import { ROOT, type ServerProcess, startServer } from './server-process.js';

/** Where browser tests put the screenshots people look at. */
export const SHOTS = join(ROOT, 'test-results');

/**
 * One app process in a fresh data folder and one Chromium for a test file: started before its
 * tests, stopped and removed after them. Read `server` and `browser` inside the tests. `args`
 * go to `npm run serve` (`['--demo']` plays the demo).
 */
export function e2eSession(prefix: string, args: string[] = []): { readonly server: ServerProcess; readonly browser: Browser } {
  const temp = tempDir(prefix);
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer(temp.path, args);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    temp.remove();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet: read it inside a test`);
    return value;
  };
  return {
    get server() {
      return started(server, 'app');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
