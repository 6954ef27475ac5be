import { once } from 'node:events';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A local stand-in for irc-ws.chat.twitch.tv: speaks enough Twitch IRC over WebSocket for tmi.js
 * (CAP, PASS/NICK, the welcome numerics, JOIN, PING/PONG, RECONNECT) and replays raw lines to
 * the connections that joined a channel. Listens on 127.0.0.1 only.
 */
export interface FakeIrcOptions {
  /** PASS values refused with "Login authentication failed". */
  refusedTokens?: string[];
  /** Channels that answer JOIN with msg_banned. */
  bannedChannels?: string[];
}

export interface FakeConnection {
  socket: WebSocket;
  nick: string;
  pass: string | null;
  channels: Set<string>;
}

export class FakeTwitchIrc {
  readonly connections = new Set<FakeConnection>();
  /** Every connection ever opened, in order. */
  readonly history: FakeConnection[] = [];
  /** Every PRIVMSG a client sent (a bot writing in chat), with when it arrived. */
  readonly said: { nick: string; channel: string; text: string; at: number }[] = [];
  private readonly joinWaiters: (() => void)[] = [];

  private constructor(private readonly server: WebSocketServer, readonly port: number, private readonly options: FakeIrcOptions) {}

  static async start(options: FakeIrcOptions = {}): Promise<FakeTwitchIrc> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('unexpected address');
    const fake = new FakeTwitchIrc(server, address.port, options);
    server.on('connection', (socket) => fake.accept(socket));
    return fake;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Connections that have joined `channel` (with or without "#"). */
  joined(channel: string): FakeConnection[] {
    const name = channelName(channel);
    return [...this.connections].filter((c) => c.channels.has(name));
  }

