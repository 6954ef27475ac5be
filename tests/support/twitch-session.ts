import { mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { FakeTwitchIrc } from '../../main/sources/twitch/testing/fake-irc-server.js';
import { tempDir } from '../../main/testing/harness.js';
import { launchBrowser } from './browser.js';
import { SHOTS } from './e2e-session.js';
import { type ServerProcess, startServer } from './server-process.js';

/**
 * A local fake Twitch, one app process whose channels join it, and one Chromium for a test
 * file: started before its tests, stopped and removed after them. The server process takes the
 * default Twitch server from its environment, so channels added in the dashboard (which never
 * asks for a server) join the fake one. Read the parts inside the tests.
 */
export function twitchE2eSession(prefix: string, ircOptions: Parameters<typeof FakeTwitchIrc.start>[0] = {}): {
  readonly irc: FakeTwitchIrc;
  readonly server: ServerProcess;
  readonly browser: Browser;
} {
  const temp = tempDir(prefix);
  let parts: { irc: FakeTwitchIrc; server?: ServerProcess; browser?: Browser } | undefined;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    parts = { irc: await FakeTwitchIrc.start(ircOptions) };
    process.env.TELETHON_TWITCH_SERVER = parts.irc.url;
    try {
      parts.server = await startServer(temp.path);
    } finally {
      delete process.env.TELETHON_TWITCH_SERVER;
    }
    parts.browser = await launchBrowser();
  });
  after(async () => {
    await parts?.browser?.close();
    await parts?.server?.stop();
    await parts?.irc.close();
    temp.remove();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet: read it inside a test`);
    return value;
  };
  return {
    get irc() {
      return started(parts?.irc, 'fake Twitch');
    },
    get server() {
      return started(parts?.server, 'app');
    },
    get browser() {
      return started(parts?.browser, 'browser');
    },
  };
}
