import type { CurrencyCode } from '../../shared/currencies.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { resetRates } from '../rates/rates.js';
import { MANUAL_SOURCE_ID } from '../sources/sources.js';
import { readCampaign, saveCampaign, validateCampaign } from './campaign.js';

export function campaignRoutes(api: ApiRouter, services: Services): void {
  api.on('GET /api/campaign', () => ({ campaign: services.campaign() }));

  api.on('PUT /api/campaign', ({ body }) => {
    const before = readCampaign(services.db);
    const parsed = validateCampaign(body, before?.demo ?? false, before);
    if (!parsed.ok) throw new HttpError(422, 'invalid_campaign', parsed.error);
    const saved = services.db.transaction(() => {
      const result = saveCampaign(services.db, parsed.value);
      if (result.ok && before?.currency !== parsed.value.currency) {
        resetRates(services.db, parsed.value.currency as CurrencyCode);
      }
      return result;
    })();
    if (!saved.ok) throw new HttpError(409, 'currency_locked', saved.error);
    services.sources.ensure(MANUAL_SOURCE_ID, 'manual', 'Entered by hand');
    services.hub.campaignChanged();
    const campaign = services.campaign();
    if (!campaign) throw new Error('campaign missing after save');
    return { campaign };
  });
}
