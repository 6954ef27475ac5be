import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { z } from 'zod';
import type { SourceStatus } from '../../../shared/views.js';

export const ASTRO_URL = 'wss://astro.streamelements.com';
export const TIPS_TOPIC = 'channel.tips';
export const JWT_PLACE = 'StreamElements → your avatar → Channel settings → API → Show secrets → JWT Token';

export interface AstroOptions {
  url: string;
  /** The channel's JWT: sent in the subscribe request only, never logged. */
  token: string;
  /** The channel id (the request's room); StreamElements finds it from the JWT when absent. */
  room: string | null;
  onTip(data: unknown): void;
  status(status: SourceStatus, problem: string | null): void;
  log(line: string): void;
  /** First reconnect delay, doubled up to 30 s after each failed attempt. */
  backoffMs?: number;
  /** Astro pings every 30 s: with nothing (not even a ping) for this long the link is dead. */
  silenceMs?: number;
}

const MAX_BACKOFF_MS = 30_000;

const frame = z.object({
  type: z.string().max(40),
  nonce: z.string().max(100).optional(),
  topic: z.string().max(100).optional(),
  error: z.string().max(100).optional(),
  data: z.unknown().optional(),
});
const reconnectData = z.object({ reconnect_token: z.string().min(1).max(4_000) });
const words = z.object({ message: z.string().max(300) });

/**
 * StreamElements' Astro gateway (docs.streamelements.com/websockets): the real-time API its
 * current documentation describes, a plain WebSocket with pub/sub topics. After `welcome` we
 * subscribe to channel.tips with the JWT; tips arrive as `message` frames. A `reconnect` frame
 * (graceful shutdown) is followed at once with its reconnect_token, which restores the
 * subscription; any other drop reconnects with backoff and subscribes again. A refused JWT is
 * final until the owner gives a new one: retrying it would only be refused again.
 */
export class AstroConnection {
  private socket: WebSocket | null = null;
  private stopped = false;
  private refused = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private subscribeNonce: string | null = null;
  private everConnected = false;

  constructor(private readonly options: AstroOptions) {}

  start(): void {
    this.options.status('connecting', null);
    this.open(null);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.socket?.terminate();
    this.socket = null;
  }

  private open(reconnectToken: string | null): void {
    if (this.stopped || this.refused) return;
    const url = new URL(this.options.url);
    if (reconnectToken) url.searchParams.set('reconnect_token', reconnectToken);
    const socket = new WebSocket(url, { handshakeTimeout: 15_000 });
    this.socket = socket;
    this.subscribeNonce = null;
    const mine = <A extends unknown[]>(run: (...args: A) => void) => (...args: A) => {
      if (socket === this.socket && !this.stopped) run(...args);
    };
    socket.on('open', mine(() => this.heard()));
    socket.on('ping', mine(() => this.heard()));
    socket.on('message', mine((raw: WebSocket.RawData) => {
      this.heard();
      this.read(String(raw), reconnectToken !== null);
    }));
    socket.on('unexpected-response', mine((_request: unknown, response: { statusCode?: number; headers: Record<string, unknown> }) => {
      const status = response.statusCode ?? 0;
      const retryAfter = Number(response.headers['retry-after']);
      socket.terminate();
      this.dropped(
        status === 429 ? 'StreamElements asks us to slow down (too many connections): trying again shortly.' : `StreamElements answered HTTP ${status} instead of opening the socket.`,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1_000 : null,
      );
    }));
    socket.on('error', mine((error: Error) => {
      this.dropped(`StreamElements cannot be reached: ${error.message.slice(0, 200)}`, null);
    }));
    socket.on('close', mine((code: number) => this.dropped(this.everConnected ? null : `StreamElements closed the connection (code ${code}).`, null)));
  }

  private read(text: string, resumed: boolean): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.options.log('StreamElements sent a frame that is not JSON; ignored');
      return;
    }
    const message = frame.safeParse(parsed);
    if (!message.success) {
      this.options.log('StreamElements sent a frame without a type; ignored');
      return;
    }
    const { type, data } = message.data;
    if (type === 'welcome') {
      // On a reconnect_token connection the subscription is restored by StreamElements.
      if (resumed) this.subscribed();
      else this.subscribe();
    } else if (type === 'response') {
      if (message.data.nonce !== this.subscribeNonce) return;
      if (message.data.error) this.subscribeFailed(message.data.error, words.safeParse(data).data?.message ?? null);
      else this.subscribed();
    } else if (type === 'message') {
      if (message.data.topic === TIPS_TOPIC) this.options.onTip(data);
    } else if (type === 'reconnect') {
      const token = reconnectData.safeParse(data);
      this.handOver(token.success ? token.data.reconnect_token : null);
    }
  }

  private subscribe(): void {
    this.subscribeNonce = randomUUID();
    this.socket?.send(JSON.stringify({
      type: 'subscribe',
      nonce: this.subscribeNonce,
      data: { topic: TIPS_TOPIC, ...(this.options.room ? { room: this.options.room } : {}), token: this.options.token, token_type: 'jwt' },
    }));
  }

  private subscribed(): void {
    this.attempt = 0;
    this.everConnected = true;
    this.options.status('connected', null);
  }

  private subscribeFailed(code: string, said: string | null): void {
    const why = said ? `${said} (${code})` : code;
    if (code === 'err_unauthorized') {
      this.refused = true;
      this.clearTimers();
      this.socket?.close(1000);
      this.socket = null;
      this.options.status('failing', `StreamElements refused the JWT: ${why}. Copy a new one from ${JWT_PLACE} and paste it with Replace credentials on this source.`);
      return;
    }
    this.socket?.terminate();
    this.dropped(`StreamElements did not subscribe us to tips: ${why}. Trying again.`, null);
  }

  /** Graceful shutdown: straight to the next server with the token that restores our topics. */
  private handOver(reconnectToken: string | null): void {
    const old = this.socket;
    this.socket = null;
    old?.close(1000);
    this.options.status('reconnecting', null);
    this.open(reconnectToken);
  }

  private dropped(problem: string | null, waitMs: number | null): void {
    if (this.stopped || this.refused) return;
    this.socket?.removeAllListeners();
    this.socket?.on('error', () => {});
    this.socket?.terminate();
    this.socket = null;
    this.clearTimers();
    this.options.status(this.everConnected ? 'reconnecting' : 'connecting', problem);
    const backoff = this.options.backoffMs ?? 1_000;
    const delay = waitMs ?? Math.min(MAX_BACKOFF_MS, backoff * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open(null);
    }, delay);
  }

  /** Anything from the server (a frame or a ping) proves the link alive. */
  private heard(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    const socket = this.socket;
    this.silenceTimer = setTimeout(() => {
      if (socket !== this.socket) return;
      socket?.terminate();
      this.dropped('StreamElements went silent (no ping for over a minute): reconnecting.', null);
    }, this.options.silenceMs ?? 70_000);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.retryTimer = null;
    this.silenceTimer = null;
  }
}
