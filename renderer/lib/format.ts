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

/** How a locale writes numbers: its group and decimal separators. */
interface NumberMarks {
  group: string;
  decimal: string;
}

const numberMarks = new Map<string, NumberMarks>();

/** The locale's separators, read once from Intl ("," and "." in English, U+202F and "," in French). */
function marksOf(locale: string): NumberMarks {
  const known = numberMarks.get(locale);
  if (known) return known;
  let found: NumberMarks = { group: ',', decimal: '.' };
  try {
    // A float here only shows Intl a sample number; no amount ever goes through it.
    const parts = new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(1234567.5);
    found = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
  } catch {
    // a locale this browser does not know: English marks
  }
  numberMarks.set(locale, found);
  return found;
}

/**
 * Groups the whole part of an exact decimal string the way `locale` writes it: "12345.60" →
 * "12,345.60" in English, "12 345,60" in French. String work on the digits: no floats.
 */
export function groupDecimal(value: string, locale = 'en'): string {
  const { group, decimal } = marksOf(locale);
  const negative = value.startsWith('-');
  const [whole = '0', fraction] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `${decimal}${fraction}`}`;
}

interface CurrencyLook {
  symbol: string;
  before: boolean;
  /** What stands between the symbol and the digits: "" in "€12", a no-break space in "12 €". */
  gap: string;
}

const symbols = new Map<string, CurrencyLook>();

/**
 * The currency's narrow symbol in `locale`, which side of the number it goes and with what gap,
 * from the browser's Intl; made once per locale and currency.
 */
export function currencySymbol(currency: string, locale = 'en'): CurrencyLook {
  const key = `${locale}|${currency}`;
  const known = symbols.get(key);
  if (known) return known;
  let found: CurrencyLook = { symbol: currency, before: false, gap: ' ' };
  try {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(1);
    const index = parts.findIndex((p) => p.type === 'currency');
    const symbol = parts[index]?.value;
    const before = index === 0;
    const beside = parts[before ? index + 1 : index - 1];
    const gap = beside?.type === 'literal' ? beside.value : '';
    // A bare code ("BHD") reads better after the number, like "12.500 BHD" (with the locale's
    // own space where it writes it after too: "1,250 KWD" in French).
    if (symbol && symbol !== currency) found = { symbol, before, gap };
    else if (!before && gap !== '') found = { symbol: currency, before: false, gap };
  } catch {
    // unknown to this browser: keep the code
  }
  symbols.set(key, found);
  return found;
}

/** The campaign's locale: amounts on the dashboard are written the way they are typed in it. */
let shownLocale = 'en';

/** Every amount on the dashboard is written the way `locale` writes it from now on (the campaign's). */
export function showAmountsIn(locale: string | undefined): void {
  shownLocale = locale ?? 'en';
}

/** "€12,345.60", "¥3,000", "12.500 BHD" for an English campaign, "12 345,60 €" for a French one. */
export function displayAmount(amount: Amount): string {
  return localeAmount(amount, shownLocale);
}

/** "€12,345.60" in English, "12 345,60 €" in French: exact digits, the symbol and its side from Intl. */
export function localeAmount(amount: Amount, locale: string): string {
  const { symbol, before, gap } = currencySymbol(amount.currency, locale);
  const digits = groupDecimal(amount.value, locale);
  if (!before) return `${digits}${gap}${symbol}`;
  return digits.startsWith('−') ? `−${symbol}${gap}${digits.slice(1)}` : `${symbol}${gap}${digits}`;
}

const counters = new Map<string, Intl.NumberFormat>();

/** A count (donations, callers) as `locale` writes it: "1,234" or "1 234"; the formatter made once. */
export function countIn(locale: string, count: number): string {
  let format = counters.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    counters.set(locale, format);
  }
  return format.format(count);
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

// ── Times, in the campaign's zone ──────────────────────────────────────────────────────────
// One Intl.DateTimeFormat per shape and zone, made once: toLocaleTimeString(locale, options)
// builds a new formatter on every call, and a chart redraw formats hundreds of ticks (issue 18
// measured seconds per redraw on the demo's data). A campaign has one zone, so in practice one
// set of formatters lives for the whole marathon.

interface ZoneFormats {
  hourMinute: Intl.DateTimeFormat;
  hourMinuteSecond: Intl.DateTimeFormat;
  weekday: Intl.DateTimeFormat;
  monthDay: Intl.DateTimeFormat;
  monthDayTime: Intl.DateTimeFormat;
  /** "2026-12-02": the calendar day in the zone, to tell today from other days. */
  day: Intl.DateTimeFormat;
  /** Gives the zone's short name ("CET", "EST", "GMT+9") in its timeZoneName part. */
  zoneName: Intl.DateTimeFormat;
  /** Names already read, by hour (a zone changes its name only at an hour's start): bounded. */
  names: Map<number, string>;
}

const zoneFormats = new Map<string, ZoneFormats>();
/** The campaign's zone; undefined (no campaign yet) shows the browser's own. */
let shownZone: string | undefined;

/** Every time on the dashboard is shown in `zone` from now on (the campaign's, from the store). */
export function showTimesIn(zone: string | undefined): void {
  shownZone = zone;
}

/** The zone times are shown in now: the campaign's, or the browser's before there is one. */
export function shownTimeZone(): string {
  return shownZone ?? browserTimeZone();
}

/** The browser's own IANA zone ("Europe/Paris"), the default for a new campaign. */
export function browserTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function formatsFor(zone: string | undefined): ZoneFormats {
  const key = zone ?? '';
  const known = zoneFormats.get(key);
  if (known) return known;
  const timeZone = zone === undefined ? {} : { timeZone: zone };
  const made: ZoneFormats = {
    hourMinute: new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', ...timeZone }),
    hourMinuteSecond: new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit', ...timeZone }),
    weekday: new Intl.DateTimeFormat([], { weekday: 'short', ...timeZone }),
    monthDay: new Intl.DateTimeFormat([], { month: 'short', day: 'numeric', ...timeZone }),
    monthDayTime: new Intl.DateTimeFormat([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', ...timeZone }),
    day: new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...timeZone }),
    zoneName: new Intl.DateTimeFormat(zoneNameLocale(zone), { timeZoneName: 'short', ...timeZone }),
    names: new Map(),
  };
  zoneFormats.set(key, made);
  return made;
}

/**
 * Which English names the zone by letters: en-GB says "CET"/"CEST" for Paris where en-US says
 * "GMT+1", and en-US says "EST" for New York where en-GB says "GMT-5". A zone with no common
 * abbreviation keeps its offset ("GMT+9" for Tokyo).
 */
function zoneNameLocale(zone: string | undefined): string {
  const year = new Date().getUTCFullYear();
  const winter = new Date(Date.UTC(year, 0, 15));
  const summer = new Date(Date.UTC(year, 6, 15));
  for (const locale of ['en-US', 'en-GB']) {
    const format = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', ...(zone === undefined ? {} : { timeZone: zone }) });
    const named = [winter, summer].every((date) => /^[A-Z]{2,5}$/.test(zonePart(format, date)));
    if (named) return locale;
  }
  return 'en-US';
}

function zonePart(format: Intl.DateTimeFormat, date: Date): string {
  return format.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

type When = string | number | Date;
const at = (when: When) => (when instanceof Date ? when : new Date(when));
const shown = () => formatsFor(shownZone);

/** 14:05 in the campaign's zone. */
export const hourMinute = (when: When) => shown().hourMinute.format(at(when));
/** 14:05:09 in the campaign's zone. */
export const hourMinuteSecond = (when: When) => shown().hourMinuteSecond.format(at(when));
/** Mon, Tue... */
export const weekday = (when: When) => shown().weekday.format(at(when));
/** Dec 2 */
export const monthDay = (when: When) => shown().monthDay.format(at(when));
/** Dec 2, 14:05:09 */
export const monthDayTime = (when: When) => shown().monthDayTime.format(at(when));
const HOUR_MS = 3_600_000;

function nameAt(formats: ZoneFormats, date: Date): string {
  const hour = Math.floor(date.getTime() / HOUR_MS);
  let name = formats.names.get(hour);
  if (name === undefined) {
    name = zonePart(formats.zoneName, date);
    if (formats.names.size >= 2_000) formats.names.clear();
    formats.names.set(hour, name);
  }
  return name;
}

/** The zone's short name at that moment: "CET", "CEST" in summer, "EST", "GMT+9". */
export const zoneName = (when: When) => nameAt(shown(), at(when));

/**
 * A time the team reads, in the campaign's zone with its name, and with the date when it is not
 * today there (a marathon runs over three days): "14:05 CET", "Dec 3, 02:10 CET".
 */
export function teamTime(when: When, options: { seconds?: boolean; now?: number } = {}): string {
  const formats = shown();
  const date = at(when);
  const time = (options.seconds ? formats.hourMinuteSecond : formats.hourMinute).format(date);
  const today = formats.day.format(date) === formats.day.format(options.now ?? Date.now());
  const name = nameAt(formats, date);
  return `${today ? '' : `${formats.monthDay.format(date)}, `}${time} ${name}`;
}

/** A feed's time to the second: "14:05:09 CET", with the date when not today. */
export function clockTime(iso: string): string {
  return teamTime(iso, { seconds: true });
}

/** Integer minor units back to a wire amount, exactly. */
export function minorAmount(minor: number, currency: string): Amount | null {
  return isCurrencyCode(currency) ? { value: formatMinor(minor, currency), currency } : null;
}
