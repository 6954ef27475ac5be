/**
 * Alert tiers by size: the owner's rule for how long an overlay alert stays, how it looks and
 * what it sounds like, by the alert's amount in the campaign currency. Plain data and exact
 * integer arithmetic only: both the server (checks) and the overlay (choice) use it.
 */
import { isCurrencyCode, minorUnitExponent } from './currencies.js';
import { formatMinor, parseDecimalMinor } from './money.js';
import type { Result } from './result.js';

export const ALERT_LOOKS = ['standard', 'big', 'epic'] as const;
export type AlertLook = (typeof ALERT_LOOKS)[number];

/** The shipped sounds, made in the browser (Web Audio), so the app ships no sound files. */
export const ALERT_SOUNDS = ['none', 'chime', 'coins', 'fanfare'] as const;
export type BuiltInSound = (typeof ALERT_SOUNDS)[number];
/** A sound file the owner uploaded, named by the first 16 hex digits of its SHA-256. */
export type OwnSound = `file:${string}`;
export type AlertSound = BuiltInSound | OwnSound;
export const OWN_SOUND = /^file:[0-9a-f]{16}$/;
/** Where an overlay fetches an uploaded sound: <path><id>?key=<overlay key>. */
export const OVERLAY_SOUND_PATH = '/overlay-sound/';

/** The uploaded file's id when `sound` names one ("file:0123…" → "0123…"), else null. */
export function ownSoundId(sound: string): string | null {
  return OWN_SOUND.test(sound) ? sound.slice('file:'.length) : null;
}

/** How big an uploaded alert sound may be (a few seconds of MP3 or Ogg is well under it). */
export const MAX_SOUND_FILE_BYTES = 600 * 1024;
/** How many sound files the owner may keep (one per tier, and a few to choose from). */
export const MAX_SOUND_FILES = 12;

/** An uploaded alert sound, as the owner's list shows it (never its bytes). */
export interface SoundFileView {
  id: string;
  /** The name the owner gave (the file's name), shown as text. */
  name: string;
  /** Read from the file's own first bytes, never from what the browser said. */
  type: string;
  bytes: number;
  uploaded_at: string;
  /** Tiers (1-based) that play it: a file in use cannot be removed. */
  used_by: number[];
}

export const MAX_ALERT_TIERS = 6;
export const ALERT_DURATION_MIN_S = 2;
export const ALERT_DURATION_MAX_S = 60;

export interface AlertTier {
  /** From this amount up (a decimal string in the campaign currency, "20.00"); the first tier is from 0. */
  from: string;
  duration_s: number;
  look: AlertLook;
  sound: AlertSound;
  /** 0-100. */
  volume: number;
}

/** The owner's alert settings. No tiers: every alert looks the same, for the overlay URL's duration. */
export interface AlertSettings {
  tiers: AlertTier[];
  /**
   * A donation left waiting for screening gets its alert at once with the donor's name (none
   * when anonymous) and the amount; its message never, unless approved.
   */
  early: boolean;
}

export const NO_ALERT_SETTINGS: AlertSettings = { tiers: [], early: false };

/** What the dashboard offers when there are no tiers yet: small, notable, big. */
export function suggestedTiers(currency: string): AlertTier[] {
  const exponent = isCurrencyCode(currency) ? minorUnitExponent(currency) : 2;
  const major = (units: number) => (exponent === 0 ? String(units) : `${units}.${'0'.repeat(exponent)}`);
  return [
    { from: major(0), duration_s: 5, look: 'standard', sound: 'chime', volume: 60 },
    { from: major(20), duration_s: 8, look: 'big', sound: 'coins', volume: 70 },
    { from: major(100), duration_s: 12, look: 'epic', sound: 'fanfare', volume: 80 },
  ];
}

/** A tier's threshold in minor units of `currency`; null when it cannot be read exactly. */
export function tierFromMinor(tier: AlertTier, currency: string): number | null {
  if (!isCurrencyCode(currency)) return null;
  const parsed = parseDecimalMinor(tier.from, minorUnitExponent(currency));
  return parsed.ok ? parsed.value : null;
}

/**
 * The index of the tier an alert of `sizeMinor` (campaign minor units) belongs to: the highest
 * tier whose threshold it reaches; the lowest tier for anything smaller or unreadable. Null
 * when there are no tiers.
 */
export function tierIndexFor(settings: Pick<AlertSettings, 'tiers'>, sizeMinor: number, currency: string): number | null {
  if (settings.tiers.length === 0) return null;
  let chosen = 0;
  settings.tiers.forEach((tier, index) => {
    const from = tierFromMinor(tier, currency);
    if (from !== null && sizeMinor >= from) chosen = index;
  });
  return chosen;
}

/**
 * Checks tiers sent by the owner against the campaign currency: thresholds exact in its
 * decimals, the first from 0, each higher than the one before. Answers them with their
 * thresholds written canonically ("20" → "20.00").
 */
export function checkTiers(tiers: readonly AlertTier[], currency: string): Result<AlertTier[]> {
  if (!isCurrencyCode(currency)) return { ok: false, error: `the campaign currency ${currency} is not known` };
  const exponent = minorUnitExponent(currency);
  const checked: AlertTier[] = [];
  let previous = -1;
  for (const [index, tier] of tiers.entries()) {
    const parsed = parseDecimalMinor(tier.from, exponent);
    if (!parsed.ok) return { ok: false, error: `tier ${index + 1}: ${parsed.error}` };
    if (index === 0 && parsed.value !== 0) return { ok: false, error: 'the first tier must start from 0, so that every alert has a tier' };
    if (parsed.value <= previous) return { ok: false, error: `tier ${index + 1} must start above tier ${index}` };
    previous = parsed.value;
    checked.push({ ...tier, from: formatMinor(parsed.value, currency) });
  }
  return { ok: true, value: checked };
}

/** One line per tier for the audit log: "0.00 5s standard chime 60%; 20.00 8s big coins 70%". */
export function describeTiers(settings: AlertSettings): string {
  const early = settings.early ? ', name and amount before screening' : '';
  if (settings.tiers.length === 0) return `no tiers${early}`;
  return settings.tiers.map((t) => `${t.from} ${t.duration_s}s ${t.look} ${t.sound} ${t.volume}%`).join('; ') + early;
}
