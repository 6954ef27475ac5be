import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import { fixtureText } from '../../../testing/fixtures.js';
import { closeWebSocket, listenWebSocket } from '../../../testing/platform-source.js';

/** A JWT-shaped token the fake accepts (three base64url parts, like StreamElements'). */
export const FAKE_SE_JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjaGFubmVsIjoiNjRiN2YwYzJlMWE5ZDNmNGM1YjZhN2Q4In0.ZmFrZS1zaWduYXR1cmU';
export const FAKE_SE_CHANNEL = '64b7f0c2e1a9d3f4c5b6a7d8';

const fixture = <T>(name: string): T => JSON.parse(fixtureText('streamelements', name)) as T;

interface TipMessage {
  data: { _id: string; donation: Record<string, unknown>; [field: string]: unknown };
  [field: string]: unknown;
}

/** The fixture's channel.tips message, with changes to its tip (`donation` fields merge). */
export function astroTip(changes: { _id?: string; status?: string; donation?: Record<string, unknown> } = {}): TipMessage {
  const message = fixture<TipMessage>('astro-channel.tips-message.json');
  const { donation, ...rest } = changes;
  // A live tip: made now, as the platform would send it.
  const now = new Date().toISOString();
  return { ...message, id: ulidLike(), ts: now, data: { ...message.data, createdAt: now, updatedAt: now, ...rest, donation: { ...message.data.donation, ...donation } } };
}

const ulidLike = () => randomBytes(13).toString('hex').toUpperCase().slice(0, 26);

/**
 * StreamElements' Astro gateway on 127.0.0.1: `welcome` on connect, `subscribe` checked against
 * the JWT (err_unauthorized otherwise, as documented), tips as `message` frames to subscribers.
 * Like the platform, it delivers at least once: after a client subscribes again it replays the
 * tips of the last minutes (`replayOnSubscribe`). `sendReconnect()` plays a graceful shutdown.
 */
export class FakeAstro {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private readonly subscribers = new Set<WebSocket>();
  private readonly reconnectTokens = new Set<string>();
  private readonly sent: TipMessage[] = [];
  port = 0;
  connections = 0;
  subscribeRequests: Record<string, unknown>[] = [];
  replayOnSubscribe = true;

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get subscribed(): number {
    return this.subscribers.size;
  }

  async start(): Promise<this> {
    const { http, wss, port } = await listenWebSocket(this.port, undefined);
    wss.on('connection', (socket, request) => this.accept(socket, new URL(request.url ?? '/', 'http://x')));
    Object.assign(this, { http, wss, port });
    return this;
  }

  private accept(socket: WebSocket, url: URL): void {
    this.connections += 1;
    socket.on('close', () => this.subscribers.delete(socket));
    const resume = url.searchParams.get('reconnect_token');
    if (resume !== null && this.reconnectTokens.delete(resume)) this.subscribers.add(socket);
    socket.send(JSON.stringify({ ...fixture<object>('astro-welcome.json'), id: ulidLike(), ts: new Date().toISOString() }));
    socket.on('message', (raw) => {
      const request = JSON.parse(String(raw)) as { type?: string; nonce?: string; data?: Record<string, unknown> };
      if (request.type !== 'subscribe') {
        socket.send(JSON.stringify({ type: 'response', nonce: request.nonce, error: 'invalid_message_type', data: { message: 'unknown type' } }));
        return;
      }
      this.subscribeRequests.push(request.data ?? {});
      if (request.data?.token !== FAKE_SE_JWT || request.data.token_type !== 'jwt') {
        socket.send(JSON.stringify({ ...fixture<object>('astro-subscribe-error-unauthorized.json'), nonce: request.nonce }));
        return;
      }
      const ok = fixture<{ data: object }>('astro-subscribe-response.json');
      socket.send(JSON.stringify({ ...ok, nonce: request.nonce, data: { ...ok.data, topic: request.data.topic, room: FAKE_SE_CHANNEL } }));
      this.subscribers.add(socket);
      if (this.replayOnSubscribe) for (const tip of this.sent) socket.send(JSON.stringify(tip));
    });
  }

  /** Sends one tip to every subscriber (and keeps it for replays). */
  send(tip: TipMessage): void {
    this.sent.push(tip);
    for (const socket of this.subscribers) socket.send(JSON.stringify(tip));
  }

  /** A graceful shutdown: each subscriber gets `reconnect` with a token, then is closed. */
  sendReconnect(): void {
    for (const socket of this.subscribers) {
      const token = randomBytes(16).toString('hex');
      this.reconnectTokens.add(token);
      const frame = fixture<{ data: object }>('astro-reconnect.json');
      socket.send(JSON.stringify({ ...frame, data: { ...frame.data, reconnect_token: token } }));
      setTimeout(() => socket.close(1012), 50);
    }
    this.subscribers.clear();
  }

  /** Drops every connection without a goodbye, like a network cut. */
  dropAll(): void {
    for (const socket of this.wss?.clients ?? []) socket.terminate();
    this.subscribers.clear();
  }

  async stop(): Promise<void> {
    this.subscribers.clear();
    const { http, wss } = this;
    this.wss = null;
    this.http = null;
    await closeWebSocket(http, wss);
  }
}
