import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import { fixtureText } from '../../../testing/fixtures.js';
import { closeWebSocket, listenWebSocket } from '../../../testing/platform-source.js';

export const FAKE_TWITCH_TOKEN = 'fakecharitytoken0123456789abcd';
export const FAKE_TWITCH_CLIENT = 'fakeclientid0123456789';
export const FAKE_BROADCASTER = { id: '141981764', login: 'lanternrun' };

const fixture = <T>(name: string): T => JSON.parse(fixtureText('twitch-eventsub', name)) as T;

interface Envelope {
  metadata: Record<string, unknown>;
  payload: Record<string, unknown> & { subscription?: Record<string, unknown>; event?: Record<string, unknown>; session?: Record<string, unknown> };
}

/** The fixture's charity donation event with changes (`amount` replaces the whole amount). */
export function charityDonation(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...fixture<Envelope>('notification-charity-donate.json').payload.event, ...changes };
}

/** The fixture's progress event with a new current amount (minor units at 2 decimals, USD). */
export function charityProgress(currentMinor: number, currency = 'USD', decimalPlaces = 2): Record<string, unknown> {
  return { ...fixture<Envelope>('notification-charity-progress.json').payload.event, current_amount: { value: currentMinor, decimal_places: decimalPlaces, currency } };
}

interface Session {
  id: string;
  socket: WebSocket;
  subscriptions: Map<string, Record<string, unknown>>;
  keepalive: NodeJS.Timeout | null;
}

/**
 * Twitch's EventSub on 127.0.0.1: the WebSocket (`/ws`: session_welcome, session_keepalive,
 * notification, session_reconnect, revocation, as documented and as Twitch's own CLI mock
 * server sends them), the token check (GET /oauth2/validate) and the subscriptions endpoint
 * (POST /helix/eventsub/subscriptions, Client-Id and Bearer checked, 202 with the created
 * subscription). `silent` stops keepalives, to see a client notice a dead link.
 */
export class FakeEventSub {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private readonly sessions = new Map<string, Session>();
  port = 0;
  connections = 0;
  keepaliveSeconds = 1;
  silent = false;
  scopes = ['channel:read:charity'];
  /** False once the owner revoked the token (at twitch.tv/settings/connections): checks answer 401. */
  tokenValid = true;
  /** Bodies of POST /helix/eventsub/subscriptions, with the headers that matter. */
  subscriptionRequests: { body: Record<string, unknown>; clientId: string | undefined; authorization: string | undefined }[] = [];
  /** Called with each new welcome (a fresh session or a hand-over). */
  onWelcome: ((sessionId: string, handOver: boolean) => void) | null = null;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** Sessions with an open socket. */
  get live(): number {
    return [...this.sessions.values()].filter((s) => s.socket.readyState === 1).length;
  }

  async start(): Promise<this> {
    const { http, wss, port } = await listenWebSocket(this.port, '/ws', (server) => server.on('request', (request, response) => void this.serve(request, response)));
    wss.on('connection', (socket, request) => this.accept(socket, new URL(request.url ?? '/', 'http://x')));
    Object.assign(this, { http, wss, port });
    return this;
  }

