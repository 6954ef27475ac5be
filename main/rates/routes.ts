import type { CurrencyCode } from '../../shared/currencies.js';
import { IngestRefused, minuteOf } from '../ingest/ingest.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { convertPendingDonations } from './convert-pending.js';
import { parseRateText } from './import.js';
import { listRates, validateRates } from './rates.js';

export function rateRoutes(api: ApiRouter, services: Services): void {
  api.on('GET /api/rates', () => ({ currency: services.campaign()?.currency ?? '', rates: listRates(services.db) }));

  const apply = (body: unknown) => {
    const campaign = services.campaign();
    if (!campaign) throw new HttpError(409, 'no_campaign', 'create the campaign before setting exchange rates');
    const rates = validateRates(body, campaign.currency as CurrencyCode);
    if (!rates.ok) throw new HttpError(422, 'invalid_rates', rates.error);
    let converted;
    try {
      converted = convertPendingDonations(services.db, rates.value, campaign.currency as CurrencyCode, Date.now(), services.ingest.volume);
    } catch (error) {
      if (error instanceof IngestRefused) throw new HttpError(422, 'invalid_rates', `${error.message}; no rate was saved`);
      throw error;
    }
    // Each converted donation goes to the dashboards again (its feed entry no longer waits),
    // with the totals and the minute it belongs to.
    for (const donation of converted) {
      services.hub.committed({ kind: 'donation', seq: donation.seq, sourceId: donation.sourceId, minute: minuteOf(donation.occurredAt) });
    }
    return { currency: campaign.currency, rates: listRates(services.db), converted: converted.length };
  };

  api.on('PUT /api/rates', ({ body }) => apply(body));

  api.on('POST /api/rates/import', ({ body }) => {
    const parsed = parseRateText(body.text);
    if (!parsed.ok) throw new HttpError(422, 'invalid_rates', parsed.error);
    return apply({ rates: parsed.value });
  });
}
