import { type CampaignLocale, DEFAULT_LOCALE } from '../../shared/locales/index.js';
import type { CampaignInput, Milestone } from '../../shared/views.js';
import type { Result } from '../../shared/result.js';
import { readAmountInput } from '../lib/amount-input.js';
import { instantOfWallTime, wallTimeIn } from '../../shared/time-zone.js';
import { browserTimeZone } from '../lib/format.js';

export interface MilestoneDraft {
  key: number;
  amount: string;
  label: string;
}

/** The campaign form as typed: strings until it is checked. */
export interface CampaignDraft {
  title: string;
  cause: string;
  currency: string;
  goal: string;
  milestones: MilestoneDraft[];
  startsAt: string;
  durationHours: string;
  /** The language on stream; amounts in this form are typed the way it writes them. */
  locale: CampaignLocale;
  /** The browser's zone at creation; the Campaign tab changes it. */
  timeZone: string;
}

/** French for a French browser, English otherwise (the languages the overlays speak). */
export function browserLocale(languages: readonly string[]): CampaignLocale {
  return languages[0]?.toLowerCase().startsWith('fr') ? 'fr' : DEFAULT_LOCALE;
}

export function emptyCampaignDraft(now: Date, languages: readonly string[] = [], timeZone = browserTimeZone()): CampaignDraft {
  return {
    title: '', cause: '', currency: 'EUR', goal: '', milestones: [], startsAt: wallTimeIn(now.getTime(), timeZone), durationHours: '48',
    locale: browserLocale(languages), timeZone,
  };
}

/** Rows of amount + label as typed (milestones, stretch goals), checked; `name` says which in errors. */
export function readMilestoneDrafts(drafts: MilestoneDraft[], currency: string, name: string, locale: CampaignLocale): Result<Milestone[]> {
  const marks: Milestone[] = [];
  for (const [index, typed] of drafts.entries()) {
    const amount = readAmountInput(typed.amount, currency, `${name.toLowerCase()} ${index + 1}'s amount`, locale);
    if (!amount.ok) return amount;
    const label = typed.label.trim();
    if (label === '') return { ok: false, error: `${name} ${index + 1} needs a label (what the money buys).` };
    marks.push({ amount: amount.value, label });
  }
  return { ok: true, value: marks };
}

/** Checks the draft the way the server will, so most mistakes are caught before sending. */
export function readCampaignDraft(draft: CampaignDraft): Result<CampaignInput> {
  const title = draft.title.trim();
  if (title === '') return { ok: false, error: 'Give the campaign a title.' };
  const goal = readAmountInput(draft.goal, draft.currency, 'the goal', draft.locale);
  if (!goal.ok) return goal;
  const milestones = readMilestoneDrafts(draft.milestones, draft.currency, 'Milestone', draft.locale);
  if (!milestones.ok) return milestones;
  // Typed in the campaign's zone, whatever zone this browser is in.
  const startsAtMs = instantOfWallTime(draft.startsAt, draft.timeZone);
  if (startsAtMs === null) return { ok: false, error: 'Choose when the marathon starts.' };
  const startsAt = new Date(startsAtMs);
  const durationHours = Number(draft.durationHours);
  if (!/^\d+$/.test(draft.durationHours.trim()) || durationHours < 1 || durationHours > 336) {
    return { ok: false, error: 'The duration is a whole number of hours between 1 and 336, like 48.' };
  }
  return {
    ok: true,
    value: {
      title,
      cause: draft.cause.trim(),
      currency: draft.currency,
      goal: goal.value,
      milestones: milestones.value,
      starts_at: startsAt.toISOString(),
      duration_hours: durationHours,
      locale: draft.locale,
      time_zone: draft.timeZone,
    },
  };
}