  private accept(socket: WebSocket, url: URL): void {
    this.connections += 1;
    const resumed = this.sessions.get(url.searchParams.get('reconnect') ?? '');
    const session: Session = resumed
      ? { ...resumed, socket, keepalive: null }
      : { id: `AgoQ${randomBytes(12).toString('base64url')}`, socket, subscriptions: new Map(), keepalive: null };
    if (resumed?.keepalive) clearInterval(resumed.keepalive);
    this.sessions.set(session.id, session);
    socket.on('close', () => {
      if (this.sessions.get(session.id)?.socket === socket) {
        if (session.keepalive) clearInterval(session.keepalive);
        this.sessions.delete(session.id);
      }
    });
    const welcome = fixture<Envelope>('session_welcome.json');
    this.sendTo(socket, 'session_welcome', {
      session: { ...welcome.payload.session, id: session.id, keepalive_timeout_seconds: this.keepaliveSeconds, connected_at: new Date().toISOString() },
    });
    session.keepalive = setInterval(() => {
      if (!this.silent) this.sendTo(socket, 'session_keepalive', {});
    }, (this.keepaliveSeconds * 1000) / 2);
    this.onWelcome?.(session.id, resumed !== undefined);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (request.method === 'GET' && path === '/oauth2/validate') {
      if (request.headers.authorization !== `OAuth ${FAKE_TWITCH_TOKEN}` || !this.tokenValid) return reply(401, { status: 401, message: 'invalid access token' });
      return reply(200, { client_id: FAKE_TWITCH_CLIENT, login: FAKE_BROADCASTER.login, scopes: this.scopes, user_id: FAKE_BROADCASTER.id, expires_in: 5_000_000 });
    }
    if (request.method === 'POST' && path === '/helix/eventsub/subscriptions') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown> & { type?: string; transport?: { session_id?: string } };
      this.subscriptionRequests.push({ body, clientId: request.headers['client-id'] as string | undefined, authorization: request.headers.authorization });
      if (request.headers.authorization !== `Bearer ${FAKE_TWITCH_TOKEN}` || request.headers['client-id'] !== FAKE_TWITCH_CLIENT) {
        return reply(401, { error: 'Unauthorized', status: 401, message: 'Invalid OAuth token' });
      }
      const session = this.sessions.get(body.transport?.session_id ?? '');
      if (!session) return reply(400, { error: 'Bad Request', status: 400, message: 'websocket transport session does not exist or has already disconnected' });
      const created = fixture<{ data: Record<string, unknown>[] }>('create-subscription-response-202.json');
      const subscription = { ...created.data[0], id: randomUUID(), type: body.type, condition: body.condition, transport: { ...body.transport, connected_at: new Date().toISOString() } };
      session.subscriptions.set(String(body.type), subscription);
      return reply(202, { ...created, data: [subscription] });
    }
    reply(404, { error: 'Not Found', status: 404, message: 'no such route' });
  }

  private sendTo(socket: WebSocket, type: string, payload: Record<string, unknown>, extra: Record<string, unknown> = {}, messageId: string = randomUUID()): void {
    const metadata = { message_id: messageId, message_type: type, message_timestamp: new Date().toISOString(), ...extra };
    if (socket.readyState === 1) socket.send(JSON.stringify({ metadata, payload }));
  }

  /** A notification to every session subscribed to `type`; returns its message id (to redeliver it). */
  notify(type: string, event: Record<string, unknown>, messageId: string = randomUUID() as string): string {
    for (const session of this.sessions.values()) {
      const subscription = session.subscriptions.get(type);
      if (!subscription) continue;
      this.sendTo(session.socket, 'notification', { subscription, event }, { subscription_type: type, subscription_version: '1' }, messageId);
    }
    return messageId;
  }

  /** session_reconnect on every session: the client should move to the URL given. */
  askReconnect(): void {
    for (const session of this.sessions.values()) {
      const frame = fixture<Envelope>('session_reconnect.json');
      this.sendTo(session.socket, 'session_reconnect', {
        session: { ...frame.payload.session, id: session.id, reconnect_url: `${this.wsUrl}?reconnect=${session.id}` },
      });
    }
  }

  /** Revokes a subscription type on every session (the owner removed the app's access). */
  revoke(type: string, status = 'authorization_revoked'): void {
    for (const session of this.sessions.values()) {
      const subscription = session.subscriptions.get(type);
      if (!subscription) continue;
      session.subscriptions.delete(type);
      this.sendTo(session.socket, 'revocation', { subscription: { ...subscription, status } }, { subscription_type: type, subscription_version: '1' });
    }
  }

  /** Subscriptions of the session(s) alive now, by type. */
  subscribedTypes(): string[] {
    return [...this.sessions.values()].flatMap((s) => [...s.subscriptions.keys()]).sort();
  }

  async stop(): Promise<void> {
    for (const session of this.sessions.values()) if (session.keepalive) clearInterval(session.keepalive);
    this.sessions.clear();
    const { http, wss } = this;
    this.wss = null;
    this.http = null;
    await closeWebSocket(http, wss);
  }
}
