import { parseAmount } from '../../../shared/money.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import type { DonationEvent } from '../../ingest/ingest.js';

const ID = /^[\x21-\x7e]{1,200}$/;

/**
 * The generic signed webhook's body (SPEC.md): { id, type, amount, donor, message, occurred_at },
 * plus an optional `refunds` naming the donation a refund takes back.
 */
export function parseGenericDonation(body: unknown, sourceId: string, nowMs: number): Result<DonationEvent> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('the body must be a JSON object');
  const input = body as Record<string, unknown>;
  if (typeof input.id !== 'string' || !ID.test(input.id)) {
    return fail('id must be a string of 1 to 200 visible ASCII characters, unique per donation');
  }
  if (input.type !== 'donation' && input.type !== 'refund') return fail('type must be "donation" or "refund"');
  const amount = parseAmount(input.amount);
  if (!amount.ok) return amount;
  const donor = input.donor ?? {};
  if (typeof donor !== 'object' || donor === null || Array.isArray(donor)) return fail('donor must be an object like { "name": "Ada" }');
  const { name, anonymous } = donor as Record<string, unknown>;
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > 200)) {
    return fail('donor.name must be text of at most 200 characters');
  }
  if (anonymous !== undefined && typeof anonymous !== 'boolean') return fail('donor.anonymous must be true or false');
  const message = input.message ?? null;
  if (message !== null && (typeof message !== 'string' || message.length > 2_000)) {
    return fail('message must be text of at most 2000 characters');
  }
  let occurredAt = nowMs;
  if (input.occurred_at !== undefined) {
    occurredAt = typeof input.occurred_at === 'string' ? Date.parse(input.occurred_at) : Number.NaN;
    if (!Number.isFinite(occurredAt)) return fail('occurred_at must be an ISO-8601 time such as "2026-12-01T18:00:00Z"');
  }
  const refunds = input.refunds ?? null;
  if (refunds !== null && (input.type !== 'refund' || typeof refunds !== 'string' || !ID.test(refunds))) {
    return fail('refunds names the id of the refunded donation, and only on a refund');
  }
  return ok({
    sourceId,
    externalId: input.id,
    type: input.type,
    amount: amount.value,
    donorName: typeof name === 'string' && name.trim() !== '' ? name.trim() : null,
    anonymous: anonymous === true,
    message: typeof message === 'string' && message.trim() !== '' ? message : null,
    occurredAt,
    refunds: refunds as string | null,
    payload: body,
  });
}
