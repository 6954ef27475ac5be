// npm run bench reads: the worst case of every viewer and moderator read route, over HTTP, on the
// seeded 48-hour marathon (10,000,000 chat messages), each with the widest parameters the route
// allows, beside GET /api/me (a route that does no work) measured in the same run. The server
// runs in this process and its handlers are synchronous, so a request's time is the time it
// keeps the event loop from every other request (webhooks included); "blocked" is the longest
// the loop was held, measured by perf_hooks (it includes this client's own small share).
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MAX_WINDOW_MINUTES } from '../shared/charts.js';
import { readCampaign } from '../main/campaign/campaign.js';
import { createCore } from '../main/core.js';
import { SCREENING_STAGES } from '../main/screening/screening.js';
import { MARATHON_10M, SEED_CHANNELS, cachedMarathon, copySeedInto } from '../main/testing/marathon-seed.js';
import { percentile } from './ack.js';

const OWNER = 'bench-owner-token-0123456789';

export interface RouteFigures {
  name: string;
  role: 'viewer' | 'moderator';
  status: number;
  bytes: number;
  first: number;
  p50: number;
  p95: number;
  max: number;
  /** The longest the event loop was held while this route ran: how long every other request waited. */
  blocked: number;
}

export interface ReadsBench {
  seeded: boolean;
  baseline: RouteFigures;
  routes: RouteFigures[];
}

export async function readRoutes(dir: string, log: (line: string) => void, runs = 15): Promise<ReadsBench> {
  const seed = cachedMarathon(MARATHON_10M, log);
  const dataDir = join(dir, 'reads');
  copySeedInto(seed.file, dataDir);
  const core = await createCore({ dataDir, port: 0, ownerToken: OWNER, backupIntervalMs: 24 * 3_600_000, connectors: [], log: () => {} });
  try {
    const call = async (path: string, token: string, method = 'GET', body?: unknown) => {
      const response = await fetch(`${core.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    };
    const invite = async (role: 'viewer' | 'moderator') => {
      const created = await call('/api/invites', OWNER, 'POST', { role, name: `bench ${role}` });
      if (created.status !== 201) throw new Error(`invite: ${created.text}`);
      return (JSON.parse(created.text) as { token: string }).token;
    };
    const tokens = { viewer: await invite('viewer'), moderator: await invite('moderator') };
    const campaign = readCampaign(core.db);
    if (!campaign) throw new Error('the seeded database has no campaign');
    const measure = async (role: 'viewer' | 'moderator', name: string, path: string, times = runs): Promise<RouteFigures> => {
      const once = async () => {
        const start = performance.now();
        // Bytes, not text: the client shares this process, and decoding 8 MB would count as the server's.
        const response = await fetch(`${core.url}${path}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
        const bytes = (await response.arrayBuffer()).byteLength;
        return { ms: performance.now() - start, status: response.status, bytes };
      };
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const first = await once();
      const warm: number[] = [];
      for (let i = 0; i < times; i += 1) warm.push((await once()).ms);
      loop.disable();
      warm.sort((a, b) => a - b);
      return {
        name, role, status: first.status, bytes: first.bytes, first: first.ms,
        p50: percentile(warm, 50), p95: percentile(warm, 95), max: Math.max(first.ms, warm[warm.length - 1] ?? 0),
        blocked: loop.max / 1e6,
      };
    };

    // The widest window any route allows, placed over the whole marathon.
    const from = new Date(campaign.startsAt - 24 * 3_600_000).toISOString();
    const to = new Date(campaign.startsAt - 24 * 3_600_000 + (MAX_WINDOW_MINUTES - 1) * 60_000).toISOString();
    const widest = `from=${from}&to=${to}`;
    const quietChannel = SEED_CHANNELS[SEED_CHANNELS.length - 1]!.id;
    const targets = JSON.parse((await call('/api/targets', tokens.viewer)).text) as { targets: { id: string }[] };
    const target = targets.targets[0]?.id ?? '';
    const lastSeq = (core.db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq;

    const baseline = await measure('viewer', 'GET /api/me (baseline: no work)', '/api/me', runs * 4);
    const routes: RouteFigures[] = [];
    const add = async (role: 'viewer' | 'moderator', name: string, path: string, times?: number) => {
      routes.push(await measure(role, name, path, times));
    };
    await add('viewer', 'GET /api/campaign', '/api/campaign');
    await add('viewer', 'GET /api/totals', '/api/totals');
    await add('viewer', 'GET /api/chat/stats, 14-day window over the marathon', `/api/chat/stats?${widest}`);
    await add('viewer', 'GET /api/chat/stats, same, quietest channel', `/api/chat/stats?${widest}&source=${quietChannel}`);
    await add('viewer', 'GET /api/chat/messages?limit=200 (newest)', '/api/chat/messages?limit=200');
    await add('viewer', 'GET /api/chat/messages?limit=200, mid-log, quietest channel', `/api/chat/messages?limit=200&source=${quietChannel}&before=${Math.floor(lastSeq / 2)}`);
    await add('viewer', 'GET /api/charts?window=marathon', '/api/charts?window=marathon');
    await add('viewer', 'GET /api/charts, 14-day window over the marathon', `/api/charts?${widest}`);
    await add('viewer', 'GET /api/charts, 14 days, one channel', `/api/charts?${widest}&source=${quietChannel}`);
    await add('viewer', 'GET /api/charts/pace', '/api/charts/pace');
    await add('viewer', 'GET /api/rates', '/api/rates');
    await add('viewer', 'GET /api/health', '/api/health');
    await add('viewer', 'GET /api/targets', '/api/targets');
    if (target) await add('viewer', 'GET /api/targets/:id/minutes, 14 days', `/api/targets/${target}/minutes?${widest}`);
    await add('moderator', 'GET /api/sources', '/api/sources');
    await add('moderator', 'GET /api/donations?limit=1000', '/api/donations?limit=1000');
    await add('moderator', 'GET /api/donations?state=approved&limit=1000&before=2', '/api/donations?state=approved&limit=1000&before=2');
    for (const stage of SCREENING_STAGES) {
      await add('moderator', `GET /api/screening/queue?stage=${stage}&limit=200`, `/api/screening/queue?stage=${stage}&limit=200`);
    }
    await add('moderator', 'GET /api/screening', '/api/screening');
    await add('moderator', 'GET /api/audit?limit=200', '/api/audit?limit=200');
    if (target) await add('moderator', 'GET /api/targets/:id/responses', `/api/targets/${target}/responses`);
    await add('moderator', 'GET /api/export/donations.json (whole marathon)', '/api/export/donations.json', 5);
    await add('moderator', 'GET /api/export/donations.csv (whole marathon)', '/api/export/donations.csv', 5);
    await add('moderator', 'GET /api/export/responses.json', '/api/export/responses.json');
    await add('moderator', 'GET /api/export/responses.csv', '/api/export/responses.csv');
    return { seeded: seed.seededNow, baseline, routes };
  } finally {
    await core.close();
  }
}
