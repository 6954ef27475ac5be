import { after } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { type TestCore, startTestCore } from './harness.js';

/**
 * Cores and sockets a test file opens, all closed when the file ends. `start(dir)` reopens a
 * data folder without creating the campaign again; `stop(t)` closes one early (a restart).
 */
export function trackedCores() {
  const opened: TestCore[] = [];
  const sockets: Socket[] = [];
  after(async () => {
    for (const s of sockets) s.disconnect();
    for (const o of opened.reverse()) await o.close();
  });
  return {
    async start(dir?: string): Promise<TestCore> {
      const t = await startTestCore(dir ? { dir, withCampaign: false } : {});
      opened.push(t);
      return t;
    },
    async stop(t: TestCore): Promise<void> {
      opened.splice(opened.indexOf(t), 1);
      await t.close();
    },
    /** A socket.io client on a namespace of the core, connected (or rejected with the server's refusal). */
    connect(t: TestCore, namespace: string, auth: Record<string, string>): Promise<Socket> {
      const socket = io(`${t.core.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
  };
}