  /** Resolves once `count` connections are joined to `channel` (bounded by timeoutMs). */
  async waitForJoined(channel: string, count = 1, timeoutMs = 10_000): Promise<FakeConnection[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.joined(channel).length < count) {
      if (Date.now() > deadline) throw new Error(`${count} joins of ${channel} never came`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.joinWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.joined(channel);
  }

  /** Sends lines (one WebSocket frame per `perFrame` lines, as Twitch batches) to these connections. */
  send(to: FakeConnection[], lines: string[], perFrame = 100): void {
    for (let i = 0; i < lines.length; i += perFrame) {
      const frame = `${lines.slice(i, i + perFrame).join('\r\n')}\r\n`;
      for (const c of to) if (c.socket.readyState === c.socket.OPEN) c.socket.send(frame);
    }
  }

  /** Sends lines to every connection joined to `channel`. */
  broadcast(channel: string, lines: string[], perFrame = 100): void {
    this.send(this.joined(channel), lines, perFrame);
  }

  /** Twitch's "please reconnect": the connection keeps working until the client leaves it. */
  requestReconnect(to: FakeConnection[]): void {
    this.send(to, [':tmi.twitch.tv RECONNECT']);
  }

  /** The server vanishing: every socket cut without a goodbye. */
  dropAll(): void {
    for (const c of this.connections) c.socket.terminate();
  }

  /** Resolves when the socket has sent everything queued (so a drop after it cuts nothing more). */
  async drained(to: FakeConnection[]): Promise<void> {
    for (let i = 0; i < 500 && to.some((c) => c.socket.bufferedAmount > 0); i += 1) await new Promise((r) => setTimeout(r, 5));
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const connection: FakeConnection = { socket, nick: '', pass: null, channels: new Set() };
    this.connections.add(connection);
    this.history.push(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', () => this.connections.delete(connection));
    socket.on('message', (data) => {
      for (const line of data.toString().split('\r\n')) if (line) this.command(connection, line);
    });
  }

  private command(c: FakeConnection, line: string): void {
    const [verb = '', ...rest] = line.split(' ');
    const reply = (...lines: string[]) => this.send([c], lines);
    switch (verb) {
      case 'CAP':
        reply(`:tmi.twitch.tv CAP * ACK :${rest.slice(2).join(' ').replace(/^:/, '')}`);
        break;
      case 'PASS':
        c.pass = rest.join(' ');
        break;
      case 'NICK': {
        c.nick = rest[0] ?? '';
        if (c.pass && this.options.refusedTokens?.some((t) => c.pass === `oauth:${t}`)) {
          reply(':tmi.twitch.tv NOTICE * :Login authentication failed');
          break;
        }
        reply(
          `:tmi.twitch.tv 001 ${c.nick} :Welcome, GLHF!`,
          `:tmi.twitch.tv 002 ${c.nick} :Your host is tmi.twitch.tv`,
          `:tmi.twitch.tv 003 ${c.nick} :This server is rather new`,
          `:tmi.twitch.tv 004 ${c.nick} :-`,
          `:tmi.twitch.tv 375 ${c.nick} :-`,
          `:tmi.twitch.tv 372 ${c.nick} :You are in a maze of twisty passages, all alike.`,
          `:tmi.twitch.tv 376 ${c.nick} :>`,
        );
        break;
      }
      case 'JOIN':
        for (const raw of (rest[0] ?? '').split(',')) {
          const name = channelName(raw);
          if (this.options.bannedChannels?.includes(name)) {
            reply(`@msg-id=msg_banned :tmi.twitch.tv NOTICE #${name} :You are permanently banned from talking in ${name}.`);
            continue;
          }
          c.channels.add(name);
          reply(
            `:${c.nick}!${c.nick}@${c.nick}.tmi.twitch.tv JOIN #${name}`,
            `@emote-only=0;followers-only=-1;r9k=0;room-id=1;slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #${name}`,
          );
          // A signed-in account (not justinfan) gets its USERSTATE, as on Twitch: tmi.js's join waits for it.
          if (c.pass && !c.nick.startsWith('justinfan')) {
            reply(`@badge-info=;badges=;color=;display-name=${c.nick};emote-sets=0;mod=0;subscriber=0;user-type= :tmi.twitch.tv USERSTATE #${name}`);
          }
        }
        for (const wake of this.joinWaiters.splice(0)) wake();
        break;
      case 'PRIVMSG': {
        const text = line.slice(line.indexOf(' :') + 2);
        this.said.push({ nick: c.nick, channel: channelName(rest[0] ?? ''), text, at: Date.now() });
        break;
      }
      case 'PING':
        reply(`:tmi.twitch.tv PONG tmi.twitch.tv :${rest.join(' ').replace(/^:/, '')}`);
        break;
      default:
        break;
    }
  }
}

const channelName = (channel: string) => channel.replace(/^#/, '').toLowerCase();

/** A chat line as Twitch sends it, with the tags tmi.js and our reader use. */
export function privmsg(channel: string, m: { id: string; userId: string; login: string; text: string; ts?: number; bits?: number; badges?: string }): string {
  const tags = [
    `badge-info=`,
    `badges=${m.badges ?? ''}`,
    ...(m.bits ? [`bits=${m.bits}`] : []),
    `color=#1E90FF`,
    `display-name=${m.login}`,
    `emotes=`,
    `id=${m.id}`,
    `mod=0`,
    `room-id=1`,
    `subscriber=0`,
    `tmi-sent-ts=${m.ts ?? Date.now()}`,
    `turbo=0`,
    `user-id=${m.userId}`,
    `user-type=`,
  ].join(';');
  return `@${tags} :${m.login}!${m.login}@${m.login}.tmi.twitch.tv PRIVMSG #${channelName(channel)} :${m.text}`;
}

/** Puts a fixture line (from another channel) into `channel`. */
export function inChannel(line: string, channel: string): string {
  return line.replace(/ (PRIVMSG|USERNOTICE|CLEARCHAT|CLEARMSG) #[^ ]+/, ` $1 #${channelName(channel)}`);
}
