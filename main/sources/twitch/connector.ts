import { type Result, fail, ok } from '../../../shared/result.js';
import { HiddenChat } from '../../chat/hidden.js';
import { charityCountedBy } from '../twitch-eventsub/coverage.js';
import type { SourceConnector } from '../connectors.js';
import { TWITCH_SERVER, parseServerUrl } from './connection.js';
import { TwitchChatThread } from './chat-thread.js';
import type { TwitchItem } from './irc.js';

const LOGIN = /^[a-z0-9_]{1,25}$/;
const TOKEN = /^[A-Za-z0-9]{1,200}$/;

export interface TwitchConfig {
  channel: string;
  server: string;
  login: string | null;
  /** Only whether a token is kept (in the CredentialStore), never the token. */
  has_token: boolean;
}

function readConfig(input: Record<string, unknown>, defaultServer: string): Result<{ config: TwitchConfig; credential: string | null }> {
  const channel = typeof input.channel === 'string' ? input.channel.trim().replace(/^#/, '').toLowerCase() : '';
  if (!LOGIN.test(channel)) return fail('channel must be a Twitch channel name: letters, digits and "_", at most 25');
  const server = input.server === undefined || input.server === null || input.server === '' ? defaultServer : input.server;
  if (typeof server !== 'string' || !parseServerUrl(server)) {
    return fail('server must be a WebSocket URL such as "wss://irc-ws.chat.twitch.tv:443"');
  }
  let login: string | null = null;
  if (input.login !== undefined && input.login !== null && input.login !== '') {
    login = typeof input.login === 'string' ? input.login.trim().toLowerCase() : '';
    if (!LOGIN.test(login)) return fail('login must be a Twitch account name');
  }
  let credential: string | null = null;
  if (input.oauth_token !== undefined && input.oauth_token !== null && input.oauth_token !== '') {
    const token = typeof input.oauth_token === 'string' ? input.oauth_token.trim().replace(/^oauth:/, '') : '';
    // Never repeat the token in the message: it may be pasted in the wrong field.
    if (!TOKEN.test(token)) return fail('oauth_token must be a Twitch OAuth token (letters and digits, with or without "oauth:")');
    credential = token;
  }
  return ok({ config: { channel, server, login, has_token: credential !== null }, credential });
}

/**
 * Where channels added without a `server` connect: Twitch, unless TELETHON_TWITCH_SERVER names
 * another WebSocket server (a local test server, a relay). Read once when the app starts.
 */
export const TWITCH_SERVER_ENV = 'TELETHON_TWITCH_SERVER';

function chooseDefaultServer(configured: string | undefined, log: (line: string) => void): string {
  if (!configured) return TWITCH_SERVER;
  if (parseServerUrl(configured)) return configured;
  log(`${TWITCH_SERVER_ENV}="${configured.slice(0, 80)}" is not a WebSocket URL (ws:// or wss://); using Twitch's server.`);
  return TWITCH_SERVER;
}

/**
 * Twitch chat of one channel: anonymous read-only by default; an OAuth token (optional) only
 * gives the connection an identity. Chat goes to the chat batch, Twitch Charity donations to
 * the donation path (durable), moderators' clears to the hidden-chat marks.
 */
export function twitchConnector(options: { backoffMs?: number; log?: (line: string) => void; defaultServer?: string } = {}): SourceConnector {
  const log = options.log ?? ((line: string) => console.warn(line));
  const defaultServer = chooseDefaultServer(options.defaultServer ?? process.env[TWITCH_SERVER_ENV], log);
  return {
    kind: 'twitch',
    configure: (input) => {
      const read = readConfig(input, defaultServer);
      if (!read.ok) return read;
      return ok({ config: { ...read.value.config }, credential: read.value.credential });
    },
    // A new account name alone keeps the token; oauth_token: null reads anonymously again.
    editInput: (config, credential) => ({ ...config, oauth_token: credential }),
    start: (source, { services, credentials }) => {
      const config = source.config as Partial<TwitchConfig>;
      const server = parseServerUrl(typeof config.server === 'string' ? config.server : TWITCH_SERVER);
      if (!server || typeof config.channel !== 'string') throw new Error('the stored Twitch settings are unreadable');
      const hidden = new HiddenChat(services.db);
      const failed = (item: TwitchItem) => (error: unknown) => {
        const what = item.type === 'donation' ? 'A Twitch Charity donation could not be counted' : 'A chat event could not be kept';
        const why = error instanceof Error ? error.message : String(error);
        log(`${source.id}: ${what}: ${why}`);
        if (item.type === 'donation') services.sources.recordFailure(source.id, `${what}: ${why}`);
      };
      const deliver = (item: TwitchItem) => {
        try {
          if (item.type === 'chat') services.ingest.chat(item.event);
          else if (item.type === 'clear') {
            hidden.hide(source.id, item.clear);
            services.hub.chatHidden(source.id);
          }
          else if (item.type === 'donation') {
            const counting = charityCountedBy(services.sources, config.channel ?? '');
            if (counting) log(`${source.id}: a Twitch Charity donation in chat is counted by ${counting.name} (EventSub), not here`);
            else services.acceptDonation(item.event).catch(failed(item));
          }
        } catch (error) {
          failed(item)(error);
        }
      };
      const chat = new TwitchChatThread({
        sourceId: source.id,
        channel: config.channel,
        server,
        token: credentials.get(source.id),
        login: typeof config.login === 'string' ? config.login : null,
        deliver,
        status: (status, problem) => {
          if (problem) services.sources.recordFailure(source.id, problem);
          services.sources.setLiveStatus(source.id, status);
        },
        log,
        ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
      });
      chat.start();
      return { stop: () => chat.stop() };
    },
  };
}
