import { z } from 'zod';
import { platformMoneyOf } from '../../../shared/platform-amounts.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import type { DonationEvent } from '../../ingest/ingest.js';

const ID = /^[\x21-\x7e]{1,100}$/;

/** channel.tips `message` data, as the topic's page documents it (only what we read). */
const tipData = z.object({
  _id: z.string().regex(ID, 'must be the tip id'),
  status: z.string().max(40).optional(),
  createdAt: z.string().max(40).optional(),
  donation: z.object({
    user: z.object({ username: z.string().max(200).optional() }).optional(),
    message: z.string().max(10_000).nullable().optional(),
    amount: z.union([z.number(), z.string().max(40)]),
    currency: z.string().max(10),
  }),
});

/** A tip to count, a tip StreamElements has not completed (ignored), or why it was refused. */
export type TipReading = { type: 'tip'; donation: DonationEvent } | { type: 'not_completed'; status: string } | { type: 'refused'; reason: string };

/**
 * One channel.tips message: a donation identified by the tip's `_id`, so a tip delivered again
 * after a reconnect is counted once. The amount is a JSON number in major units (12.5 = 12.50
 * USD), read through its shortest decimal, exactly. Only `status: "success"` counts: a pending
 * or failed payment is not money yet (it comes again, same id, once it succeeds).
 */
export function readAstroTip(data: unknown, sourceId: string, nowMs: number): TipReading {
  const parsed = tipData.safeParse(data);
  if (!parsed.success) return { type: 'refused', reason: `a tip that is not shaped like StreamElements' (${describeIssue(parsed.error)})` };
  const tip = parsed.data;
  if (tip.status !== undefined && tip.status !== 'success') return { type: 'not_completed', status: tip.status.slice(0, 40) };
  const amount = platformMoneyOf(tip.donation.amount, tip.donation.currency);
  if (!amount.ok) return { type: 'refused', reason: `tip ${tip._id}: ${amount.error}` };
  const name = tip.donation.user?.username?.trim() ?? '';
  const message = tip.donation.message?.trim() ?? '';
  const created = occurred(tip.createdAt, nowMs);
  return {
    type: 'tip',
    donation: {
      sourceId,
      externalId: tip._id,
      type: 'donation',
      amount: amount.value,
      donorName: name === '' ? null : name.slice(0, 200),
      anonymous: false,
      message: message === '' ? null : message.slice(0, 2_000),
      occurredAt: created.ok ? created.value : nowMs,
      // The donor's e-mail stays out of the event log: it is not needed to reconcile.
      payload: withoutEmail(data),
    },
  };
}

function occurred(createdAt: string | undefined, nowMs: number): Result<number> {
  const at = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  // A clock far ahead on the platform's side must not put a tip in the future.
  return Number.isFinite(at) ? ok(Math.min(at, nowMs)) : fail('no time');
}

function withoutEmail(data: unknown): unknown {
  const copy = structuredClone(data) as { donation?: { user?: { email?: unknown } } };
  if (copy.donation?.user && 'email' in copy.donation.user) delete copy.donation.user.email;
  return copy;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'the tip'}: ${issue.message}` : 'unreadable';
}
