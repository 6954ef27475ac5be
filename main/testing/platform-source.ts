import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'node:test';
import { WebSocketServer } from 'ws';
import type { SourceConnector } from '../sources/connectors.js';
import { type TestCore, startTestCore } from './harness.js';

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * One platform connector's tests: a core with only that connector, a fake platform, the
 * connector's log; both closed after each test. `add` creates the source through the API and
 * checks the credential is not sent back.
 */
export function platformSourceTests<F extends Stoppable>() {
  let core: TestCore | undefined;
  let fake: F | undefined;
  const logged: string[] = [];
  afterEach(async () => {
    await core?.close();
    await fake?.stop();
    core = undefined;
    logged.length = 0;
  });
  const started = () => {
    if (!core) throw new Error('call start() first');
    return core;
  };
  return {
    logged,
    log: (line: string) => void logged.push(line),
    async start(platform: F, connector: SourceConnector): Promise<TestCore> {
      fake = platform;
      core = await startTestCore({ connectors: [connector] });
      return core;
    },
    async add(body: Record<string, unknown>, credential: string): Promise<string> {
      const created = await started().api('POST', '/api/sources', body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.doesNotMatch(JSON.stringify(created.body), new RegExp(credential.slice(-20)));
      return created.body.id as string;
    },
    source: async (id: string) => (await started().api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === id),
    totals: async () => (await started().api('GET', '/api/totals')).body,
    /** The API's amount in one currency ("12.50"), or undefined. */
    inCurrency: (view: { by_currency: { currency: string; amount: { value: string } }[] }, currency: string) =>
      view.by_currency.find((c) => c.currency === currency)?.amount.value,
  };
}

/** A fake platform's WebSocket server on 127.0.0.1 (`port` 0: any free one). */
export async function listenWebSocket(port: number, path: string | undefined, handle: (server: Server) => void = () => {}): Promise<{ http: Server; wss: WebSocketServer; port: number }> {
  const http = createServer();
  handle(http);
  const wss = new WebSocketServer(path ? { server: http, path } : { server: http });
  await new Promise<void>((done) => http.listen(port, '127.0.0.1', done));
  return { http, wss, port: (http.address() as AddressInfo).port };
}

/** Ends every connection (no goodbye) and closes the server. */
export async function closeWebSocket(http: Server | null, wss: WebSocketServer | null): Promise<void> {
  for (const socket of wss?.clients ?? []) socket.terminate();
  wss?.close();
  await new Promise<void>((done) => (http?.listening ? http.close(() => done()) : done()));
}
