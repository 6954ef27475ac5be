/// <reference path="./tmi-parser.d.ts" />
import tmi from 'tmi.js';
import parser from 'tmi.js/lib/parser.js';
import type { SourceStatus } from '../../../shared/views.js';
import { type IrcLine, RecentChatters, type TwitchItem, readTwitchLine } from './irc.js';

export const TWITCH_SERVER = 'wss://irc-ws.chat.twitch.tv:443';

export interface TwitchServer {
  host: string;
  port: number;
  secure: boolean;
}

export interface TwitchChatOptions {
  sourceId: string;
  channel: string;
  server: TwitchServer;
  /** OAuth token (without "oauth:"); null reads chat anonymously. */
  token: string | null;
  /** With a token: the account's login (Twitch checks the token, the nick only names it). */
  login?: string | null;
  deliver(item: TwitchItem): void;
  status(status: SourceStatus, problem: string | null): void;
  log(line: string): void;
  /** First reconnect delay; doubles per failure up to 60 s, with jitter. */
  backoffMs?: number;
  random?: () => number;
}

/** Lines our reader handles; everything else goes to tmi.js (login, PING, JOIN...). */
const CHANNEL_LINES = new Set(['PRIVMSG', 'USERNOTICE', 'CLEARCHAT', 'CLEARMSG']);
/** NOTICE msg-ids that mean this channel cannot be read: shown, not retried. */
const REFUSALS: Record<string, string> = {
  msg_banned: 'Twitch says this account is banned from #%s, so its chat cannot be read.',
  msg_channel_suspended: 'Twitch says the channel #%s is suspended.',
  msg_room_not_found: 'Twitch has no channel named #%s: check the spelling.',
  tos_ban: 'Twitch says this account is banned from #%s, so its chat cannot be read.',
};
const LOGIN_FAILURES = ['Login authentication failed', 'Login unsuccessful', 'Improperly formatted auth', 'Error logging in'];
const BACKOFF_MAX_MS = 60_000;

interface Connection {
  client: tmi.Client;
  joined: boolean;
  leaving: boolean;
}

/** Parses a WebSocket frame with tmi.js's parser; never throws. */
export function parseFrame(data: unknown, onLine: (line: IrcLine) => void, onBad: (reason: string) => void): void {
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
  for (const raw of text.split('\r\n')) {
    if (raw.length === 0) continue;
    let line: IrcLine | null = null;
    try {
      line = parser.msg(raw);
    } catch (error) {
      onBad(`unreadable line: ${String(error).slice(0, 80)}`);
      continue;
    }
    if (!line || !line.command) onBad(`malformed line: ${raw.slice(0, 80)}`);
    else onLine(line);
  }
}

/**
 * One channel's chat, kept joined for the whole marathon. Each connection is a tmi.js client
 * with its own reconnection turned off: on Twitch's RECONNECT it would close first and reopen
 * seconds later, losing what was said in between. Here the new connection joins first, the old
 * one is closed after, and the overlap is removed by message id in the store.
 */
export class TwitchChat {
  private current: Connection | null = null;
  private replacement: Connection | null = null;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private warnings = 0;
  /** Kept across reconnects: a CLEARCHAT naming a login finds the id of whoever spoke lately. */
  private readonly recentChatters = new RecentChatters();

  constructor(private readonly options: TwitchChatOptions) {}

  start(): void {
    this.options.status('connecting', null);
    this.current = this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await Promise.all([this.current, this.replacement].map((c) => (c ? this.close(c) : undefined)));
    this.current = null;
    this.replacement = null;
  }

  private open(): Connection {
    const { server, token, channel } = this.options;
    const quiet = { info: () => {}, warn: () => {}, error: (line: string) => this.warn(`tmi.js: ${line}`) };
    const client = new tmi.Client({
      options: { skipMembership: true, skipUpdatingEmotesets: true },
      connection: { server: server.host, port: server.port, secure: server.secure, reconnect: false },
      ...(token ? { identity: { username: this.options.login ?? channel, password: `oauth:${token}` } } : {}),
      channels: [channel],
      logger: quiet,
    });
    const connection: Connection = { client, joined: false, leaving: false };
    // tmi.js reads frames in _onMessage; ours parses with its parser, routes channel lines to our
    // reader, and guards the rest so a hostile frame can never throw out of the socket handler.
    const internals = client as unknown as { _onMessage(event: { data: unknown }): void; handleMessage(line: IrcLine): void };
    internals._onMessage = (event) => {
      try {
        parseFrame(event.data, (line) => this.onLine(connection, internals, line), (reason) => this.warn(reason));
      } catch (error) {
        this.warn(`frame skipped: ${String(error).slice(0, 120)}`);
      }
    };
    client.on('disconnected', (reason: string) => this.onClosed(connection, reason));
    client.connect().catch(() => {
      // 'disconnected' carries the reason.
    });
    return connection;
  }

