// npm run bench dashboard: each dashboard query's time over a seeded 48-hour marathon with
// 10,000,000 chat messages, through the same core the server runs (its SQLite file, its caches).
import { join } from 'node:path';
import { CHART_WINDOWS, type ChartWindowKey } from '../shared/charts.js';
import { readCampaign } from '../main/campaign/campaign.js';
import { PaceQueries } from '../main/charts/pace.js';
import { ChartQueries, namedWindow } from '../main/charts/series.js';
import { HiddenChat } from '../main/chat/hidden.js';
import { createCore } from '../main/core.js';
import { MARATHON_10M, cachedMarathon, copySeedInto } from '../main/testing/marathon-seed.js';
import { percentile } from './ack.js';

const WARM_RUNS = 40;

export interface QueryFigures {
  name: string;
  /** The first call on a freshly opened database (caches empty). */
  first: number;
  p50: number;
  p95: number;
  max: number;
}

export interface DashboardBench {
  seed: { seededNow: boolean; seconds: number | null; cpuSeconds: number | null; events: number | null };
  copySeconds: number;
  baseline: QueryFigures;
  queries: QueryFigures[];
}

function measure(name: string, run: () => unknown, before?: () => void): QueryFigures {
  const time = () => {
    before?.();
    const start = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const first = time();
  const warm = Array.from({ length: WARM_RUNS }, time).sort((a, b) => a - b);
  return { name, first, p50: percentile(warm, 50), p95: percentile(warm, 95), max: warm[warm.length - 1] ?? Number.NaN };
}

export async function dashboardQueries(dir: string, log: (line: string) => void): Promise<DashboardBench> {
  const seed = cachedMarathon(MARATHON_10M, log);
  const copyStart = performance.now();
  const dataDir = join(dir, 'dashboard');
  copySeedInto(seed.file, dataDir);
  const copySeconds = (performance.now() - copyStart) / 1000;
  // No platform connectors: the seeded channels are replayed data, nothing to join.
  const core = await createCore({ dataDir, port: 0, ownerToken: 'bench-owner-token-0123456789', backupIntervalMs: 24 * 3_600_000, connectors: [], log: () => {} });
  try {
    const { db, services } = core;
    const campaign = readCampaign(db);
    if (!campaign) throw new Error('the seeded database has no campaign');
    // During the marathon's last hour: windows end at "now" like on a live dashboard.
    const now = campaign.startsAt + campaign.durationHours * 3_600_000 - 30 * 60_000;
    const charts = new ChartQueries(db, services.ingest.chatters);
    const pace = new PaceQueries(db);
    const chat = new HiddenChat(db);
    const queries: QueryFigures[] = [];
    const baselineRows = db.prepare("SELECT minute, raised_minor, donations, messages FROM minute_rollups WHERE source_id = '*' AND minute BETWEEN ? AND ?");
    const startMinute = Math.floor(campaign.startsAt / 60_000);
    const baseline = measure('baseline: read 48 h of per-minute rollups (one statement)', () => baselineRows.all(startMinute, startMinute + campaign.durationHours * 60));

    queries.push(measure('totals (money_totals)', () => services.donations.totals(now)));
    for (const key of ['15m', '1h', '6h', 'marathon'] as ChartWindowKey[]) {
      const window = namedWindow(key, campaign, now);
      queries.push(measure(`chat stats, ${label(key)}`, () => services.minutes.stats(window.from * 60_000, window.to * 60_000)));
    }
    for (const { key } of CHART_WINDOWS) {
      const window = namedWindow(key, campaign, now);
      let points = 0;
      const figures = measure(`charts, ${label(key)}`, () => {
        const view = charts.charts(window, campaign.currency);
        points = Math.max(view.chat.length, view.money.length);
      });
      queries.push({ ...figures, name: `${figures.name} (${points} points)` });
    }
    queries.push(measure('charts, whole marathon, one channel', () => charts.charts(namedWindow('marathon', campaign, now), campaign.currency, 'twitch-alca')));
    queries.push(measure('pace + top donors summed from scratch (start, new rate)', () => new PaceQueries(db).pace(campaign, now)));
    queries.push(measure('pace + top donors, nothing new', () => pace.pace(campaign, now)));
    let gift = 0;
    const donate = () => {
      gift += 1;
      services.ingest.donation({
        sourceId: 'offline', externalId: `bench-gift-${gift}`, type: 'donation', amount: { minor: 2_500, currency: campaign.currency },
        donorName: `bench donor ${gift % 7}`, anonymous: false, message: null, occurredAt: now - 1_000,
      });
    };
    queries.push(measure('pace + top donors after one new donation (added in)', () => pace.pace(campaign, now), donate));
    queries.push(measure('targets list', () => services.targets.list()));
    queries.push(measure('recent chat page (50)', () => chat.visible({ source: null, limit: 50 })));
    queries.push(measure('staff snapshot (Hub.staffSnapshot)', () => services.hub.staffSnapshot('owner')));
    return {
      seed: { seededNow: seed.seededNow, seconds: seed.timing?.seconds ?? null, cpuSeconds: seed.timing?.cpuSeconds ?? null, events: seed.timing?.events ?? null },
      copySeconds,
      baseline,
      queries,
    };
  } finally {
    await core.close();
  }
}

function label(key: ChartWindowKey): string {
  return key === 'marathon' ? 'whole marathon' : key;
}
