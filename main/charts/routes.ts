import { CHART_WINDOWS, MAX_WINDOW_MINUTES, isChartWindowKey } from '../../shared/charts.js';
import { ROUTE_ROLES, roleAllows } from '../../shared/contract.js';
import { readCampaign } from '../campaign/campaign.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { PaceQueries } from './pace.js';
import { ChartQueries, type ChartWindow, namedWindow, windowTooLong } from './series.js';
import { requestedWindow } from './window.js';

/** The charts tab: series over any window of the marathon, and pace, projection and top donors. */
export function chartRoutes(api: ApiRouter, services: Services): void {
  const charts = new ChartQueries(services.db, services.ingest.chatters);
  const pace = new PaceQueries(services.db);
  const campaignOrRefuse = () => {
    const campaign = readCampaign(services.db);
    if (!campaign) throw new HttpError(409, 'no_campaign', 'there is no campaign yet: create it first');
    return campaign;
  };

  api.on('GET /api/charts', async ({ query }) => {
    const campaign = campaignOrRefuse();
    const now = Date.now();
    const from = query.get('from');
    const to = query.get('to');
    let window: ChartWindow;
    if (from !== null || to !== null) {
      if (from === null || to === null) throw new HttpError(400, 'bad_query', 'give both from and to, or a window');
      const asked = requestedWindow({ from, to }, { fromMs: now, toMs: now }, now);
      if (!asked.ok) throw new HttpError(400, 'bad_query', asked.error);
      window = asked.value;
    } else {
      const key = query.get('window') ?? 'marathon';
      if (!isChartWindowKey(key)) {
        throw new HttpError(400, 'bad_query', `window must be one of ${CHART_WINDOWS.map((w) => w.key).join(', ')}`);
      }
      window = namedWindow(key, campaign, now);
    }
    if (windowTooLong(window)) throw new HttpError(400, 'bad_query', `a window may span at most ${MAX_WINDOW_MINUTES / 1440} days`);
    const source = query.get('source');
    if (source !== null && source !== '' && source !== '*' && !services.sources.get(source)) {
      throw new HttpError(404, 'unknown_source', `there is no source "${source.slice(0, 60)}"`);
    }
    const one = source === null || source === '' || source === '*' ? null : source;
    await charts.warm(window, one);
    return charts.charts(window, campaign.currency, one);
  });

  api.on('GET /api/charts/pace', ({ role }) => {
    const view = pace.pace(campaignOrRefuse(), Date.now());
    return roleAllows(role, ROUTE_ROLES['GET /api/donations']) ? view : pace.publicPace(view);
  });
}
