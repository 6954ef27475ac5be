import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { OVERLAY_NAMESPACE } from '../../shared/contract.js';
import { type Core, createCore } from '../core.js';
import { EXAMPLE_CAMPAIGN, TEST_TOKEN, tempDir } from '../testing/harness.js';
import { SLOW_CLIENT_LIMITS } from './sockets.js';

const temp = tempDir();
let core: Core | null = null;
after(async () => {
  await core?.close();
  temp.remove();
});

/** An overlay client speaking engine.io's WebSocket protocol itself, so it can stop reading. */
async function rawOverlay(url: string, key: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('0')) ws.send(`40${OVERLAY_NAMESPACE},${JSON.stringify({ key })}`);
      else if (text.startsWith(`40${OVERLAY_NAMESPACE}`)) resolve();
      else if (text === '2') ws.send('3');
    });
  });
  return ws;
}

describe('clients that stop reading', () => {
  it('are disconnected once too much waits for them, while a reading overlay keeps every change', async () => {
    const lines: string[] = [];
    // Small limits, so the test fills them in seconds; the kernel's socket buffers come first.
    SLOW_CLIENT_LIMITS.packets = 200;
    core = await createCore({ dataDir: temp.path, port: 0, ownerToken: TEST_TOKEN, backupIntervalMs: 3_600_000, log: (line) => lines.push(line) });
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${core!.url}${path}`, { method, headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
    await api('PUT', '/api/campaign', EXAMPLE_CAMPAIGN);
    const { key } = (await api('GET', '/api/overlay')) as { key: string };

    const reader: Socket = io(`${core.url}${OVERLAY_NAMESPACE}`, { auth: { key }, transports: ['websocket'], reconnection: false, forceNew: true });
    let received = 0;
    // Campaign and totals changes only: the leaderboard may be sent once on its own timer.
    reader.on('changes', (batch: { changes: { type: string }[] }) => (received += batch.changes.filter((c) => c.type === 'campaign' || c.type === 'totals').length));
    await new Promise((resolve) => reader.once('snapshot', resolve));
    const frozen = await rawOverlay(core.url, key);
    // A frozen tab: its TCP connection stays open and nothing is read from it any more.
    (frozen as unknown as { _socket: { pause(): void } })._socket.pause();

    let sent = 0;
    const deadline = Date.now() + 60_000;
    while (!lines.some((l) => l.includes('stopped reading')) && Date.now() < deadline) {
      // Each campaign change goes to every overlay socket (and a totals change with it). The
      // changes of one turn leave as one packet: what fills the frozen socket's queue is the
      // number of turns, so each turn is kept short (500 changes a turn took 60 s on a busy
      // machine to queue the 200 packets that trip the limit).
      for (let i = 0; i < 50; i += 1) core.services.hub.campaignChanged();
      sent += 50;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const dropped = lines.filter((l) => l.includes('stopped reading'));
    assert.equal(dropped.length, 1, `exactly the frozen overlay was dropped (${sent} changes sent): ${lines.join('\n')}`);
    assert.match(dropped[0]!, /Disconnected a overlay page that stopped reading \(\d+ KB waiting for it\)/);
    // The reading overlay is still connected and hears every change (two per campaign change).
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(reader.connected, true);
    const expected = sent * 2;
    const until = Date.now() + 10_000;
    while (received < expected && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(received, expected);
    reader.close();
    frozen.terminate();
  });
});
