import type { CurrencyCode } from '../../shared/currencies.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { listRates, validateRates } from './rates.js';
import { convertPending } from './convert-pending.js';

export function rateRoutes(api: ApiRouter, services: Services): void {
  api.on('GET /api/rates', () => ({ currency: services.campaign()?.currency ?? '', rates: listRates(services.db) }));

  api.on('PUT /api/rates', ({ body }) => {
    const campaign = services.campaign();
    if (!campaign) throw new HttpError(409, 'no_campaign', 'create the campaign before setting exchange rates');
    const rates = validateRates(body, campaign.currency as CurrencyCode);
    if (!rates.ok) throw new HttpError(422, 'invalid_rates', rates.error);
    const converted = convertPending(services.db, rates.value, campaign.currency as CurrencyCode);
    if (converted > 0) services.hub.campaignChanged();
    return { currency: campaign.currency, rates: listRates(services.db), converted };
  });
}