  private onLine(connection: Connection, internals: { handleMessage(line: IrcLine): void }, line: IrcLine): void {
    const command = line.command ?? '';
    if (CHANNEL_LINES.has(command)) {
      let item: TwitchItem;
      try {
        item = readTwitchLine(line, this.options.sourceId, Date.now(), this.recentChatters);
      } catch (error) {
        this.warn(`line skipped: ${String(error).slice(0, 120)}`);
        return;
      }
      if (item.type === 'skip') {
        this.warn(item.reason);
        return;
      }
      if (item.type === 'chat' && item.problem) this.warn(item.problem);
      this.options.deliver(item);
      return;
    }
    if (command === 'RECONNECT') {
      this.onReconnectRequested(connection);
      return;
    }
    if (command === 'NOTICE' && this.refused(connection, line)) return;
    if ((command === 'JOIN' || command === 'ROOMSTATE') && !connection.joined && this.isOurChannel(line, command, connection)) {
      connection.joined = true;
      this.onJoined(connection);
    }
    try {
      internals.handleMessage(line);
    } catch (error) {
      this.warn(`tmi.js could not handle a ${command.slice(0, 20)} line: ${String(error).slice(0, 120)}`);
    }
  }

  private isOurChannel(line: IrcLine, command: string, connection: Connection): boolean {
    if ((line.params[0] ?? '').toLowerCase() !== `#${this.options.channel}`) return false;
    if (command === 'ROOMSTATE') return true;
    const nick = (line.prefix ?? '').split('!', 1)[0] ?? '';
    return nick === connection.client.getUsername();
  }

  /** Login refused or channel closed to us: stop and say why, do not retry in silence. */
  private refused(connection: Connection, line: IrcLine): boolean {
    const msgId = typeof line.tags['msg-id'] === 'string' ? line.tags['msg-id'] : '';
    const text = line.params[1] ?? '';
    let problem: string | null = null;
    if (LOGIN_FAILURES.some((f) => text.includes(f))) {
      problem = this.options.token
        ? 'Twitch refused the login: the OAuth token is wrong or has expired. Add the channel again with a new token, or without one to read chat anonymously.'
        : 'Twitch refused the anonymous login.';
    } else if (REFUSALS[msgId]) {
      problem = REFUSALS[msgId].replace('%s', this.options.channel);
    }
    if (!problem) return false;
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.options.status('failing', problem);
    for (const c of [connection, this.current, this.replacement]) if (c) void this.close(c);
    return true;
  }

  private onJoined(connection: Connection): void {
    if (this.stopped) return;
    this.failures = 0;
    if (connection === this.replacement) {
      const old = this.current;
      this.current = connection;
      this.replacement = null;
      if (old) void this.close(old);
    }
    this.options.status('connected', null);
  }

  private onReconnectRequested(connection: Connection): void {
    if (this.stopped || connection !== this.current || this.replacement) return;
    this.options.log(`Twitch asked #${this.options.channel} to reconnect: joining again before leaving`);
    this.replacement = this.open();
  }

  private onClosed(connection: Connection, reason: string): void {
    if (connection.leaving || this.stopped) return;
    connection.leaving = true;
    if (connection === this.replacement) {
      this.replacement = null;
      if (this.current) return; // the old connection still works; Twitch will ask again
    } else if (connection === this.current) {
      this.current = null;
      if (this.replacement) {
        this.options.status('reconnecting', null);
        return; // the replacement is on its way
      }
    } else {
      return;
    }
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    const base = this.options.backoffMs ?? 1_000;
    const ceiling = Math.min(BACKOFF_MAX_MS, base * 2 ** Math.min(this.failures, 16));
    // Full jitter in the upper half: many desks reconnecting after one outage do not stampede.
    const delay = Math.round(ceiling * (0.5 + 0.5 * (this.options.random ?? Math.random)()));
    this.failures += 1;
    const seconds = Math.max(1, Math.round(delay / 1000));
    this.options.status(
      'reconnecting',
      `Lost the connection to Twitch chat (${plain(reason)}); trying again in ${seconds} s.`,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.options.status('connecting', null);
      this.current = this.open();
    }, delay);
  }

  private async close(connection: Connection): Promise<void> {
    connection.leaving = true;
    try {
      if (connection.client.readyState() !== 'CLOSED') await connection.client.disconnect();
    } catch {
      // Already closing or closed.
    }
  }

  /** Logged: the first 20, then every 1,000th, so a flood of bad lines cannot flood the log. */
  private warn(line: string): void {
    this.warnings += 1;
    if (this.warnings <= 20 || this.warnings % 1_000 === 0) this.options.log(`twitch #${this.options.channel}: ${line} (${this.warnings} so far)`);
  }
}

function plain(reason: string): string {
  if (!reason || /Connection closed|Unable to connect/i.test(reason)) return 'the server closed it';
  return reason.slice(0, 120);
}

/** "wss://irc-ws.chat.twitch.tv:443" → host, port, secure; null for anything else. */
export function parseServerUrl(url: string): TwitchServer | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return null;
  if (parsed.pathname !== '/' && parsed.pathname !== '') return null;
  const secure = parsed.protocol === 'wss:';
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : secure ? 443 : 80, secure };
}
