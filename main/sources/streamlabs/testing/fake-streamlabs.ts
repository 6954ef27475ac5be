/// <reference path="../sl-socket.d.ts" />
import { type Server, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import createSocketServer, { type SlServer, type SlServerSocket } from 'sl-socket-server';
import { donationFixture } from '../../../testing/fixtures.js';

export const FAKE_SOCKET_TOKEN = 'fake-streamlabs-socket-token-0123456789';

/** The fixture's event (Streamlabs' documented `donation` message), with changes to its donation. */
export function streamlabsEvent(donation: Record<string, unknown> = {}): Record<string, unknown> {
  const fixture = donationFixture<{ type: string; message: Record<string, unknown>[]; event_id: string }>('streamlabs-socket-donation.json');
  const first = fixture.message[0] ?? {};
  return { ...fixture, message: [{ ...first, ...donation }] };
}

/**
 * The Streamlabs Socket API on 127.0.0.1: a socket.io v2 server (the platform's major version)
 * that checks the `token` query like Streamlabs and sends `event` messages. It can be stopped
 * and started again on the same port, like a platform restarting.
 */
export class FakeStreamlabs {
  private http: Server | null = null;
  private io: SlServer | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly clients = new Set<SlServerSocket>();
  port = 0;
  connections = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get connected(): number {
    return this.clients.size;
  }

  async start(): Promise<this> {
    const http = createServer();
    http.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    const io = createSocketServer(http, { serveClient: false });
    io.use((socket, next) => {
      if (socket.handshake.query.token === FAKE_SOCKET_TOKEN) next();
      else next(new Error('Unauthorized: invalid token'));
    });
    io.on('connection', (socket) => {
      this.connections += 1;
      this.clients.add(socket);
      (socket as unknown as { on(e: 'disconnect', l: () => void): void }).on('disconnect', () => this.clients.delete(socket));
    });
    await new Promise<void>((done) => http.listen(this.port, '127.0.0.1', done));
    this.port = (http.address() as AddressInfo).port;
    this.http = http;
    this.io = io;
    return this;
  }

  /** Sends one `event` message to every connected client. */
  send(event: unknown): void {
    for (const client of this.clients) client.emit('event', event);
  }

  async stop(): Promise<void> {
    // Like a crash: connections just drop (no goodbye packet), and clients must come back alone.
    this.clients.clear();
    for (const socket of this.sockets) socket.destroy();
    const http = this.http;
    this.io?.close();
    this.io = null;
    this.http = null;
    await new Promise<void>((done) => (http?.listening ? http.close(() => done()) : done()));
  }
}
