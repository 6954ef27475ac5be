import { parseAmount } from '../../../shared/money.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import { checkAgainst, genericWebhookSchema } from '../../../shared/schemas.js';
import type { DonationEvent } from '../../ingest/ingest.js';

/**
 * The generic signed webhook's body (SPEC.md): { id, type, amount, donor, message, occurred_at },
 * plus an optional `refunds` naming the donation a refund takes back. The shape is checked by
 * its schema (shared/schemas.ts); the amount by the currency's own rules.
 */
export function parseGenericDonation(body: unknown, sourceId: string, nowMs: number): Result<DonationEvent> {
  const checked = checkAgainst(genericWebhookSchema, body, 'the body');
  if (!checked.ok) return fail(checked.message);
  const input = checked.value;
  const amount = parseAmount(input.amount);
  if (!amount.ok) return amount;
  const name = input.donor?.name ?? '';
  const message = input.message ?? '';
  return ok({
    sourceId,
    externalId: input.id,
    type: input.type,
    amount: amount.value,
    donorName: name === '' ? null : name,
    anonymous: input.donor?.anonymous === true,
    message: message === '' ? null : message,
    occurredAt: input.occurred_at === undefined ? nowMs : Date.parse(input.occurred_at),
    refunds: input.refunds ?? null,
    ...(input.incentive ? { choice: { incentive: input.incentive, new_option: input.new_option ?? null } } : {}),
    payload: body,
  });
}
