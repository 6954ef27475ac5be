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
    choice: { tiltify: tiltifyChoice(d) },
    versioned: { key: d.id, version: stamp.at },
  });
}

const UUID = /^[0-9a-fA-F-]{1,64}$/;

/** The poll option, target and reward a Tiltify donor picked (each a Tiltify id, or absent). */
export interface TiltifyChoice {
  poll_option_id: string | null;
  target_id: string | null;
  reward_id: string | null;
}

export function tiltifyChoice(d: Record<string, unknown>): TiltifyChoice {
  const id = (value: unknown) => (typeof value === 'string' && UUID.test(value) ? value : null);
  // A donation claiming rewards may name them in reward_claims ([{ reward_id, quantity }]) only.
  const claims = Array.isArray(d.reward_claims) ? d.reward_claims.slice(0, 20) : [];
  const claimed = claims.map((c) => (typeof c === 'object' && c !== null ? id((c as { reward_id?: unknown }).reward_id) : null)).find((c) => c !== null) ?? null;
  return { poll_option_id: id(d.poll_option_id), target_id: id(d.target_id), reward_id: id(d.reward_id) ?? claimed };
}

/** A poll, poll option, target or reward as kept: names are Tiltify's text, shown as text. */
export interface TiltifyItem {
  kind: 'poll' | 'poll_option' | 'target' | 'reward';
  tiltify_id: string;
  parent_id: string | null;
  name: string;
  /** A target's or reward's amount (the goal, the reward's price). */
  goal: Money | null;
  raised: Money | null;
  active: boolean;
}

const NAME_MAX = 200;

function itemName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, NAME_MAX);
  return name === '' ? null : name;
}

function optionalMoney(value: unknown): Money | null {
  if (value === undefined || value === null) return null;
  const parsed = parseAmount(value);
  return parsed.ok ? parsed.value : null;
}

/**
 * One item of Tiltify's poll, target or reward list. A poll brings its options:
 * { id, name, active, amount_raised, options: [{ id, name, amount_raised }] }; a target
 * { id, name, amount, amount_raised, active }; a reward { id, name, amount, active }.
 */
export function parseTiltifyItems(kind: 'polls' | 'targets' | 'rewards', data: unknown): Result<TiltifyItem[]> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail(`a ${kind.slice(0, -1)} must be a JSON object`);
  const d = data as Record<string, unknown>;
  if (typeof d.id !== 'string' || !UUID.test(d.id)) return fail(`a ${kind.slice(0, -1)} has no id`);
  const name = itemName(d.name);
  if (name === null) return fail(`${kind.slice(0, -1)} ${d.id} has no name`);
  const active = d.active !== false;
  if (kind === 'polls') {
    const items: TiltifyItem[] = [{ kind: 'poll', tiltify_id: d.id, parent_id: null, name, goal: null, raised: optionalMoney(d.amount_raised), active }];
    const options = Array.isArray(d.options) ? d.options.slice(0, 100) : [];
    for (const raw of options) {
      if (typeof raw !== 'object' || raw === null) continue;
      const o = raw as Record<string, unknown>;
      const optionName = itemName(o.name);
      if (typeof o.id !== 'string' || !UUID.test(o.id) || optionName === null) continue;
      items.push({ kind: 'poll_option', tiltify_id: o.id, parent_id: d.id, name: optionName, goal: null, raised: optionalMoney(o.amount_raised), active });
    }
    return ok(items);
  }
  return ok([{ kind: kind === 'targets' ? 'target' : 'reward', tiltify_id: d.id, parent_id: null, name, goal: optionalMoney(d.amount), raised: optionalMoney(d.amount_raised), active }]);
}
