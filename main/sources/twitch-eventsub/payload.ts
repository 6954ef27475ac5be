import { z } from 'zod';
import { isCurrencyCode } from '../../../shared/currencies.js';
import type { Money } from '../../../shared/money.js';
import { decimalOfScaled, platformMoney } from '../../../shared/platform-amounts.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import type { DonationEvent } from '../../ingest/ingest.js';

const ID = /^[\x21-\x7e]{1,100}$/;

/** Twitch's charity amount: an integer of minor units with its decimal places (1250, 2, USD = 12.50). */
const charityAmount = z.object({
  value: z.number().int().nonnegative(),
  decimal_places: z.number().int().min(0).max(18),
  currency: z.string().max(10),
});

const donateEvent = z.object({
  id: z.string().regex(ID),
  campaign_id: z.string().max(100).optional(),
  user_id: z.string().max(40).optional(),
  user_login: z.string().max(40).optional(),
  user_name: z.string().max(200).optional(),
  charity_name: z.string().max(200).optional(),
  amount: charityAmount,
});

const progressEvent = z.object({
  id: z.string().max(100),
  charity_name: z.string().max(200).optional(),
  current_amount: charityAmount,
  target_amount: charityAmount.optional(),
});

/** An amount exactly in its currency's minor units, whatever decimal_places Twitch used. */
export function readCharityAmount(amount: z.infer<typeof charityAmount>, allowZero = false): Result<Money> {
  const decimal = decimalOfScaled(amount.value, amount.decimal_places);
  if (!decimal.ok) return decimal;
  // A campaign's progress starts at zero; a donation never does.
  if (allowZero && amount.value === 0 && isCurrencyCode(amount.currency)) return ok({ minor: 0, currency: amount.currency });
  return platformMoney(decimal.value, amount.currency);
}

/** channel.charity_campaign.donate: a donation identified by Twitch's donation id. */
export function readCharityDonation(event: unknown, sourceId: string, occurredAt: number): Result<DonationEvent> {
  const parsed = donateEvent.safeParse(event);
  if (!parsed.success) return fail(`a charity donation not shaped like Twitch's (${parsed.error.issues[0]?.path.join('.') ?? 'event'})`);
  const donation = parsed.data;
  const amount = readCharityAmount(donation.amount);
  if (!amount.ok) return fail(`charity donation ${donation.id}: ${amount.error}`);
  const name = (donation.user_name ?? donation.user_login ?? '').trim();
  return ok({
    sourceId,
    externalId: donation.id,
    type: 'donation',
    amount: amount.value,
    donorName: name === '' ? null : name.slice(0, 200),
    anonymous: false,
    message: null,
    occurredAt,
    payload: event,
    // Its line in the Twitch events feed, as a charity donation announced in chat has (a chat
    // source of the same channel leaves those to this source).
    moment: { kind: 'charity', count: 1, amount: amount.value },
  });
}

/** channel.charity_campaign.progress: the campaign's own running total. */
export function readCharityProgress(event: unknown): Result<{ campaignId: string; current: Money; charity: string | null }> {
  const parsed = progressEvent.safeParse(event);
  if (!parsed.success) return fail(`a charity progress event not shaped like Twitch's (${parsed.error.issues[0]?.path.join('.') ?? 'event'})`);
  const current = readCharityAmount(parsed.data.current_amount, true);
  if (!current.ok) return fail(`the campaign's progress: ${current.error}`);
  return ok({ campaignId: parsed.data.id, current: current.value, charity: parsed.data.charity_name ?? null });
}

/** Twitch's RFC 3339 time with nanoseconds, as milliseconds; `fallback` when unreadable. */
export function twitchTime(timestamp: string, fallback: number): number {
  const at = Date.parse(timestamp.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(at) ? Math.min(at, fallback) : fallback;
}
