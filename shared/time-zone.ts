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
