import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { formatMinor, parseDecimalMinor } from '../../shared/money.js';
import type { Amount } from '../../shared/money.js';

/** Exact integer minor units of a wire amount ("-12.50" EUR → -1250), or null if unreadable. */
export function amountMinor(amount: Amount): number | null {
  if (!isCurrencyCode(amount.currency)) return null;
  const negative = amount.value.startsWith('-');
  const parsed = parseDecimalMinor(negative ? amount.value.slice(1) : amount.value, minorUnitExponent(amount.currency));
  if (!parsed.ok) return null;
  return negative ? -parsed.value : parsed.value;
}

/** Groups the whole part of an exact decimal string: "12345.60" → "12,345.60". No floats. */
export function groupDecimal(value: string): string {
  const negative = value.startsWith('-');
  const [whole = '0', fraction] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

const symbols = new Map<string, { symbol: string; before: boolean }>();

/** The currency's narrow symbol and whether it goes before the number, from the browser's Intl. */
export function currencySymbol(currency: string): { symbol: string; before: boolean } {
  const known = symbols.get(currency);
  if (known) return known;
  let found = { symbol: currency, before: false };
  try {
    const parts = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(1);
    const index = parts.findIndex((p) => p.type === 'currency');
    const symbol = parts[index]?.value;
    // A bare code ("BHD") reads better after the number, like "12.500 BHD".
    if (symbol && symbol !== currency) found = { symbol, before: index === 0 };
  } catch {
    // unknown to this browser: keep the code
  }
  symbols.set(currency, found);
  return found;
}

/** "€12,345.60", "¥3,000", "12.500 BHD": exact digits, the symbol from Intl. */
export function displayAmount(amount: Amount): string {
  const { symbol, before } = currencySymbol(amount.currency);
  const digits = groupDecimal(amount.value);
  if (!before) return `${digits} ${symbol}`;
  return digits.startsWith('−') ? `−${symbol}${digits.slice(1)}` : `${symbol}${digits}`;
}

/** "12 s ago", "4 min ago", "2 h ago", "3 d ago". */
export function timeAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** A span of time as "47:12:05" (hours may exceed 24 in a marathon). */
export function clockSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A roomy "in 2 d 3 h" for long waits before the start. */
export function roughSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

// One Intl.DateTimeFormat per shape, made once: toLocaleTimeString(locale, options) builds a new
// formatter on every call, and a chart redraw formats hundreds of ticks (issue 18 measured
// seconds per redraw on the demo's data).
const HOUR_MINUTE = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const HOUR_MINUTE_SECOND = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const WEEKDAY = new Intl.DateTimeFormat([], { weekday: 'short' });
const MONTH_DAY = new Intl.DateTimeFormat([], { month: 'short', day: 'numeric' });
const MONTH_DAY_TIME = new Intl.DateTimeFormat([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

type When = string | number | Date;
const at = (when: When) => (when instanceof Date ? when : new Date(when));

/** 14:05 in the viewer's locale. */
export const hourMinute = (when: When) => HOUR_MINUTE.format(at(when));
/** 14:05:09 in the viewer's locale. */
export const hourMinuteSecond = (when: When) => HOUR_MINUTE_SECOND.format(at(when));
/** Mon, Tue... */
export const weekday = (when: When) => WEEKDAY.format(at(when));
/** Dec 2 */
export const monthDay = (when: When) => MONTH_DAY.format(at(when));
/** Dec 2, 14:05:09 */
export const monthDayTime = (when: When) => MONTH_DAY_TIME.format(at(when));

export function clockTime(iso: string): string {
  return hourMinuteSecond(iso);
}

/** Integer minor units back to a wire amount, exactly. */
export function minorAmount(minor: number, currency: string): Amount | null {
  return isCurrencyCode(currency) ? { value: formatMinor(minor, currency), currency } : null;
}
