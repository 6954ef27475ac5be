import { type CurrencyCode, isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { MAX_CAMPAIGN_VOLUME_MINOR, formatMinor, parseDecimalMinor } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import { CAMPAIGN_LOCALES, type CampaignLocale, DEFAULT_LOCALE, isCampaignLocale } from '../../shared/locales/index.js';
import { DEFAULT_TIME_ZONE, canonicalTimeZone } from '../../shared/time-zone.js';
import type { CampaignView } from '../../shared/views.js';
import type { Db } from '../store/database.js';
import { NO_PLEDGE_VALUES, type PledgeValuesMinor, pledgeValuesFromStore, pledgeValuesView, readPledgeValues, storedPledgeValues } from './pledges.js';

export interface Campaign {
  title: string;
  cause: string;
  currency: CurrencyCode;
  goalMinor: number;
  milestones: { minor: number; label: string }[];
  /** The goals after the goal, lowest first, each above the one before (see goalProgress); absent: none. */
  stretchGoals?: { minor: number; label: string }[];
  startsAt: number;
  durationHours: number;
  demo: boolean;
  /** The language viewers read on stream: the overlays' words and how numbers are written; absent when saving keeps what is stored. */
  locale?: CampaignLocale;
  /** The IANA zone every time on the dashboard is shown in ("Europe/Paris"); absent when saving keeps what is stored. */
  timeZone?: string;
  /** What subs and bits are worth; absent when saving keeps what is stored. */
  pledgeValues?: PledgeValuesMinor;
  /** When the owner closed the marathon (no money counted since), or null/absent while it runs. */
  closedAt?: number | null;
}

interface CampaignRow {
  title: string;
  cause: string;
  currency: string;
  goal_minor: number;
  milestones: string;
  stretch_goals: string;
  starts_at: number;
  duration_hours: number;
  demo: number;
  sub_values: string;
  bits_per_100_minor: number | null;
  locale: string;
  time_zone: string;
  closed_at: number | null;
}

const MAX_MILESTONES = 50;
export const MAX_STRETCH_GOALS = 20;

export function readCampaign(db: Db): Campaign | null {
  const row = db
    .prepare<[], CampaignRow>(
      `SELECT title, cause, currency, goal_minor, milestones, stretch_goals, starts_at, duration_hours, demo, sub_values, bits_per_100_minor,
         locale, time_zone, closed_at
       FROM campaign WHERE id = 1`,
    )
    .get();
  if (!row) return null;
  return {
    title: row.title,
    cause: row.cause,
    currency: row.currency as CurrencyCode,
    goalMinor: row.goal_minor,
    milestones: JSON.parse(row.milestones) as Campaign['milestones'],
    stretchGoals: JSON.parse(row.stretch_goals) as Campaign['stretchGoals'],
    startsAt: row.starts_at,
    durationHours: row.duration_hours,
    demo: row.demo === 1,
    // A language or zone this runtime does not know (a database from a newer version): the defaults.
    locale: isCampaignLocale(row.locale) ? row.locale : DEFAULT_LOCALE,
    timeZone: canonicalTimeZone(row.time_zone) ?? DEFAULT_TIME_ZONE,
    pledgeValues: pledgeValuesFromStore(row.sub_values, row.bits_per_100_minor),
    closedAt: row.closed_at,
  };
}

export function hasCountedMoney(db: Db): boolean {
  return db.prepare('SELECT 1 FROM donations LIMIT 1').get() !== undefined;
}

/**
 * Checks a campaign from the API; every problem is a sentence naming the field. Pledge values
 * left out are taken from `previous` (unless the currency changes: they were in the old one).
 */
export function validateCampaign(input: unknown, demo = false, previous: Campaign | null = null): Result<Campaign> {
  if (typeof input !== 'object' || input === null) return fail('the campaign must be a JSON object');
  const body = input as Record<string, unknown>;
  const title = text(body.title, 'title', 1, 120);
  if (!title.ok) return title;
  const cause = text(body.cause ?? '', 'cause', 0, 500);
  if (!cause.ok) return cause;
  const currency = body.currency;
  if (!isCurrencyCode(currency)) return fail('currency must be an ISO 4217 code such as "EUR"');
  const goal = amountIn(body.goal, currency, 'goal');
  if (!goal.ok) return goal;
  if (goal.value <= 0) return fail('goal must be more than zero');
  const milestones = readMilestones(body.milestones ?? [], currency);
  if (!milestones.ok) return milestones;
  // Left out, the stretch goals stay as they are: the setup form and older clients never send them.
  const stretchGoals = body.stretch_goals === undefined && previous?.currency === currency
    ? ok(previous.stretchGoals ?? [])
    : readStretchGoals(body.stretch_goals ?? [], currency, goal.value);
  if (!stretchGoals.ok) return stretchGoals;
  const startsAt = typeof body.starts_at === 'string' ? Date.parse(body.starts_at) : Number.NaN;
  if (!Number.isFinite(startsAt)) return fail('starts_at must be an ISO-8601 time such as "2026-12-01T18:00:00Z"');
  const durationHours = body.duration_hours ?? 48;
  if (typeof durationHours !== 'number' || !Number.isInteger(durationHours) || durationHours < 1 || durationHours > 24 * 14) {
    return fail('duration_hours must be a whole number of hours between 1 and 336');
  }
  const kept = previous && previous.currency === currency ? (previous.pledgeValues ?? NO_PLEDGE_VALUES) : NO_PLEDGE_VALUES;
  const pledgeValues = readPledgeValues(body.pledge_values, currency, kept);
  if (!pledgeValues.ok) return pledgeValues;
  // Left out, the language and zone stay as they are (older clients never send them).
  const locale = readLocale(body.locale ?? previous?.locale ?? DEFAULT_LOCALE);
  if (!locale.ok) return locale;
  const timeZone = readTimeZone(body.time_zone ?? previous?.timeZone ?? DEFAULT_TIME_ZONE);
  if (!timeZone.ok) return timeZone;
  return ok({
    title: title.value,
    cause: cause.value,
    currency,
    goalMinor: goal.value,
    milestones: milestones.value,
    stretchGoals: stretchGoals.value,
    startsAt,
    durationHours,
    demo,
    locale: locale.value,
    timeZone: timeZone.value,
    pledgeValues: pledgeValues.value,
  });
}

/** Saves the campaign; refuses to change the currency once money has been counted in it. */
export function saveCampaign(db: Db, campaign: Campaign, now = Date.now()): Result<Campaign> {
  const current = readCampaign(db);
  if (current && current.currency !== campaign.currency && hasCountedMoney(db)) {
    return fail(
      `the campaign currency is ${current.currency} and donations have been counted in it; it cannot change now`,
    );
  }
  // Values in another currency mean nothing in this one: a currency change without new values clears them.
  const pledgeValues =
    campaign.pledgeValues ?? (current && current.currency === campaign.currency ? current.pledgeValues : undefined) ?? NO_PLEDGE_VALUES;
  const { subValues, bitsPer100 } = storedPledgeValues(pledgeValues);
  const locale = campaign.locale ?? current?.locale ?? DEFAULT_LOCALE;
  const timeZone = campaign.timeZone ?? current?.timeZone ?? DEFAULT_TIME_ZONE;
  db.prepare(
    `INSERT INTO campaign (id, title, cause, currency, goal_minor, milestones, stretch_goals, starts_at, duration_hours, demo,
       sub_values, bits_per_100_minor, locale, time_zone, created_at, updated_at)
     VALUES (1, @title, @cause, @currency, @goalMinor, @milestones, @stretchGoals, @startsAt, @durationHours, @demo,
       @subValues, @bitsPer100, @locale, @timeZone, @now, @now)
     ON CONFLICT (id) DO UPDATE SET title = @title, cause = @cause, currency = @currency, goal_minor = @goalMinor,
       milestones = @milestones, stretch_goals = @stretchGoals, starts_at = @startsAt, duration_hours = @durationHours,
       sub_values = @subValues, bits_per_100_minor = @bitsPer100, locale = @locale, time_zone = @timeZone, updated_at = @now`,
  ).run({
    title: campaign.title,
    cause: campaign.cause,
    currency: campaign.currency,
    goalMinor: campaign.goalMinor,
    milestones: JSON.stringify(campaign.milestones),
    stretchGoals: JSON.stringify(campaign.stretchGoals ?? []),
    startsAt: campaign.startsAt,
    durationHours: campaign.durationHours,
    demo: campaign.demo ? 1 : 0,
    subValues,
    bitsPer100,
    locale,
    timeZone,
    now,
  });
  return ok({ ...campaign, locale, timeZone });
}

export function campaignView(campaign: Campaign, currencyLocked: boolean): CampaignView {
  const money = (minor: number) => ({ value: formatMinor(minor, campaign.currency), currency: campaign.currency });
  return {
    title: campaign.title,
    cause: campaign.cause,
    currency: campaign.currency,
    goal: money(campaign.goalMinor),
    milestones: campaign.milestones.map((m) => ({ amount: money(m.minor), label: m.label })),
    stretch_goals: (campaign.stretchGoals ?? []).map((m) => ({ amount: money(m.minor), label: m.label })),
    starts_at: new Date(campaign.startsAt).toISOString(),
    duration_hours: campaign.durationHours,
    ends_at: new Date(campaign.startsAt + campaign.durationHours * 3_600_000).toISOString(),
    currency_locked: currencyLocked,
    demo: campaign.demo,
    locale: campaign.locale ?? DEFAULT_LOCALE,
    time_zone: campaign.timeZone ?? DEFAULT_TIME_ZONE,
    pledge_values: pledgeValuesView(campaign.pledgeValues ?? NO_PLEDGE_VALUES, campaign.currency),
    closed_at: campaign.closedAt ? new Date(campaign.closedAt).toISOString() : null,
  };
}

/** Milestones from the API, lowest first; every problem names the milestone by its place. */
export function readMilestones(raw: unknown, currency: CurrencyCode): Result<Campaign['milestones']> {
  const milestones = readMarks(raw, currency, 'milestone', MAX_MILESTONES);
  if (!milestones.ok) return milestones;
  return ok(milestones.value.sort((a, b) => a.minor - b.minor));
}

/**
 * Stretch goals from the API, in the order given: each must be above the goal and above the one
 * before it, or the bar would run backwards when one is reached.
 */
export function readStretchGoals(raw: unknown, currency: CurrencyCode, goalMinor: number): Result<Campaign['milestones']> {
  const goals = readMarks(raw, currency, 'stretch goal', MAX_STRETCH_GOALS);
  if (!goals.ok) return goals;
  let below = { minor: goalMinor, name: `the goal (${formatMinor(goalMinor, currency)} ${currency})` };
  for (const [index, goal] of goals.value.entries()) {
    if (goal.minor <= below.minor) return fail(`stretch goal ${index + 1} (${formatMinor(goal.minor, currency)} ${currency}) must be above ${below.name}`);
    below = { minor: goal.minor, name: `stretch goal ${index + 1} (${formatMinor(goal.minor, currency)} ${currency})` };
  }
  return goals;
}

function readMarks(raw: unknown, currency: CurrencyCode, name: string, most: number): Result<{ minor: number; label: string }[]> {
  if (!Array.isArray(raw) || raw.length > most) {
    return fail(`${name}s must be a list of at most ${most} entries, each with an amount and a label`);
  }
  const marks: { minor: number; label: string }[] = [];
  for (const [index, entry] of raw.entries()) {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const minor = amountIn(fields.amount, currency, `${name} ${index + 1}'s amount`);
    if (!minor.ok) return minor;
    if (minor.value <= 0) return fail(`${name} ${index + 1}'s amount must be more than zero`);
    const label = text(fields.label, `${name} ${index + 1}'s label`, 1, 80);
    if (!label.ok) return label;
    marks.push({ minor: minor.value, label: label.value });
  }
  return ok(marks);
}

export function readLocale(value: unknown): Result<CampaignLocale> {
  if (isCampaignLocale(value)) return ok(value);
  return fail(`locale must be one of ${CAMPAIGN_LOCALES.map((l) => `"${l}"`).join(', ')}`);
}

/** An IANA zone name this runtime knows, kept in its canonical spelling. */
export function readTimeZone(value: unknown): Result<string> {
  const zone = canonicalTimeZone(value);
  if (zone) return ok(zone);
  return fail(`time_zone must be an IANA time zone such as "Europe/Paris" or "America/New_York"; got ${JSON.stringify(value)}`);
}

export function text(value: unknown, field: string, min: number, max: number): Result<string> {
  if (typeof value !== 'string') return fail(`${field} must be text`);
  const trimmed = value.trim();
  if (trimmed.length < min) return fail(`${field} is required`);
  if (trimmed.length > max) return fail(`${field} must be at most ${max} characters`);
  return ok(trimmed);
}

export function amountIn(value: unknown, currency: CurrencyCode, field: string): Result<number> {
  const amount = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (amount.currency !== undefined && amount.currency !== currency) {
    return fail(`${field} must be in the campaign currency ${currency}`);
  }
  if (typeof amount.value !== 'string') return fail(`${field} must be { "value": "1000.00", "currency": "${currency}" }`);
  const minor = parseDecimalMinor(amount.value, minorUnitExponent(currency));
  if (!minor.ok) return fail(`${field}: ${minor.error}`);
  if (minor.value > MAX_CAMPAIGN_VOLUME_MINOR) {
    return fail(`${field} is more than the most money the app can count, ${formatMinor(MAX_CAMPAIGN_VOLUME_MINOR, currency)} ${currency}`);
  }
  return minor;
}
