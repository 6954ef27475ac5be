import { type AlertSettings, type AlertTier, tierFromMinor, tierIndexFor } from '../../../shared/alert-tiers.js';
import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import type { Amount } from '../../../shared/money.js';
import { minorAmount } from '../../lib/format.js';
import type { Alert } from '../alert-queue.js';

/** How an alert is shown: its tier (null when the owner set none), and for how long. */
export interface AlertStyle {
  tier: number | null;
  look: AlertTier['look'];
  sound: AlertTier['sound'];
  volume: number;
  durationMs: number;
}

/**
 * The tier of an alert: donations by their amount in campaign currency, Twitch moments by what
 * the campaign counts them as (raids and unvalued moments: the lowest tier), milestones the top
 * tier, a test alert the tier it asks for. Without tiers: the standard look, silent, for the
 * overlay URL's duration.
 */
export function alertStyle(alert: Alert, settings: Pick<AlertSettings, 'tiers'>, currency: string | undefined, fallbackSeconds: number): AlertStyle {
  const index = tierIndexOf(alert, settings, currency ?? '');
  const tier = index === null ? undefined : settings.tiers[index];
  if (index === null || !tier) return { tier: null, look: 'standard', sound: 'none', volume: 0, durationMs: fallbackSeconds * 1000 };
  return { tier: index, look: tier.look, sound: tier.sound, volume: tier.volume, durationMs: tier.duration_s * 1000 };
}

function tierIndexOf(alert: Alert, settings: Pick<AlertSettings, 'tiers'>, currency: string): number | null {
  const last = settings.tiers.length - 1;
  if (last < 0) return null;
  switch (alert.kind) {
    case 'milestone':
    case 'incentive':
      return last;
    case 'test':
      return Math.min(Math.max(alert.tier, 0), last);
    case 'more':
      return 0;
    case 'moment':
      return alert.moment.kind === 'raid' ? 0 : tierIndexFor(settings, alert.size, currency);
    case 'donation':
      return tierIndexFor(settings, alert.size, currency);
  }
}

const SAMPLE_MAJOR_UNITS = 5;

/**
 * The amount a test alert shows: its tier's threshold, or for a tier from 0 a small sample
 * (5 units, or less when the next tier starts lower), so that it belongs to that tier.
 */
export function sampleAmount(settings: Pick<AlertSettings, 'tiers'>, tier: number, currency: string): Amount | null {
  const at = (index: number) => {
    const found = settings.tiers[index];
    return found ? tierFromMinor(found, currency) : null;
  };
  const from = at(tier) ?? 0;
  if (from > 0) return minorAmount(from, currency);
  if (!isCurrencyCode(currency)) return null;
  const sample = SAMPLE_MAJOR_UNITS * 10 ** minorUnitExponent(currency);
  const next = at(tier + 1);
  return minorAmount(next !== null && next <= sample ? Math.max(1, Math.floor(next / 2)) : sample, currency);
}
