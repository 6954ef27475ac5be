import { type ChartWindowKey, MAX_WINDOW_MINUTES } from '../../shared/charts.js';
import { ROUTE_ROLES, roleAllows } from '../../shared/contract.js';
import { type Campaign, readCampaign } from '../campaign/campaign.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { IncentiveMoneyQueries } from './incentive-money.js';
import { PaceQueries } from './pace.js';
import { ChartQueries, type ChartWindow, namedWindow, windowTooLong } from './series.js';
import { requestedWindow } from './window.js';

/** The charts tab: series over any window of the marathon, and pace, projection and top donors. */
export function chartRoutes(api: ApiRouter, services: Services): void {
  const charts = new ChartQueries(services.db, services.ingest.chatters);
  const pace = new PaceQueries(services.db);
  const incentiveMoney = new IncentiveMoneyQueries(services.db);
  const campaignOrRefuse = () => {
    const campaign = readCampaign(services.db);
    if (!campaign) throw new HttpError(409, 'no_campaign', 'there is no campaign yet: create it first');
    return campaign;
  };

  /** The window asked for: a named one, or from/to; refused in words when too long. */
  const windowOf = (query: { window?: ChartWindowKey | undefined; from?: number | undefined; to?: number | undefined }, campaign: Campaign): ChartWindow => {
    const now = Date.now();
    let window: ChartWindow;
    if (query.from !== undefined && query.to !== undefined) {
      const asked = requestedWindow({ fromMs: query.from, toMs: query.to }, { fromMs: now, toMs: now }, now);
      if (!asked.ok) throw new HttpError(400, 'bad_query', asked.error);
      window = asked.value;
    } else {
      window = namedWindow(query.window ?? 'marathon', campaign, now);
    }
    if (windowTooLong(window)) throw new HttpError(400, 'bad_query', `a window may span at most ${MAX_WINDOW_MINUTES / 1440} days`);
    return window;
  };

  api.on('GET /api/charts', async ({ query }) => {
    const campaign = campaignOrRefuse();
    const window = windowOf(query, campaign);
    const source = query.source ?? null;
    if (source !== null && !services.sources.get(source)) {
      throw new HttpError(404, 'unknown_source', `there is no source "${source.slice(0, 60)}"`);
    }
    await charts.warm(window, source);
    return charts.charts(window, campaign.currency, source);
  });

  api.on('GET /api/charts/incentives', ({ query }) => {
    const campaign = campaignOrRefuse();
    return incentiveMoney.series(windowOf(query, campaign), services.incentives.publicList(), campaign.currency);
  });

  api.on('GET /api/charts/pace', ({ role }) => {
    const view = pace.pace(campaignOrRefuse(), Date.now());
    return roleAllows(role, ROUTE_ROLES['GET /api/donations']) ? view : pace.publicPace(view);
  });
}
