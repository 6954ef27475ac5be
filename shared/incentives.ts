/**
 * Incentives, bid wars and the run schedule (issue 14): the views both ends use, and how names
 * are folded to be matched in donors' messages and to refuse look-alike duplicates.
 */
import type { Amount } from './money.js';

export const INCENTIVE_KINDS = ['incentive', 'bid_war'] as const;
export type IncentiveKind = (typeof INCENTIVE_KINDS)[number];
export const INCENTIVE_STATES = ['open', 'closed', 'archived'] as const;
export type IncentiveState = (typeof INCENTIVE_STATES)[number];
export type OptionState = 'approved' | 'pending' | 'refused';
/** Why an incentive closed: the owner closed it, its deadline passed, or its segment ended. */
export type ClosedReason = 'owner' | 'deadline' | 'segment';

export interface SegmentView {
  id: number;
  title: string;
  runners: string;
  planned_start: string;
  planned_length_min: number;
  /** Recorded with one click when it really started; null until then. */
  actual_start: string | null;
  /** Its actual start, or its planned start moved by the drift of the last segment started before it. */
  expected_start: string;
  expected_end: string;
  /** done: a later segment started; live: started and not followed yet; upcoming: not started. */
  state: 'done' | 'live' | 'upcoming';
}

export interface ScheduleView {
  segments: SegmentView[];
  /** The segment on now (the latest started), and the one after it. */
  current_id: number | null;
  next_id: number | null;
}

export interface IncentiveOptionView {
  id: number;
  name: string;
  state: OptionState;
  total: Amount;
  /** The donation that suggested it (a donor's proposal), or null when the owner added it. */
  suggested_by: number | null;
  /** What Tiltify reports raised for the poll option linked to this one (staff only). */
  tiltify_raised?: Amount | null;
}

/** The staff's view (moderators and the owner): every option, and the suggestions waiting. */
export interface IncentiveView {
  id: number;
  kind: IncentiveKind;
  name: string;
  /** The word donors write: "#blindfold" or "for blindfold". */
  tag: string;
  description: string;
  /** Incentives only; bid wars race their options instead. */
  goal: Amount | null;
  total: Amount;
  /** Money assigned in the last hour, as a rate per hour. */
  pace_per_hour: Amount;
  segment_id: number | null;
  deadline: string | null;
  allow_suggestions: boolean;
  state: IncentiveState;
  closed_at: string | null;
  closed_reason: ClosedReason | null;
  met_at: string | null;
  /** Approved options, most money first; pending and refused ones after them. */
  options: IncentiveOptionView[];
  /** The ids of the leading approved options (more than one: a tie); empty before any money. */
  leaders: number[];
  /** Donations whose suggested assignment names this incentive, waiting for a moderator. */
  suggested_waiting: number;
  external: { platform: string; id: string } | null;
  /** What Tiltify reports raised for the target linked to this incentive (staff only). */
  tiltify_raised?: Amount | null;
}

/** A Tiltify poll, poll option, target or reward as the source's poller last read it, with its link. */
export interface TiltifyItemView {
  kind: 'poll' | 'poll_option' | 'target' | 'reward';
  tiltify_id: string;
  /** A poll option's poll. */
  parent_id: string | null;
  /** Tiltify's text: shown as text, never as HTML. */
  name: string;
  /** A target's or reward's amount. */
  goal: Amount | null;
  /** What Tiltify reports raised. */
  tiltify_raised: Amount | null;
  active: boolean;
  incentive_id: number | null;
  option_id: number | null;
}

/**
 * What viewers and the overlay see: approved options only (a donor's suggested name is shown
 * once a moderator approved it), no waiting counts, no platform ids, never a donor.
 */
export type PublicIncentiveView = Pick<IncentiveView, 'id' | 'kind' | 'name' | 'tag' | 'description' | 'goal' | 'total' | 'segment_id' | 'deadline' | 'met_at' | 'leaders'> & {
  state: Exclude<IncentiveState, 'archived'>;
  options: { id: number; name: string; total: Amount }[];
};

export interface AssignmentPartView {
  incentive_id: number;
  incentive_name: string;
  option_id: number | null;
  option_name: string | null;
  /** In campaign currency; null: the whole donation (it had no campaign amount yet). */
  amount: Amount | null;
}

export interface AssignmentView {
  donation_id: number;
  /** 0 before any; send it back as expected_version when assigning. */
  version: number;
  status: 'none' | 'suggested' | 'accepted';
  parts: AssignmentPartView[];
  /** The donation's campaign amount now (refunds and corrections counted); null without a rate. */
  donation_amount: Amount | null;
  /** What no part takes: it stays with the campaign. */
  to_campaign: Amount | null;
  /** Where a suggestion came from ('the message: "#blindfold"'), or a moderator's note. */
  reason: string | null;
  by: { actor: string; name: string } | null;
  at: string | null;
}

/** An alert for the overlay: an incentive met its goal, or a bid war closed with its winner(s). */
export type IncentiveAlert =
  | { kind: 'met'; id: number; name: string; goal: Amount; total: Amount }
  | { kind: 'closed'; id: number; name: string; winners: { name: string; total: Amount }[] };

// ── Names ─────────────────────────────────────────────────────────────────────────────────

const FORMAT = /\p{Cf}/gu;
const NOT_WORD = /[^\p{L}\p{N}]/gu;
const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_WITH_LATIN = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/**
 * Folds a name the way chat hashtags are folded (NFKC, lower case, NFKC again; see
 * main/chat/tags.ts), without spaces, punctuation or invisible characters: "Rohingya Hope",
 * "#rohingyahope" and full-width "ＲｏｈｉｎｇｙａＨｏｐｅ" are one. A word that mixes Latin with
 * Cyrillic or Greek letters folds to "" (it matches nothing), as chat discards such tags.
 */
export function matchKey(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().normalize('NFKC').replace(FORMAT, '').replace(NOT_WORD, '');
  return LATIN.test(folded) && CONFUSABLE_WITH_LATIN.test(folded) ? '' : folded;
}

/** Cyrillic and Greek letters (lower case) that look like Latin ones. */
const LOOKALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ґ: 'r', г: 'r', п: 'n', ь: 'b',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', γ: 'y',
  ı: 'i', ℓ: 'l',
};

/**
 * The name as it looks: folded like matchKey, with Cyrillic and Greek look-alike letters read
 * as the Latin ones they imitate. Two options with the same look-alike key are one option.
 */
export function lookalikeKey(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().normalize('NFKC').replace(FORMAT, '').replace(NOT_WORD, '');
  return [...folded].map((c) => LOOKALIKES[c] ?? c).join('');
}

/** Splits `minor` into `count` parts that sum exactly to it, the first ones a unit larger (10.00 / 3 → 3.34, 3.33, 3.33). */
export function splitEvenly(minor: number, count: number): number[] {
  if (count <= 0) return [];
  const base = Math.floor(minor / count);
  const extra = minor - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Shares `total` out over `weights` in proportion, exactly (largest remainders; ties to the
 * earlier weight). A refund of part of a split donation takes from each part in proportion.
 */
export function shareOut(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const big = BigInt(total);
  const bigSum = BigInt(sum);
  const shares = weights.map((w) => (big * BigInt(w)) / bigSum);
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % bigSum }));
  let left = total - shares.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1;
  }
  return shares.map(Number);
}
