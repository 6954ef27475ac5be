import { randomUUID } from 'node:crypto';
import { parseAmount } from '../../shared/money.js';
import { SCREENING_STATES, type ScreeningState } from '../../shared/views.js';
import { HttpError, Reply, SerializedJson, TextReply, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { MANUAL_SOURCE_ID } from '../sources/sources.js';
import { exportDonationsCsv, exportDonationsJson } from './export.js';

export function donationRoutes(api: ApiRouter, services: Services): void {
  api.on('POST /api/donations', ({ body }) => {
    if (!services.campaign()) throw new HttpError(409, 'no_campaign', 'create the campaign before entering pledges');
    if (typeof body !== 'object' || body === null) throw new HttpError(422, 'invalid_pledge', 'the pledge must be a JSON object');
    const input = body as Record<string, unknown>;
    const id = input.id ?? randomUUID();
    if (typeof id !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(id)) {
      throw new HttpError(422, 'invalid_pledge', 'id must be 1 to 200 visible ASCII characters');
    }
    const amount = parseAmount(input.amount);
    if (!amount.ok) throw new HttpError(422, 'invalid_amount', amount.error);
    const donor = (typeof input.donor === 'object' && input.donor !== null ? input.donor : {}) as Record<string, unknown>;
    if (donor.name !== undefined && (typeof donor.name !== 'string' || donor.name.length > 200)) {
      throw new HttpError(422, 'invalid_pledge', 'donor.name must be text of at most 200 characters');
    }
    if (input.message !== undefined && (typeof input.message !== 'string' || input.message.length > 2_000)) {
      throw new HttpError(422, 'invalid_pledge', 'message must be text of at most 2000 characters');
    }
    const name = typeof donor.name === 'string' ? donor.name.trim() : '';
    const message = typeof input.message === 'string' ? input.message.trim() : '';
    const outcome = services.acceptDonation({
      sourceId: MANUAL_SOURCE_ID,
      externalId: id,
      type: 'donation',
      amount: amount.value,
      donorName: name === '' ? null : name,
      anonymous: donor.anonymous === true,
      message: message === '' ? null : message,
      occurredAt: Date.now(),
      payload: body,
    });
    return new Reply(outcome.status === 'created' ? 201 : 200, { status: outcome.status, id: outcome.seq });
  });

  api.on('GET /api/donations', ({ query }) => {
    const state = query.get('state');
    if (state !== null && !(SCREENING_STATES as readonly string[]).includes(state)) {
      throw new HttpError(400, 'bad_query', `state must be one of ${SCREENING_STATES.join(', ')}`);
    }
    const limit = query.get('limit');
    const before = query.get('before');
    return {
      donations: services.donations.list({
        ...(state ? { state: state as ScreeningState } : {}),
        ...(limit ? { limit: positiveInteger(limit, 'limit') } : {}),
        ...(before ? { before: positiveInteger(before, 'before') } : {}),
      }),
    };
  });

  api.on('GET /api/totals', () => services.donations.totals());

  api.on('GET /api/export/donations.json', async () => new SerializedJson(await exportDonationsJson(services.db)));
  api.on('GET /api/export/donations.csv', async () => {
    const day = new Date().toISOString().slice(0, 10);
    return new TextReply('text/csv; charset=utf-8', await exportDonationsCsv(services.db), `donations-${day}.csv`);
  });
}

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new HttpError(400, 'bad_query', `${name} must be a positive whole number`);
  return value;
}
