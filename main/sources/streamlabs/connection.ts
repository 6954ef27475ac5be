/// <reference path="./sl-socket.d.ts" />
import io, { type SlSocket } from 'sl-socket-client';
import type { SourceStatus } from '../../../shared/views.js';

export const STREAMLABS_SOCKET = 'https://sockets.streamlabs.com';

export interface StreamlabsSocketOptions {
  url: string;
  /** The owner's socket token: sent in the handshake only, never logged. */
  token: string;
  onEvent(data: unknown): void;
  status(status: SourceStatus, problem: string | null): void;
  /** First reconnect delay (socket.io doubles it up to 30 s). */
  backoffMs?: number;
  /** How long to wait before trying a refused token again (the owner may fix it in Streamlabs). */
  refusedRetryMs?: number;
}

const REFUSED = 'Streamlabs refused the socket token: copy it again from Streamlabs → Settings → API Tokens → Your Socket API Token, and paste it with Replace credentials on this source.';

/**
 * The Streamlabs Socket API: a socket.io v2 server, so this uses the v2 client (our own
 * socket.io is v4 and cannot speak to it). socket.io reconnects by itself after a drop; a
 * refused token (an `error` packet from the server's handshake check) is shown and retried slowly, since retrying fast would only be refused again.
 */
export class StreamlabsSocket {
  private socket: SlSocket | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private everConnected = false;

  constructor(private readonly options: StreamlabsSocketOptions) {}

  start(): void {
    this.options.status('connecting', null);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.close();
    this.socket = null;
  }

  private open(): void {
    if (this.stopped) return;
    const backoff = this.options.backoffMs ?? 1_000;
    const socket = io(this.options.url, {
      query: { token: this.options.token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
      reconnectionDelay: backoff,
      reconnectionDelayMax: Math.max(backoff, 30_000),
      timeout: 20_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.everConnected = true;
      this.options.status('connected', null);
    });
    socket.on('event', (data) => this.options.onEvent(data));
    socket.on('error', (error) => {
      // socket.io v2 delivers a refusal by the server's handshake check as an `error` event.
      if (isRefusal(error)) this.refused();
      else this.options.status('reconnecting', `Streamlabs connection error: ${this.describe(error)}`);
    });
    socket.on('connect_error', (error) => {
      this.options.status(this.everConnected ? 'reconnecting' : 'connecting', `Streamlabs cannot be reached: ${this.describe(error)}`);
    });
    socket.on('reconnecting', () => {
      if (!this.stopped) this.options.status('reconnecting', null);
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.options.status('reconnecting', null);
      // "io server disconnect": the server closed us on purpose (a restart) and socket.io will
      // not retry by itself; open again after the first backoff.
      if (reason === 'io server disconnect') this.retryIn(backoff);
    });
  }

  private refused(): void {
    if (this.stopped) return;
    this.socket?.close();
    this.socket = null;
    this.options.status('failing', REFUSED);
    this.retryIn(this.options.refusedRetryMs ?? 5 * 60_000);
  }

  private retryIn(ms: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.socket?.close();
      this.open();
    }, ms);
  }

  /** An error's words without the token (a URL in a message could carry it). */
  private describe(error: unknown): string {
    const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) ?? 'unknown error';
    return text.split(this.options.token).join('***').slice(0, 200);
  }
}

function isRefusal(error: unknown): boolean {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) ?? '';
  return /unauthori[sz]ed|invalid token|bad token|forbidden|not authori[sz]ed/i.test(text);
}
