import { fail, ok } from '../../../shared/result.js';
import type { SourceConnector } from '../connectors.js';
import { checkBaseUrl } from '../tiltify/connector.js';
import { CharityLink } from './charity-link.js';
import { CHARITY_SCOPE, TWITCH_API, TWITCH_AUTH } from './helix.js';
import { EVENTSUB_URL } from './session.js';

const LOGIN = /^[a-z0-9_]{3,25}$/;
/** Twitch user access tokens: 30 lowercase letters and digits today; allow some room. */
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

export interface TwitchCharityOptions {
  backoffMs?: number;
  keepaliveSlackMs?: number;
  revalidateMs?: number;
  log?: (line: string) => void;
}

/**
 * A channel's Twitch Charity campaign over EventSub (WebSocket transport). Config: `channel`
 * (the broadcaster's login) and optional `server` (EventSub's WebSocket), `api_url` (Helix) and
 * `auth_url` (id.twitch.tv) addresses. The broadcaster's user token, with the
 * channel:read:charity scope, goes to the CredentialStore and is never returned, shown or logged.
 */
export function twitchCharityConnector(options: TwitchCharityOptions = {}): SourceConnector {
  const log = options.log ?? ((line: string) => console.warn(line));
  return {
    kind: 'twitch-charity',
    configure(input) {
      const channel = typeof input.channel === 'string' ? input.channel.trim().replace(/^#/, '').toLowerCase() : '';
      if (!LOGIN.test(channel)) return fail('channel is required: your Twitch channel name (login), like "lanternrun"');
      const token = typeof input.oauth_token === 'string' ? input.oauth_token.trim().replace(/^oauth:/i, '') : '';
      // Never repeat the token in the message: it may have been pasted in the wrong field.
      if (!TOKEN.test(token)) return fail(`oauth_token is required: a user access token of ${channel} with the ${CHARITY_SCOPE} scope`);
      const server = checkBaseUrl(input.server, EVENTSUB_URL);
      if (!server.ok || !/^wss?:/.test(server.value)) return fail(`server must be a WebSocket URL like "${EVENTSUB_URL}"`);
      const api = checkBaseUrl(input.api_url, TWITCH_API);
      if (!api.ok) return fail(`api_url must be a URL like "${TWITCH_API}"`);
      const auth = checkBaseUrl(input.auth_url, TWITCH_AUTH);
      if (!auth.ok) return fail(`auth_url must be a URL like "${TWITCH_AUTH}"`);
      return ok({ config: { channel, server: server.value, api_url: api.value, auth_url: auth.value }, credential: token });
    },
    start(source, { services, credentials }) {
      const token = credentials.get(source.id);
      if (!token) throw new Error('the Twitch token is missing: paste it with Replace credentials on this source');
      const config = source.config;
      if (typeof config.channel !== 'string') throw new Error('the stored Twitch Charity settings are unreadable');
      const link = new CharityLink({
        source,
        services,
        token,
        channel: config.channel,
        server: typeof config.server === 'string' ? config.server : EVENTSUB_URL,
        apiUrl: typeof config.api_url === 'string' ? config.api_url : TWITCH_API,
        authUrl: typeof config.auth_url === 'string' ? config.auth_url : TWITCH_AUTH,
        log: (line) => log(`${source.id}: ${line}`),
        ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
        ...(options.keepaliveSlackMs ? { keepaliveSlackMs: options.keepaliveSlackMs } : {}),
        ...(options.revalidateMs ? { revalidateMs: options.revalidateMs } : {}),
      });
      link.start();
      return { stop: () => link.stop() };
    },
  };
}
