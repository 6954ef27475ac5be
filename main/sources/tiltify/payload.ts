import { type Money, parseAmount } from '../../../shared/money.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import type { DonationEvent } from '../../ingest/ingest.js';

const ID = /^[\x21-\x7e]{1,100}$/;

/**
 * Tiltify's money: { "currency": "USD", "value": "82.95" }. Tiltify documents the value as a
 * decimal string, so a number is refused (a float cannot be trusted to the cent).
 */
export function parseTiltifyMoney(input: unknown, what: string): Result<Money> {
  const parsed = parseAmount(input);
  return parsed.ok ? parsed : fail(`${what}: ${parsed.error}`);
}

/**
 * One Tiltify v5 donation (the webhook's `data`, or an item of the donation list) as a version
 * of that donation. `version` orders versions: the webhook's meta.generated_at, or for a polled
 * donation its completed_at (polling finds new donations; updates come by webhook).
 */
export function parseTiltifyDonation(
  data: unknown,
  sourceId: string,
  campaignId: string,
  version: { at: number; label: string } | null,
): Result<DonationEvent> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('the donation must be a JSON object');
  const d = data as Record<string, unknown>;
  if (typeof d.id !== 'string' || !ID.test(d.id)) return fail('the donation has no id');
  if (d.campaign_id !== undefined && d.campaign_id !== null && d.campaign_id !== campaignId) {
    return fail(`donation ${d.id} belongs to campaign ${String(d.campaign_id).slice(0, 60)}, not to this source's ${campaignId}`);
  }
  const amount = parseTiltifyMoney(d.amount, `donation ${d.id}`);
  if (!amount.ok) return amount;
  const completed = typeof d.completed_at === 'string' ? Date.parse(d.completed_at) : Number.NaN;
  const created = typeof d.created_at === 'string' ? Date.parse(d.created_at) : Number.NaN;
  const occurredAt = Number.isFinite(completed) ? completed : created;
  if (!Number.isFinite(occurredAt)) return fail(`donation ${d.id} has no completed_at time`);
  const name = typeof d.donor_name === 'string' ? d.donor_name.trim().slice(0, 200) : '';
  const comment = typeof d.donor_comment === 'string' ? d.donor_comment.trim().slice(0, 2_000) : '';
  const stamp = version ?? { at: occurredAt, label: new Date(occurredAt).toISOString() };
  return ok({
    sourceId,
    // Each version is its own event: "<donation id>@<version time>".
    externalId: `${d.id}@${stamp.label}`,
    type: 'donation',
    amount: amount.value,
    donorName: name === '' ? null : name,
    // Tiltify shows anonymous donors under this name; keep it off the overlay's name line.
    anonymous: name === 'Anonymous',
    message: comment === '' ? null : comment,
    occurredAt,
    payload: data,
    versioned: { key: d.id, version: stamp.at },
  });
}
