import { randomUUID } from 'node:crypto';
import { parseAmount } from '../../shared/money.js';
import { HttpError, Reply, SerializedJson, TextReply, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { MANUAL_SOURCE_ID } from '../sources/sources.js';
import { exportDonationsCsv, exportDonationsJson } from './export.js';

export function donationRoutes(api: ApiRouter, services: Services): void {
  api.on('POST /api/donations', async ({ body, caller }) => {
    const campaign = services.campaign();
    if (!campaign) throw new HttpError(409, 'no_campaign', 'create the campaign before entering pledges');
    if (campaign.closed_at) throw new HttpError(409, 'campaign_closed', 'the marathon is closed: reopen it in the Campaign tab to count a pledge entered by hand');
    const amount = parseAmount(body.amount);
    if (!amount.ok) throw new HttpError(422, 'invalid_amount', amount.error);
    // A campaign made without PUT /api/campaign (the demo's, an imported one) has no manual source yet.
    services.sources.ensure(MANUAL_SOURCE_ID, 'manual', 'Entered by hand');
    const name = body.donor?.name ?? '';
    const message = body.message ?? '';
    const outcome = await services.acceptDonation({
      sourceId: MANUAL_SOURCE_ID,
      externalId: body.id ?? randomUUID(),
      type: 'donation',
      amount: amount.value,
      donorName: name === '' ? null : name,
      anonymous: body.donor?.anonymous === true,
      message: message === '' ? null : message,
      occurredAt: Date.now(),
      payload: body,
    });
    if (body.reviewed === true && outcome.status === 'created') services.screening.approveEnteredByHand(outcome.seq, caller);
    return new Reply(outcome.status === 'created' ? 201 : outcome.status === 'late' ? 202 : 200, { status: outcome.status, id: outcome.seq });
  });

  api.on('GET /api/donations', ({ query }) => ({ donations: services.donations.list(query) }));

  api.on('GET /api/totals', () => services.donations.totals());

  api.on('GET /api/export/donations.json', async () => new SerializedJson(await exportDonationsJson(services.db)));
  api.on('GET /api/export/donations.csv', async () => {
    const day = new Date().toISOString().slice(0, 10);
    return new TextReply('text/csv; charset=utf-8', await exportDonationsCsv(services.db), `donations-${day}.csv`);
  });
}
