import { io, type Socket } from 'socket.io-client';
import { type SequencedBatch, unbatch } from '../../shared/contract.js';

/** A real socket.io client on one namespace that keeps everything it hears, in order. */
export interface SocketListener {
  socket: Socket;
  /** Every event the socket received, as JSON text, in order. */
  frames: string[];
  events: { event: string; payload: any }[];
  close(): void;
}

export function listenTo(url: string, namespace: string, auth: Record<string, string>): Promise<SocketListener> {
  const socket = io(`${url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const frames: string[] = [];
  const events: { event: string; payload: any }[] = [];
  socket.onAny((event: string, payload: unknown) => {
    frames.push(JSON.stringify([event, payload]));
    events.push({ event, payload });
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, frames, events, close: () => socket.close() }));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The changes a listener received, unbatched, in order. */
export const changesHeard = (listener: SocketListener): any[] =>
  listener.events.filter((e) => e.event === 'changes').flatMap((e) => unbatch(e.payload as SequencedBatch<any>)).map((c) => c.change);
