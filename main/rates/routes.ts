import type { CurrencyCode } from '../../shared/currencies.js';
import { IngestRefused, minuteOf } from '../ingest/ingest.js';
import type { Caller } from '../people/invites.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { convertPendingDonations } from './convert-pending.js';
import { parseRateText } from './import.js';
import { confirmEstimates, listRates, rateLookup, validateRates } from './rates.js';

export function rateRoutes(api: ApiRouter, services: Services): void {
  api.on('GET /api/rates', () => ({ currency: services.campaign()?.currency ?? '', rates: listRates(services.db) }));

  const apply = (body: unknown, caller: Caller) => {
    const campaign = services.campaign();
    if (!campaign) throw new HttpError(409, 'no_campaign', 'create the campaign before setting exchange rates');
    const rates = validateRates(body, campaign.currency as CurrencyCode);
    if (!rates.ok) throw new HttpError(422, 'invalid_rates', rates.error);
    const before = rateLookup(services.db);
    const previous = new Map(rates.value.map((r) => [r.currency, before(r.currency)]));
    let converted;
    try {
      // Each rate that moved is on the record, with the one it replaced, in the same transaction.
      converted = convertPendingDonations(services.db, rates.value, campaign.currency as CurrencyCode, Date.now(), services.ingest.volume, () => {
        for (const { currency, rate } of rates.value) {
          const from = previous.get(currency) ?? null;
          if (from !== rate) services.audit.record(caller, rateSubject(currency), 'rate_set', { from, to: rate });
        }
        // What the team was sent without an amount is sent again with it, in this transaction.
        services.team.moneyConverted();
      });
    } catch (error) {
      if (error instanceof IngestRefused) throw new HttpError(422, 'invalid_rates', `${error.message}; no rate was saved`);
      throw error;
    }
    // Each converted donation goes to the dashboards again (its feed entry no longer waits),
    // with the totals and the minute it belongs to.
    for (const donation of converted) {
      services.hub.committed({ kind: 'donation', seq: donation.seq, sourceId: donation.sourceId, minute: minuteOf(donation.occurredAt) });
    }
    // A donation that now has a campaign amount may enter a prize.
    if (converted.length > 0) services.prizes.donationsMoved();
    return { currency: campaign.currency, rates: listRates(services.db), converted: converted.length };
  };

  api.on('PUT /api/rates', ({ body, caller }) => apply(body, caller));

  api.on('POST /api/rates/import', ({ body, caller }) => {
    const parsed = parseRateText(body.text);
    if (!parsed.ok) throw new HttpError(422, 'invalid_rates', parsed.error);
    return apply({ rates: parsed.value }, caller);
  });

  // The owner checked the built-in estimates and keeps them: each one confirmed is on the record.
  api.on('POST /api/rates/confirm', ({ body, caller }) => {
    const campaign = services.campaign();
    if (!campaign) throw new HttpError(409, 'no_campaign', 'create the campaign before confirming exchange rates');
    const confirmed = services.db.transaction(() => {
      const rates = confirmEstimates(services.db, body?.currencies ?? null);
      for (const rate of rates) {
        services.audit.record(caller, rateSubject(rate.currency), 'rate_confirmed', { from: `${rate.rate} (built-in estimate of ${rate.estimate_of})`, to: rate.rate });
      }
      return rates.length;
    })();
    return { currency: campaign.currency, rates: listRates(services.db), confirmed };
  });
}

function rateSubject(currency: string) {
  return { kind: 'settings', id: `rate:${currency}`, label: `Exchange rate ${currency}` } as const;
}
