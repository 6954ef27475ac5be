/// <reference path="../sources/twitch/tmi-parser.d.ts" />
import tmi from 'tmi.js';
import { z } from 'zod';
import type { CallBotView } from '../../shared/views.js';
import { TWITCH_SERVER, type TwitchServer, parseServerUrl } from '../sources/twitch/connection.js';
import type { SignedUp } from './call-signups.js';

export const CHAT_EDIT_SCOPE = 'chat:edit';
/** Twitch lets an account that is not a moderator send 20 messages per 30 seconds in a channel. */
export const TWITCH_LIMIT = { messages: 20, perMs: 30_000 };
/** We keep under it with room to spare (the streamer may use the same account by hand). */
const OUR_LIMIT = 15;
const CONFIRM_EVERY_MS = 5_000;
const NAMES_SHOWN = 5;
const MESSAGE_MAX = 450;

/** The Twitch account that writes: a Twitch chat source given a login and a token. */
export interface CallBotAccount {
  sourceId: string;
  channel: string;
  login: string;
  token: string;
  server: string;
}

/** A moment the bot speaks about. */
export interface BotMoment {
  id: string;
  at: number;
  command: string;
  tag: string;
  signups: number;
}

/** Where the bot checks its token (Twitch's id server unless set: a local stand-in in tests). */
export const TWITCH_AUTH_ENV = 'TELETHON_TWITCH_AUTH';

/** The first Twitch chat source given a login and a token: its account writes in its channel. */
export function callBotAccount(sources: { records(): { id: string; kind: string; config: Record<string, unknown> }[] }, credentials: { get(id: string): string | null }): CallBotAccount | null {
  for (const source of sources.records()) {
    if (source.kind !== 'twitch') continue;
    const { channel, login, server } = source.config;
    const token = credentials.get(source.id);
    if (typeof channel === 'string' && typeof login === 'string' && login && token) {
      return { sourceId: source.id, channel, login, token, server: typeof server === 'string' ? server : TWITCH_SERVER };
    }
  }
  return null;
}

const validated = z.object({ login: z.string().min(1).max(40), scopes: z.array(z.string().max(100)).max(200) });

/**
 * The campaign's bot in Twitch chat: a grouped confirmation of new sign-ups at most every few
 * seconds (never one per sign-up), a reminder a minute before each call moment and one at the
 * moment. Every message passes one limiter that keeps the account well under Twitch's 20 per
 * 30 seconds; confirmations wait (and grow) when the limiter says no, reminders go first.
 */
export class CallBot {
  private client: tmi.Client | null = null;
  private account: CallBotAccount | null = null;
  private state: CallBotView = { state: 'none', words: 'No Twitch bot account: sign-ups are counted, and nobody answers in chat. Add a login and a token with the chat:edit scope to your Twitch channel to let it answer.' };
  private readonly waiting = new Map<string, { names: string[]; more: number }>();
  private readonly reminded = new Set<string>();
  private readonly sent: number[] = [];
  private lastConfirm = 0;
  private timer: NodeJS.Timeout | null = null;
  private watcher: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Every message sent, with its time (read by the tests and the status line). */
  readonly said: { at: number; text: string }[] = [];

  constructor(
    private readonly options: {
      account: () => CallBotAccount | null;
      moments: () => BotMoment[];
      authUrl: string;
      onStatus?: () => void;
      /** The account's login, once known: its own messages are never sign-ups. */
      onAccount?: (login: string) => void;
      now?: () => number;
      confirmEveryMs?: number;
      log?: (line: string) => void;
    },
  ) {}

  view(): CallBotView {
    return this.state;
  }

  /** Looks for the account now and every few seconds (a token may be added later), then connects. */
  start(): void {
    const look = () => {
      if (this.account || this.stopped) return;
      const account = this.options.account();
      if (account) void this.connect(account);
    };
    look();
    this.watcher = setInterval(look, 5_000);
    this.watcher.unref();
  }

