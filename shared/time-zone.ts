/** The zone a campaign is shown in when none was chosen (a database from before zones existed). */
export const DEFAULT_TIME_ZONE = 'UTC';

const known = new Map<string, string | null>();

/**
 * The IANA zone's canonical spelling ("europe/paris" → "Europe/Paris"), or null when this
 * runtime's Intl does not know it. Checked by building a formatter in that zone (Intl throws a
 * RangeError for an unknown one); answers are kept, as building a formatter is not cheap.
 */
export function canonicalTimeZone(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return null;
  const cached = known.get(name);
  if (cached !== undefined) return cached;
  let canonical: string | null = null;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    canonical = null;
  }
  if (known.size < 1000) known.set(name, canonical);
  return canonical;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(zone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    if (wallFormats.size < 100) wallFormats.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at that instant, as UTC milliseconds of the same digits. */
function wallClockMs(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of wallFormat(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/**
 * What an `<input type="datetime-local">` shows for that instant in `zone`: "2026-12-03T21:00".
 * The team types times in the campaign's zone, whatever zone the browser is in.
 */
export function wallTimeIn(instant: number, zone: string): string {
  return new Date(wallClockMs(instant - (instant % 60_000 + 60_000) % 60_000, zone)).toISOString().slice(0, 16);
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a wall time in `zone` names ("2026-12-03T21:00" in Europe/Paris → 20:00 UTC), or
 * null when it is not one. In the hour a clock skips (spring forward) the time is read with the
 * offset from before the change, as a clock would that was not moved yet; in the hour a clock
 * repeats (fall back) the first of the two is meant.
 */
export function instantOfWallTime(wall: string, zone: string): number | null {
  const match = WALL_TIME.exec(wall);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59) return null;
  // The zone's offsets a day either side: the instant is the wall time less one of them.
  const before = wallClockMs(asUtc - 86_400_000, zone) - (asUtc - 86_400_000);
  const after = wallClockMs(asUtc + 86_400_000, zone) - (asUtc + 86_400_000);
  const candidates = [asUtc - Math.max(before, after), asUtc - Math.min(before, after)];
  for (const instant of candidates) {
    if (wallClockMs(instant, zone) === asUtc) return instant;
  }
  return asUtc - before;
}
