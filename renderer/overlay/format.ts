import { type OverlayWords, fill, overlayWords } from '../../shared/locales/index.js';
import type { Amount } from '../../shared/money.js';
import { groupDecimal, localeAmount } from '../lib/format.js';
import type { OverlayOptions } from './options.js';

/**
 * An amount as the options ask, written the way the campaign's locale writes it: "€12,345.60",
 * "12,345.60 EUR", or without cents "€12,345" in English; "12 345,60 €" in French.
 */
export function overlayAmount(amount: Amount, options: Pick<OverlayOptions, 'currency' | 'cents'>, locale = 'en'): string {
  // Whole units only: the decimals are cut from the exact string, never rounded through a float.
  const value = options.cents ? amount.value : (amount.value.split('.')[0] ?? amount.value);
  if (options.currency === 'code') return `${groupDecimal(value, locale)} ${amount.currency}`;
  return localeAmount({ value, currency: amount.currency }, locale);
}

/**
 * "45 s", "12 min", "3 h 12 min", "2 d 3 h" (in French "2 j 3 h"): always rounded down, as a
 * waiting time should be.
 */
export function spanWords(ms: number, words: OverlayWords = overlayWords('en')): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return fill(words.seconds, { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return fill(words.minutes, { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return fill(words.hoursMinutes, { h: hours, m: minutes % 60 });
  return fill(words.daysHours, { d: Math.floor(hours / 24), h: hours % 24 });
}
