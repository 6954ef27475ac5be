import WebSocket from 'ws';
import { z } from 'zod';

export const EVENTSUB_URL = 'wss://eventsub.wss.twitch.tv/ws';

const metadata = z.object({
  message_id: z.string().min(1).max(200),
  message_type: z.string().max(40),
  message_timestamp: z.string().max(40),
  subscription_type: z.string().max(100).optional(),
});
const envelope = z.object({ metadata, payload: z.record(z.string(), z.unknown()) });
const session = z.object({
  id: z.string().min(1).max(200),
  keepalive_timeout_seconds: z.number().int().min(1).max(600).nullable().optional(),
  reconnect_url: z.string().max(1_000).nullable().optional(),
});

export type EventSubMessage = z.infer<typeof envelope>;

export interface EventSubSessionOptions {
  url: string;
  /** A new session (not a hand-over): subscriptions must be created on it. */
  onWelcome(sessionId: string): void;
  onNotification(message: EventSubMessage): void;
  onRevocation(message: EventSubMessage): void;
  /** The link is down and being re-made (why, in words); null once a session is live again. */
  onDown(problem: string): void;
  log(line: string): void;
  backoffMs?: number;
  /** Added to the keepalive timeout before giving up on a silent connection. */
  keepaliveSlackMs?: number;
}

/** How many message ids are remembered for de-duplication (a few hours of a busy campaign). */
const SEEN_IDS = 5_000;
const MAX_BACKOFF_MS = 30_000;

/** Close codes Twitch documents, in words. */
const CLOSE_WORDS: Record<number, string> = {
  4000: 'Twitch had an internal error',
  4001: 'Twitch says we sent it a message (clients must not)',
  4002: 'Twitch says a ping went unanswered',
  4003: 'Twitch closed the connection because no subscription was made in time',
  4004: 'the reconnect grace time expired',
  4005: 'the network timed out',
  4006: 'a network error',
  4007: 'Twitch refused the reconnect URL',
};

/**
 * One EventSub WebSocket session, as dev.twitch.tv/docs/eventsub/handling-websocket-events
 * describes it. `session_welcome` starts a session (subscriptions are made on it); silence past
 * keepalive_timeout_seconds means the link is dead, so we connect afresh (new session, new
 * subscriptions); `session_reconnect` hands over to its reconnect_url, keeping the old
 * connection until the new one's welcome (subscriptions carry over, nothing is lost). Twitch
 * may deliver a message more than once: message ids already seen are dropped.
 */
export class EventSubSession {
  private current: WebSocket | null = null;
  /** The connection we are handing over to, until its welcome. */
  private next: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private keepaliveMs = 10_000;
  private readonly seen = new Set<string>();
  sessionId: string | null = null;

  constructor(private readonly options: EventSubSessionOptions) {}

  start(): void {
    this.connect(this.options.url, false);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.current?.terminate();
    this.next?.terminate();
    this.current = null;
    this.next = null;
  }

  private connect(url: string, handOver: boolean): void {
    if (this.stopped) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, { handshakeTimeout: 15_000 });
    } catch (error) {
      this.down(`the EventSub address is not usable (${error instanceof Error ? error.message : 'bad URL'})`);
      return;
    }
    if (handOver) this.next = socket;
    else this.current = socket;
    // Until the welcome, the default keepalive bounds how long we wait for it.
    socket.on('open', () => {
      if (socket === this.current) this.heard();
    });
    socket.on('message', (raw) => this.read(socket, String(raw)));
    socket.on('error', (error) => {
      if (socket === this.current || socket === this.next) this.options.log(`EventSub connection error: ${error.message.slice(0, 200)}`);
    });
    socket.on('close', (code) => this.closed(socket, code));
  }

  private read(socket: WebSocket, text: string): void {
    if (this.stopped || (socket !== this.current && socket !== this.next)) return;
    let message: EventSubMessage;
    try {
      const parsed = envelope.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error('not an EventSub message');
      message = parsed.data;
    } catch {
      this.options.log('Twitch EventSub sent a frame that is not an EventSub message; ignored');
      return;
    }
    if (socket === this.current) this.heard();
    const { message_type: type, message_id: id } = message.metadata;
    if (type === 'session_welcome') return this.welcomed(socket, message);
    if (type === 'session_keepalive') return;
    if (type === 'session_reconnect') return this.reconnectAsked(message);
    if (type !== 'notification' && type !== 'revocation') return;
    if (this.seen.has(id)) return;
    this.remember(id);
    if (type === 'notification') this.options.onNotification(message);
    else this.options.onRevocation(message);
  }

  private welcomed(socket: WebSocket, message: EventSubMessage): void {
    const welcome = session.safeParse(message.payload.session);
    if (!welcome.success) {
      socket.terminate();
      return;
    }
    this.keepaliveMs = (welcome.data.keepalive_timeout_seconds ?? 10) * 1_000;
    this.sessionId = welcome.data.id;
    this.attempt = 0;
    if (socket === this.next) {
      // Hand-over complete: the old connection goes, its subscriptions came with us.
      const old = this.current;
      this.current = socket;
      this.next = null;
      old?.close(1000);
      this.heard();
      this.options.log('EventSub moved to a new connection (session_reconnect); subscriptions carried over');
      return;
    }
    this.heard();
    this.options.onWelcome(welcome.data.id);
  }

  private reconnectAsked(message: EventSubMessage): void {
    const asked = session.safeParse(message.payload.session);
    const url = asked.success ? asked.data.reconnect_url : null;
    if (!url || this.next) return;
    this.connect(url, true);
    // A new connection that never says welcome is given up (Twitch allows 30 s for the move);
    // its close then starts afresh if the old one is gone too.
    const next = this.next as WebSocket | null; // set by connect(), which TypeScript cannot see
    setTimeout(() => {
      if (next && next === this.next) next.terminate();
    }, 30_000).unref();
  }

  private closed(socket: WebSocket, code: number): void {
    if (this.stopped) return;
    if (socket === this.next) {
      // The hand-over failed; the old connection (if still open) keeps us until a fresh start.
      this.next = null;
      if (this.current?.readyState !== WebSocket.OPEN) this.down(`the move to a new EventSub connection failed (${CLOSE_WORDS[code] ?? `code ${code}`})`);
      return;
    }
    if (socket !== this.current) return;
    this.current = null;
    if (this.next) return; // the hand-over is under way: its welcome makes it current
    this.down(CLOSE_WORDS[code] ?? `the connection closed (code ${code})`);
  }

  /** Silence past the keepalive timeout: the connection is dead even if TCP has not noticed. */
  private heard(): void {
    if (this.keepaliveTimer) clearTimeout(this.keepaliveTimer);
    const socket = this.current;
    const slack = this.options.keepaliveSlackMs ?? Math.min(2_000, this.keepaliveMs / 4);
    this.keepaliveTimer = setTimeout(() => {
      if (socket !== this.current || this.stopped) return;
      this.current = null;
      socket?.terminate();
      this.down(`no message from Twitch within the ${this.keepaliveMs / 1_000} s keepalive`);
    }, this.keepaliveMs + slack);
  }

  private down(problem: string): void {
    if (this.stopped) return;
    this.clearTimers();
    this.sessionId = null;
    this.options.onDown(problem);
    const backoff = this.options.backoffMs ?? 1_000;
    const delay = Math.min(MAX_BACKOFF_MS, backoff * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect(this.options.url, false);
    }, delay);
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.keepaliveTimer) clearTimeout(this.keepaliveTimer);
    this.retryTimer = null;
    this.keepaliveTimer = null;
  }
}