  /** Checks the account's token (chat:edit) and connects; says in words what is missing. */
  private async connect(account: CallBotAccount): Promise<void> {
    this.account = account;
    this.options.onAccount?.(account.login);
    this.setState({ state: 'checking', words: `Checking that ${account.login} may write in chat…` });
    const problem = await this.checkToken(account);
    if (this.stopped) return;
    if (problem) {
      this.setState({ state: 'refused', words: problem });
      return;
    }
    const server: TwitchServer = parseServerUrl(account.server) ?? parseServerUrl(TWITCH_SERVER)!;
    const client = new tmi.Client({
      options: { skipMembership: true, skipUpdatingEmotesets: true },
      connection: { server: server.host, port: server.port, secure: server.secure, reconnect: true },
      identity: { username: account.login, password: `oauth:${account.token}` },
      channels: [account.channel],
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    this.client = client;
    client.on('join', (_channel: string, user: string, self: boolean) => {
      if (self) this.setState({ state: 'ready', words: `${account.login} answers sign-ups in #${account.channel} (a grouped confirmation at most every ${Math.round(this.confirmEvery() / 1000)} s) and reminds chat a minute before each call and at it.` });
      void user;
    });
    client.on('disconnected', (reason: string) => this.setState({ state: 'checking', words: `${account.login} lost its chat connection (${reason.slice(0, 80)}); reconnecting.` }));
    client.connect().catch((error: unknown) => this.setState({ state: 'refused', words: `${account.login} could not join #${account.channel}: ${String(error).slice(0, 120)}` }));
    this.timer = setInterval(() => this.tick(), 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watcher) clearInterval(this.watcher);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.disconnect().catch(() => undefined);
  }

  /** New sign-ups (committed): Twitch people wait for the next grouped confirmation. */
  signedUp(people: SignedUp[]): void {
    if (!this.client) return;
    for (const person of people) {
      if (person.platform !== 'twitch') continue;
      const entry = this.waiting.get(person.momentId) ?? { names: [], more: 0 };
      if (entry.names.length < NAMES_SHOWN) entry.names.push(person.name);
      else entry.more += 1;
      this.waiting.set(person.momentId, entry);
    }
  }

  /** Once a second: reminders due, then at most one grouped confirmation, all through the limiter. */
  tick(): void {
    if (!this.client || this.state.state !== 'ready') return;
    const now = this.now();
    const moments = this.options.moments();
    for (const m of moments) {
      if (now >= m.at - 60_000 && now < m.at && !this.reminded.has(`${m.id}:before`)) {
        if (this.send(`In one minute: post ${m.tag}! ${count(m.signups)} ${m.signups === 1 ? 'person has' : 'people have'} signed up. Type ${m.command} to join.`)) this.reminded.add(`${m.id}:before`);
      }
      if (now >= m.at && now < m.at + 60_000 && !this.reminded.has(`${m.id}:now`)) {
        if (this.send(`Now: everyone post ${m.tag}! ${count(m.signups)} of us together.`)) this.reminded.add(`${m.id}:now`);
      }
    }
    if (now - this.lastConfirm < this.confirmEvery() || this.waiting.size === 0) return;
    const [momentId, entry] = this.waiting.entries().next().value as [string, { names: string[]; more: number }];
    const moment = moments.find((m) => m.id === momentId);
    if (!moment) {
      this.waiting.delete(momentId);
      return;
    }
    const names = entry.names.map((n) => `@${n}`).join(', ');
    const text = `Signed up for ${moment.tag} at ${hhmm(moment.at)} UTC: ${names}${entry.more > 0 ? ` and ${count(entry.more)} more` : ''} (${count(moment.signups)} in all). Type ${moment.command} to join.`;
    if (this.send(text.slice(0, MESSAGE_MAX))) {
      this.waiting.delete(momentId);
      this.lastConfirm = now;
    }
  }

  /** Sends when the limiter allows; false when it must wait. */
  private send(text: string): boolean {
    const now = this.now();
    while (this.sent.length > 0 && this.sent[0]! <= now - TWITCH_LIMIT.perMs) this.sent.shift();
    if (this.sent.length >= OUR_LIMIT || !this.client || !this.account) return false;
    this.sent.push(now);
    this.said.push({ at: now, text });
    this.client.say(this.account.channel, text).catch((error: unknown) => this.options.log?.(`the call bot could not write in chat: ${String(error).slice(0, 120)}`));
    return true;
  }

  private async checkToken(account: CallBotAccount): Promise<string | null> {
    const fix = `Make a token for ${account.login} with the ${CHAT_EDIT_SCOPE} scope and enter it on the Twitch source again.`;
    try {
      const answer = await fetch(`${this.options.authUrl}/oauth2/validate`, { headers: { authorization: `OAuth ${account.token}` }, signal: AbortSignal.timeout(10_000) });
      if (answer.status === 401) return `Twitch refused the token of ${account.login}: it is invalid or has expired. ${fix}`;
      if (answer.status !== 200) return `Twitch could not check the token of ${account.login} (HTTP ${answer.status}); the bot stays quiet. Restart the app to try again.`;
      const owner = validated.safeParse(await answer.json());
      if (!owner.success) return `Twitch answered the token check of ${account.login} in an unexpected shape; the bot stays quiet.`;
      if (!owner.data.scopes.includes(CHAT_EDIT_SCOPE)) return `The token of ${account.login} may not write in chat: it lacks the ${CHAT_EDIT_SCOPE} scope. ${fix}`;
      return null;
    } catch (error) {
      return `Twitch could not be reached to check the token of ${account.login} (${String(error).slice(0, 80)}); the bot stays quiet. Restart the app to try again.`;
    }
  }

  private setState(state: CallBotView): void {
    this.state = state;
    this.options.onStatus?.();
  }

  private confirmEvery(): number {
    return this.options.confirmEveryMs ?? CONFIRM_EVERY_MS;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

const count = (n: number) => n.toLocaleString('en');
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
