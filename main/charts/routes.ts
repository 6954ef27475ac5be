import { MAX_WINDOW_MINUTES } from '../../shared/charts.js';
import { readCampaign } from '../campaign/campaign.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { PaceQueries } from './pace.js';
import { ChartQueries, type ChartWindow, fixedWindow, namedWindow, windowTooLong } from './series.js';

/** The charts tab: series over any window of the marathon, and pace, projection and top donors. */
export function chartRoutes(api: ApiRouter, services: Services): void {
  const charts = new ChartQueries(services.db, services.ingest.chatters);
  const pace = new PaceQueries(services.db);
  const campaignOrRefuse = () => {
    const campaign = readCampaign(services.db);
    if (!campaign) throw new HttpError(409, 'no_campaign', 'there is no campaign yet: create it first');
    return campaign;
  };

  api.on('GET /api/charts', ({ query }) => {
    const campaign = campaignOrRefuse();
    const now = Date.now();
    let window: ChartWindow;
    if (query.from !== undefined && query.to !== undefined) {
      if (query.to < query.from) throw new HttpError(400, 'bad_query', 'to must not be before from');
      window = fixedWindow(query.from, query.to, now);
    } else {
      window = namedWindow(query.window ?? 'marathon', campaign, now);
    }
    if (windowTooLong(window)) throw new HttpError(400, 'bad_query', `a window may span at most ${MAX_WINDOW_MINUTES / 1440} days`);
    const source = query.source ?? null;
    if (source !== null && !services.sources.get(source)) {
      throw new HttpError(404, 'unknown_source', `there is no source "${source.slice(0, 60)}"`);
    }
    return charts.charts(window, campaign.currency, source);
  });

  api.on('GET /api/charts/pace', () => pace.pace(campaignOrRefuse(), Date.now()));
}
