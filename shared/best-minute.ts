/**
 * The best minute to call (issue 19): when, in the hours ahead, a call would reach the most
 * people, read from this marathon's own audience (distinct chatters), and how past call moments
 * did against what was predicted for them. Shared by the core's model and the dashboard's panel.
 */
import type { TargetPlatform } from './views.js';

/** Window lengths offered: each divides a day, so a window keeps its clock time from day to day. */
export const BEST_MINUTE_WINDOWS = [5, 10, 15, 20, 30, 60] as const;
export type BestMinuteWindow = (typeof BEST_MINUTE_WINDOWS)[number];
export const BEST_MINUTE_DEFAULT_WINDOW: BestMinuteWindow = 10;
export const BEST_MINUTE_DEFAULT_HOURS = 6;
export const BEST_MINUTE_MAX_HOURS = 24;
/** How far back the model looks: a week of the same clock times at most. */
export const BEST_MINUTE_LOOKBACK_DAYS = 7;
/** How many windows are suggested, and how far apart at least (each a different choice). */
export const BEST_MINUTE_SUGGESTIONS = 3;
export const BEST_MINUTE_SPACING_MINUTES = 60;

/** Distinct chatters on one platform, predicted and (for a past moment) counted. */
export interface PlatformReach {
  platform: TargetPlatform;
  predicted: number | null;
  actual?: number;
}

/** One window of the hours ahead: what the model predicts there, and from how many earlier days. */
export interface ReachWindow {
  start: string;
  /** The window's last minute ends here. */
  end: string;
  /** Distinct chatters expected in the window, all platforms together; null when no earlier day saw this clock time. */
  predicted: number | null;
  by_platform: PlatformReach[];
  /** Earlier days of this marathon the prediction averages (the day before weighs most). */
  days: number;
  /** A call moment is already scheduled in this window: left out of the suggestions. */
  taken_by: string | null;
}

/** A past call moment: what the model predicted for its window before it, and who was there. */
export interface MomentReach {
  moment_id: string;
  target_id: string;
  target_name: string;
  at: string;
  window_minutes: number;
  /** Null when the marathon had not yet seen that clock time on an earlier day. */
  predicted: number | null;
  actual: number;
  days: number;
  by_platform: PlatformReach[];
}

export type BestMinuteState = 'ready' | 'too_little_data' | 'no_chat';

export interface BestMinuteView {
  state: BestMinuteState;
  computed_at: string;
  window_minutes: number;
  horizon_hours: number;
  /** What the model rests on: the chat seen so far (minutes since the first chat, within the lookback). */
  basis: {
    first_chat_at: string | null;
    chat_minutes: number;
    lookback_days: number;
    /** Each day further back counts half as much as the one after it. */
    day_weight: 0.5;
  };
  /** too_little_data: the first time a suggestion can be made for this horizon. */
  ready_at: string | null;
  /** The best windows ahead, best first; empty unless state is ready. */
  suggestions: ReachWindow[];
  /** Every window of the hours ahead, in time order. */
  ahead: ReachWindow[];
  /** The latest call moments whose window has passed, newest first. */
  past: MomentReach[];
}
