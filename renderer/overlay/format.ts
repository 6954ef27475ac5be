import type { Amount } from '../../shared/money.js';
import { displayAmount, groupDecimal } from '../lib/format.js';
import type { OverlayOptions } from './options.js';

/** An amount as the options ask: "€12,345.60", "12,345.60 EUR", or without cents "€12,345". */
export function overlayAmount(amount: Amount, options: Pick<OverlayOptions, 'currency' | 'cents'>): string {
  // Whole units only: the decimals are cut from the exact string, never rounded through a float.
  const value = options.cents ? amount.value : (amount.value.split('.')[0] ?? amount.value);
  if (options.currency === 'code') return `${groupDecimal(value)} ${amount.currency}`;
  return displayAmount({ value, currency: amount.currency });
}

/** "45 s", "12 min", "3 h 12 min", "2 d 3 h": always rounded down, as a waiting time should be. */
export function spanWords(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
