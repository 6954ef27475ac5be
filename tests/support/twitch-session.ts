import { TWITCH_SERVER_ENV } from '../../main/sources/twitch/connector.js';
import { FakeTwitchIrc } from '../../main/sources/twitch/testing/fake-irc-server.js';
import type { E2eOptions, FakePlatform } from './e2e-session.js';

type FakeIrcOptions = Parameters<typeof FakeTwitchIrc.start>[0];

/**
 * A local fake Twitch as the app's default Twitch server: the app process takes it from its
 * environment, so channels added in the dashboard (which never asks for a server) join the fake
 * one. `more` starts the other fakes a test needs beside it.
 */
export function withFakeTwitch<More extends Record<string, FakePlatform> = Record<string, never>>(
  ircOptions: FakeIrcOptions = {},
  more: () => Promise<More> = async () => ({}) as More,
): Required<Pick<E2eOptions<{ irc: FakeTwitchIrc } & More>, 'fakes' | 'env'>> {
  return {
    fakes: async () => ({ irc: await FakeTwitchIrc.start(ircOptions), ...(await more()) }),
    env: ({ irc }) => ({ [TWITCH_SERVER_ENV]: irc.url }),
  };
}
