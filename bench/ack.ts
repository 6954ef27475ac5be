import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { signGeneric } from '../main/sources/webhook/signature.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { OWNER_TOKEN, ownerApi, startServer } from '../tests/support/server-process.js';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Baseline: append ~300 bytes and fdatasync, the least a durable acknowledgement costs on this disk. */
export function rawFsyncLatencies(dir: string, count: number): number[] {
  const fd = openSync(join(dir, 'fsync.bin'), 'a');
  const record = Buffer.alloc(300, 'x');
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    writeSync(fd, record);
    fdatasyncSync(fd);
    out.push(ms(start));
  }
  closeSync(fd);
  return out.sort((a, b) => a - b);
}

/**
 * Webhook in → 2xx out against the real server process (signature, JSON, FULL commit), one at
 * a time; and, on the same connection pool, the bare HTTP round trip of a read (GET
 * /api/health), which is the floor any acknowledgement over HTTP pays.
 */
export async function webhookAckLatencies(dir: string, count: number): Promise<{ ack: number[]; http: number[] }> {
  const server = await startServer(dir);
  try {
    const http: number[] = [];
    for (let i = 0; i < count + 20; i += 1) {
      const start = process.hrtime.bigint();
      const response = await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${OWNER_TOKEN}` } });
      await response.arrayBuffer();
      if (i >= 20) http.push(ms(start));
    }
    await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN);
    const source = (await ownerApi(server.url, 'POST', '/api/sources', { kind: 'webhook', name: 'bench' })).body;
    const out: number[] = [];
    for (let i = 0; i < count + 20; i += 1) {
      const raw = JSON.stringify({ id: `ack-${i}`, type: 'donation', amount: { value: '1.00', currency: 'EUR' }, donor: { name: 'Bench' } });
      const ts = Math.floor(Date.now() / 1000);
      const start = process.hrtime.bigint();
      const response = await fetch(`${server.url}/hooks/${source.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telethon-timestamp': String(ts), 'x-telethon-signature': signGeneric(source.secret, ts, raw) },
        body: raw,
      });
      await response.arrayBuffer();
      if (response.status !== 201) throw new Error(`webhook answered ${response.status}`);
      if (i >= 20) out.push(ms(start)); // the first requests warm up the connection and JIT
    }
    return { ack: out.sort((a, b) => a - b), http: http.sort((a, b) => a - b) };
  } finally {
    await server.stop();
  }
}
