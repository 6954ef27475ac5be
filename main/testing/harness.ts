import { mkdtempSync, rmSync } from 'node:fs';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CampaignInput } from '../../shared/views.js';
import { type Core, createCore } from '../core.js';
import type { SourceConnector } from '../sources/connectors.js';
import { signGeneric } from '../sources/webhook/signature.js';

export const TEST_TOKEN = 'test-owner-token-0123456789';

export function tempDir(prefix = 'telethon-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const EXAMPLE_CAMPAIGN: CampaignInput = {
  title: 'Water for the camps',
  cause: "Clean water in Cox's Bazar",
  currency: 'EUR',
  goal: { value: '10000.00', currency: 'EUR' },
  milestones: [
    { amount: { value: '1000', currency: 'EUR' }, label: 'A pump' },
    { amount: { value: '5000', currency: 'EUR' }, label: 'A well' },
  ],
  starts_at: '2026-11-23T08:00:00Z',
  duration_hours: 48,
};

export interface TestCore {
  core: Core;
  dir: string;
  /** Calls the API as the owner (or with `token`), returning status and parsed JSON. */
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any }>;
  /** Posts a signed generic webhook; `sign` false sends no signature. */
  hook(sourceId: string, secret: string, body: unknown, options?: { timestamp?: number; raw?: string; signWith?: string }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startTestCore(options: { dir?: string; withCampaign?: boolean; connectors?: SourceConnector[] } = {}): Promise<TestCore> {
  const temp = options.dir ? null : tempDir();
  const dir = options.dir ?? temp!.path;
  const core = await createCore({
    dataDir: dir,
    port: 0,
    ownerToken: TEST_TOKEN,
    backupIntervalMs: 3_600_000,
    log: () => {},
    ...(options.connectors ? { connectors: options.connectors } : {}),
  });
  const api: TestCore['api'] = async (method, path, body, token = TEST_TOKEN) => {
    const response = await fetch(`${core.url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const hook: TestCore['hook'] = async (sourceId, secret, body, hookOptions = {}) => {
    const raw = hookOptions.raw ?? JSON.stringify(body);
    const timestamp = hookOptions.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(`${core.url}/hooks/${sourceId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telethon-timestamp': String(timestamp),
        'x-telethon-signature': signGeneric(hookOptions.signWith ?? secret, timestamp, raw),
      },
      body: raw,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  if (options.withCampaign !== false) {
    const created = await api('PUT', '/api/campaign', EXAMPLE_CAMPAIGN);
    if (created.status !== 200) throw new Error(`campaign not created: ${JSON.stringify(created.body)}`);
  }
  return {
    core,
    dir,
    api,
    hook,
    close: async () => {
      await core.close();
      temp?.remove();
    },
  };
}

/** A generic webhook donation body (SPEC.md). */
export function donationBody(id: string, value: string, currency = 'EUR', extra: Record<string, unknown> = {}) {
  return { id, type: 'donation', amount: { value, currency }, donor: { name: 'Ada' }, message: 'for the camp', occurred_at: new Date().toISOString(), ...extra };
}

/**
 * A starter of test cores for one test file: each core it starts is closed (and its folder
 * removed) after the file's tests. `withCampaign` false starts without the example campaign.
 */
export function testCoreStarter(): (withCampaign?: boolean) => Promise<TestCore> {
  const opened: TestCore[] = [];
  after(async () => {
    for (const t of opened) await t.close();
  });
  return async (withCampaign = true) => {
    const t = await startTestCore({ withCampaign });
    opened.push(t);
    return t;
  };
}
