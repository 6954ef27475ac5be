// The socket.io v2 client (package alias "sl-socket-client"), which ships no typings: only the
// parts the Streamlabs connection uses.
declare module 'sl-socket-client' {
  interface SlManager {
    on(event: 'reconnect_attempt', listener: (attempt: number) => void): SlManager;
  }
  export interface SlSocket {
    connected: boolean;
    io: SlManager;
    on(event: 'connect', listener: () => void): SlSocket;
    on(event: 'disconnect', listener: (reason: string) => void): SlSocket;
    on(event: 'error' | 'connect_error', listener: (error: unknown) => void): SlSocket;
    on(event: 'reconnecting', listener: (attempt: number) => void): SlSocket;
    on(event: 'event', listener: (data: unknown) => void): SlSocket;
    open(): SlSocket;
    close(): SlSocket;
  }
  export interface SlOptions {
    query?: Record<string, string>;
    transports?: string[];
    forceNew?: boolean;
    reconnection?: boolean;
    reconnectionDelay?: number;
    reconnectionDelayMax?: number;
    randomizationFactor?: number;
    timeout?: number;
  }
  function io(url: string, options?: SlOptions): SlSocket;
  export default io;
}

declare module 'sl-socket-server' {
  import type { Server as HttpServer } from 'node:http';
  export interface SlServerSocket {
    handshake: { query: Record<string, string | undefined> };
    emit(event: string, data: unknown): boolean;
    disconnect(close?: boolean): void;
  }
  export interface SlServer {
    use(middleware: (socket: SlServerSocket, next: (error?: Error) => void) => void): SlServer;
    on(event: 'connection', listener: (socket: SlServerSocket) => void): SlServer;
    emit(event: string, data: unknown): boolean;
    close(callback?: () => void): void;
  }
  function createServer(http: HttpServer, options?: Record<string, unknown>): SlServer;
  export default createServer;
}
