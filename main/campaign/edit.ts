import { formatMinor } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import type { SchemaBody } from '../../shared/schemas.js';
import { type Campaign, amountIn, readLocale, readMilestones, readStretchGoals, readTimeZone, text } from './campaign.js';

type CampaignEdit = SchemaBody<'PATCH /api/campaign'>;

const HOUR_MS = 3_600_000;
/** The longest marathon the app keeps (validateCampaign's duration_hours). */
const MAX_DURATION_HOURS = 24 * 14;

/**
 * One edit of a running campaign: only the fields sent change. The goal may go below what is
 * raised (a typo fixed, or a goal met early: the bar then says "Goal reached"); stretch goals must
 * each be above the goal and the one before; the end may move either way but never into the past
 * nor before the start, so a marathon on air is not ended by a slip of the keyboard.
 */
export function editCampaign(current: Campaign, edit: CampaignEdit, now: number): Result<Campaign> {
  const fields = Object.keys(edit).filter((key) => edit[key as keyof CampaignEdit] !== undefined);
  if (fields.length === 0) return fail('nothing to change: send at least one of title, cause, goal, stretch_goals, milestones, extend_hours, locale, time_zone');
  const { currency } = current;
  const next: Campaign = { ...current };
  if (edit.title !== undefined) {
    const title = text(edit.title, 'title', 1, 120);
    if (!title.ok) return title;
    next.title = title.value;
  }
  if (edit.cause !== undefined) {
    const cause = text(edit.cause, 'cause', 0, 500);
    if (!cause.ok) return cause;
    next.cause = cause.value;
  }
  if (edit.locale !== undefined) {
    const locale = readLocale(edit.locale);
    if (!locale.ok) return locale;
    next.locale = locale.value;
  }
  if (edit.time_zone !== undefined) {
    const zone = readTimeZone(edit.time_zone);
    if (!zone.ok) return zone;
    next.timeZone = zone.value;
  }
  if (edit.goal !== undefined) {
    const goal = amountIn(edit.goal, currency, 'goal');
    if (!goal.ok) return goal;
    if (goal.value <= 0) return fail('goal must be more than zero');
    next.goalMinor = goal.value;
  }
  if (edit.milestones !== undefined) {
    const milestones = readMilestones(edit.milestones, currency);
    if (!milestones.ok) return milestones;
    next.milestones = milestones.value;
  }
  // Checked against the goal as edited, whether or not they were sent: a goal raised past a
  // stretch goal is refused until that stretch goal moves too.
  const stretch = readStretchGoals(edit.stretch_goals ?? marksOnWire(current.stretchGoals ?? [], current), currency, next.goalMinor);
  if (!stretch.ok) return stretch;
  next.stretchGoals = stretch.value;
  if (edit.extend_hours !== undefined) {
    const hours = current.durationHours + edit.extend_hours;
    if (hours > MAX_DURATION_HOURS) {
      return fail(`a marathon lasts at most ${MAX_DURATION_HOURS} hours; this one already lasts ${current.durationHours}, so it can be extended by at most ${MAX_DURATION_HOURS - current.durationHours}`);
    }
    // Extending an end already past is fine (the marathon goes on); shortening into the past is not.
    if (hours < 1 || (edit.extend_hours < 0 && current.startsAt + hours * HOUR_MS <= now)) {
      return fail(`shortening by ${-edit.extend_hours} hours would end the marathon before now; it ends ${endLabel(current)}`);
    }
    next.durationHours = hours;
  }
  return ok(next);
}

/** What one save changed, field by field, as the audit keeps it (from → to, in plain text). */
export function campaignChanges(before: Campaign | null, after: Campaign): { action: string; from: string | null; to: string }[] {
  if (!before) return [{ action: 'campaign_created', from: null, to: `${after.title}, goal ${money(after.goalMinor, after)}` }];
  const changes: { action: string; from: string | null; to: string }[] = [];
  const compare = (action: string, from: string, to: string) => {
    if (from !== to) changes.push({ action, from, to });
  };
  compare('title_changed', before.title, after.title);
  compare('cause_changed', before.cause, after.cause);
  compare('currency_changed', before.currency, after.currency);
  compare('goal_changed', money(before.goalMinor, before), money(after.goalMinor, after));
  compare('stretch_goals_changed', marks(before.stretchGoals ?? [], before), marks(after.stretchGoals ?? [], after));
  compare('milestones_changed', marks(before.milestones, before), marks(after.milestones, after));
  compare('start_moved', new Date(before.startsAt).toISOString(), new Date(after.startsAt).toISOString());
  compare('end_moved', endLabel(before), endLabel(after));
  compare('locale_changed', before.locale ?? after.locale ?? '', after.locale ?? before.locale ?? '');
  compare('time_zone_changed', before.timeZone ?? after.timeZone ?? '', after.timeZone ?? before.timeZone ?? '');
  return changes;
}

function money(minor: number, campaign: Campaign): string {
  return `${formatMinor(minor, campaign.currency)} ${campaign.currency}`;
}

function marks(list: Campaign['milestones'], campaign: Campaign): string {
  return list.length === 0 ? '(none)' : list.map((m) => `${money(m.minor, campaign)} ${m.label}`).join('; ');
}

function marksOnWire(list: Campaign['milestones'], campaign: Campaign): { amount: { value: string }; label: string }[] {
  return list.map((m) => ({ amount: { value: formatMinor(m.minor, campaign.currency) }, label: m.label }));
}

function endLabel(campaign: Campaign): string {
  return `${new Date(campaign.startsAt + campaign.durationHours * HOUR_MS).toISOString()} (${campaign.durationHours} h)`;
}
