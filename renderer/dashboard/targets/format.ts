import type { PublicTargetView, ResponseAuditEntry, ResponseKind } from '../../../shared/views.js';
import { instantOfWallTime, wallTimeIn } from '../../../shared/time-zone.js';
import { roughSpan, shownTimeZone, teamTime } from '../../lib/format.js';

/** "3 h 12 min 08 s", "1 d 2 h 05 min": how long a target has been called on (ticks). */
export function calledFor(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d} d ${h} h ${pad(m)} min`;
  if (h > 0) return `${h} h ${pad(m)} min ${pad(s)} s`;
  if (m > 0) return `${m} min ${pad(s)} s`;
  return `${s} s`;
}

/** "3 h 12 min", "42 min", "35 s": time to response, to the nearest minute once it is over one. */
export function answeredAfter(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : roughSpan(s * 1000);
}

export const count = (n: number) => n.toLocaleString('en');

export const perMinute = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export const KIND_WORDS: Record<ResponseKind, string> = {
  commitment: 'commitment',
  refusal: 'refusal',
  acknowledgement: 'acknowledgement',
};

export function statusWords(target: PublicTargetView): string {
  if (target.status === 'waiting') return 'waiting';
  if (target.status === 'declined') return 'declined';
  return target.response_kind ? `responded · ${KIND_WORDS[target.response_kind]}` : 'responded';
}

const ACTION_WORDS: Record<ResponseAuditEntry['action'], string> = {
  found: 'found it',
  flag: 'flagged it',
  confirm: 'confirmed it',
  reject: 'rejected it',
  undo: 'undid the',
};

/** "Mina flagged it", "Omar undid the confirmation". */
export function auditWords(entry: ResponseAuditEntry): string {
  if (entry.action === 'undo') return `${entry.actor_name} undid the ${entry.from_state === 'rejected' ? 'rejection' : 'confirmation'}`;
  if (entry.action === 'found') return entry.actor_name;
  return `${entry.actor_name} ${ACTION_WORDS[entry.action]}`;
}

/** A link a person may follow: http(s) only, anything else is shown as text. */
export function safeLink(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** A datetime-local value ("2026-11-23T20:00"), typed in the campaign's zone, as ISO-8601; null when empty or unreadable. */
export function localToIso(value: string): string | null {
  const at = value ? instantOfWallTime(value, shownTimeZone()) : null;
  return at === null ? null : new Date(at).toISOString();
}

/** An ISO time as a datetime-local value in the campaign's zone (the team's clock, not this browser's). */
export function isoToLocal(iso: string): string {
  return wallTimeIn(Date.parse(iso), shownTimeZone());
}

/** "14:05 CET" in the campaign's zone ("Dec 3, 14:05 CET" on another day). */
export const shortTime = (iso: string) => teamTime(iso);
/** "14:05:09 CET" in the campaign's zone, with the date when not today. */
export const dateTime = (iso: string) => teamTime(iso, { seconds: true });
