import type { OverlayWidget } from '../../shared/contract.js';

/**
 * A widget's options travel in its URL (OBS needs nothing else). Every value is checked
 * against a whitelist of formats and falls back to its default otherwise: a URL is typed or
 * pasted by hand, and a value like `red;}body{display:none` must never become CSS.
 */
export interface OverlayOptions {
  /** Text colour. */
  color: string;
  /** Bar fill, badges, alert frame. */
  accent: string;
  /** A backdrop behind each card; null: none (the text has its own outline). */
  panel: string | null;
  font: FontKey;
  /** 0.5–3: everything is sized in rem, so text is laid out again at the new size (crisp). */
  scale: number;
  align: 'left' | 'center' | 'right';
  /** €12.50 or 12.50 EUR. */
  currency: 'symbol' | 'code';
  /** false: whole units only (€12,345). */
  cents: boolean;
  /** total: the goal bar under the number. */
  goal: boolean;
  /** alerts: smallest donation with an alert, in campaign currency, as a decimal ("5.00"). */
  min: string;
  /** alerts: seconds each alert stays. */
  duration: number;
  /** alerts: an alert when a milestone (or the goal) is crossed. */
  milestones: boolean;
  /** alerts: alerts for Twitch subs, gifts, cheers, raids and Hype Chats. */
  twitch: boolean;
  /** ticker and targets: how many rows. */
  count: number;
  /** ticker and alerts: show donors' messages. */
  messages: boolean;
  /** clock: what to show. */
  show: 'both' | 'elapsed' | 'remaining';
  /** moment: seconds the call-moment card stays from the moment's minute. */
  seconds: number;
  /** leaderboard: the heading over the list ("" for none). Shown as text, never as HTML. */
  title: string;
  /** bidwar: which bid war (its id); 0: the open one of the segment on now (else the latest). */
  bid: number;
  /** combined: the widgets added to the layout, comma-separated from COMBINED_EXTRAS ("" none). */
  extras: string;
}

/** The widgets the combined layout can take besides its own (total, clock, ticker, targets, alerts, moment). */
export const COMBINED_EXTRAS = ['schedule', 'incentives', 'bidwar', 'prize', 'team-total', 'team-board'] as const;
export type CombinedExtra = (typeof COMBINED_EXTRAS)[number];

/** "bidwar,schedule" → the known names, each once, in COMBINED_EXTRAS' order; null when one is unknown. */
export function parseExtras(value: string): string | null {
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  if (names.some((n) => !(COMBINED_EXTRAS as readonly string[]).includes(n))) return null;
  return COMBINED_EXTRAS.filter((n) => names.includes(n)).join(',');
}

export const extrasOf = (options: OverlayOptions): CombinedExtra[] => COMBINED_EXTRAS.filter((n) => options.extras.split(',').includes(n));

export const FONTS = {
  system: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif",
  rounded: "ui-rounded, 'Nunito', 'Varela Round', 'Arial Rounded MT Bold', system-ui, sans-serif",
  condensed: "'Roboto Condensed', 'Arial Narrow', 'Liberation Sans Narrow', 'DejaVu Sans Condensed', sans-serif",
  serif: "Georgia, 'Noto Serif', 'DejaVu Serif', 'Times New Roman', serif",
  mono: "ui-monospace, 'SFMono-Regular', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, monospace",
  heavy: "Impact, 'Anton', 'Arial Black', 'DejaVu Sans', sans-serif",
} as const;
export type FontKey = keyof typeof FONTS;

export const DEFAULT_OPTIONS: OverlayOptions = {
  color: '#ffffff',
  accent: '#ffc233',
  panel: null,
  font: 'system',
  scale: 1,
  align: 'left',
  currency: 'symbol',
  cents: true,
  goal: true,
  min: '0',
  duration: 6,
  milestones: true,
  twitch: true,
  count: 5,
  messages: true,
  show: 'both',
  seconds: 60,
  title: 'Top donors',
  bid: 0,
  extras: '',
};

export type OptionName = keyof OverlayOptions;

const COMMON: OptionName[] = ['color', 'accent', 'panel', 'font', 'scale', 'align'];

/** The options each widget reads: the dashboard's form shows these and nothing else. */
export const WIDGET_OPTIONS: Record<OverlayWidget, OptionName[]> = {
  total: [...COMMON, 'currency', 'cents', 'goal'],
  goal: [...COMMON, 'currency', 'cents'],
  ticker: [...COMMON, 'currency', 'cents', 'count', 'messages'],
  alerts: [...COMMON, 'currency', 'cents', 'min', 'duration', 'milestones', 'twitch', 'messages'],
  targets: [...COMMON, 'count'],
  clock: [...COMMON, 'show'],
  moment: [...COMMON, 'seconds'],
  combined: ['color', 'accent', 'panel', 'font', 'scale', 'currency', 'cents', 'min', 'duration', 'milestones', 'twitch', 'count', 'messages', 'show', 'seconds', 'extras'],
  leaderboard: [...COMMON, 'currency', 'cents', 'count', 'title'],
  prize: [...COMMON, 'currency', 'cents'],
  incentives: [...COMMON, 'currency', 'cents', 'count'],
  bidwar: [...COMMON, 'currency', 'cents', 'count', 'bid'],
  schedule: [...COMMON],
  'team-total': [...COMMON, 'currency', 'cents', 'goal', 'count'],
  'team-board': [...COMMON],
  'call-signups': [...COMMON],
};

/** What to tell the streamer about each widget, and the Browser source size that fits it. */
export const WIDGET_INFO: Record<OverlayWidget, { title: string; what: string; width: number; height: number }> = {
  total: { title: 'Total', what: 'The amount raised, counting up on each change.', width: 900, height: 260 },
  goal: { title: 'Goal bar', what: 'Progress to the goal with milestones and the next one.', width: 1000, height: 200 },
  ticker: { title: 'Latest donations', what: 'The latest approved donations with names and messages.', width: 700, height: 560 },
  alerts: { title: 'Alerts', what: 'One alert per donation above the threshold, per milestone and per Twitch sub, gift bomb, cheer or raid, one at a time.', width: 1000, height: 400 },
  targets: { title: 'Targets board', what: 'Who has been called on, how long they have been waited for, who answered.', width: 760, height: 600 },
  clock: { title: 'Marathon clock', what: 'Time elapsed and time to go.', width: 620, height: 200 },
  moment: { title: 'Call moment', what: 'At a scheduled call moment: the hashtag to post and the ask.', width: 1100, height: 360 },
  combined: { title: 'Everything (1920×1080)', what: 'The main widgets in one full-screen layout; add the schedule, incentives, a bid war, the prize or the team\'s below.', width: 1920, height: 1080 },
  incentives: { title: 'Incentive bars', what: 'The incentives of the segment on now (and the whole campaign\'s): money toward each goal, and time left.', width: 800, height: 420 },
  bidwar: { title: 'Bid war', what: 'A bid war\'s options racing, reordering live; ties shown as ties. The open one of the segment on now, or one by id.', width: 760, height: 480 },
  schedule: { title: 'Now / up next', what: 'What is on now and who is on it, and what comes next and when, from the run schedule.', width: 900, height: 220 },
  leaderboard: { title: 'Donors leaderboard', what: 'The top donors by total given, refunds taken off; anonymous donors as "Anonymous", names once screened.', width: 700, height: 560 },
  prize: { title: 'Prize to win', what: 'The prize open now: its minimum donation and time left; after the draw, its winners ("Anonymous" unless named and screened).', width: 760, height: 420 },
  'team-total': { title: 'Team total', what: 'A team event: every desk\'s money together, and each desk\'s total (nothing while this desk is in no team).', width: 760, height: 600 },
  'team-board': { title: 'Team targets board', what: 'A team event: mentions and distinct callers across every desk\'s chat, and who answered first, wherever.', width: 760, height: 600 },
  'call-signups': { title: 'Call sign-ups', what: 'Before a call moment with a sign-up command: how many people will post its hashtag and what to type in chat to join, counting up live; during the window, "post it now".', width: 1000, height: 200 },
};

const NAMED_COLORS = new Set([
  'white', 'black', 'red', 'crimson', 'orange', 'gold', 'yellow', 'lime', 'green', 'teal', 'cyan', 'aqua',
  'skyblue', 'dodgerblue', 'blue', 'navy', 'purple', 'violet', 'magenta', 'fuchsia', 'pink', 'hotpink',
  'silver', 'gray', 'grey', 'transparent',
]);
const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
/** A plain non-negative decimal with at most 3 decimals and 9 whole digits. */
const DECIMAL = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,3})?$/;

/** "#ff0000", "ff0000", "#f00", "#ff000080" or a plain colour name from a short list; else null. */
export function parseColor(value: string): string | null {
  const trimmed = value.trim().toLowerCase();
  const hex = HEX.exec(trimmed);
  if (hex) return `#${hex[1]}`;
  return NAMED_COLORS.has(trimmed) ? trimmed : null;
}

function parseNumber(value: string, min: number, max: number, step: number): number | null {
  if (!/^[0-9]{1,4}(\.[0-9]{1,3})?$/.test(value.trim())) return null;
  const number = Number(value);
  if (number < min || number > max) return null;
  return Number((Math.round(number / step) * step).toFixed(3));
}

function parseFlag(value: string): boolean | null {
  if (value === '1' || value === 'true' || value === 'yes' || value === 'on') return true;
  if (value === '0' || value === 'false' || value === 'no' || value === 'off') return false;
  return null;
}

/** A heading of up to 40 characters, any script; control characters refused. */
export function parseHeading(value: string): string | null {
  const trimmed = value.trim();
  return [...trimmed].length <= 40 && !/\p{Cc}/u.test(trimmed) ? trimmed : null;
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T | null {
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

type Parser<K extends OptionName> = (value: string) => OverlayOptions[K] | null;

const PARSERS: { [K in OptionName]: Parser<K> } = {
  color: parseColor,
  accent: parseColor,
  panel: (value) => (value === 'none' ? null : parseColor(value)),
  font: (value) => oneOf(value, Object.keys(FONTS) as FontKey[]),
  scale: (value) => parseNumber(value, 0.5, 3, 0.05),
  align: (value) => oneOf(value, ['left', 'center', 'right'] as const),
  currency: (value) => oneOf(value, ['symbol', 'code'] as const),
  cents: parseFlag,
  goal: parseFlag,
  min: (value) => (DECIMAL.test(value.trim()) ? value.trim() : null),
  duration: (value) => parseNumber(value, 2, 30, 0.5),
  milestones: parseFlag,
  twitch: parseFlag,
  count: (value) => parseNumber(value, 1, 10, 1),
  messages: parseFlag,
  show: (value) => oneOf(value, ['both', 'elapsed', 'remaining'] as const),
  seconds: (value) => parseNumber(value, 10, 600, 1),
  title: parseHeading,
  bid: (value) => parseNumber(value, 0, 9999, 1),
  extras: parseExtras,
};

export const OPTION_NAMES = Object.keys(PARSERS) as OptionName[];

/** One option's value from text, or null when it is not in the option's format. */
export function readOption<K extends OptionName>(name: K, raw: string): OverlayOptions[K] | null {
  return raw.length > 64 ? null : (PARSERS[name] as Parser<K>)(raw);
}

/**
 * Reads options from a URL's query (`get` is URLSearchParams.get). Unknown names are ignored;
 * a known name with a value outside its format keeps the default and is listed in `rejected`.
 * A `panel` of "none" or a null default: no backdrop.
 */
export function parseOptions(get: (name: string) => string | null): { options: OverlayOptions; rejected: OptionName[] } {
  const options: OverlayOptions = { ...DEFAULT_OPTIONS };
  const rejected: OptionName[] = [];
  const assign = <K extends OptionName>(name: K) => {
    const raw = get(name);
    if (raw === null) return;
    const parsed = readOption(name, raw);
    if (parsed === null && !(name === 'panel' && raw === 'none')) rejected.push(name);
    else options[name] = parsed as OverlayOptions[K];
  };
  for (const name of OPTION_NAMES) assign(name);
  return { options, rejected };
}

function serialize(value: OverlayOptions[OptionName]): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** The query for a widget: its key, then only the options it reads that differ from the defaults. */
export function widgetQuery(widget: OverlayWidget, key: string, options: OverlayOptions): string {
  const query = new URLSearchParams({ key });
  for (const name of WIDGET_OPTIONS[widget]) {
    if (options[name] !== DEFAULT_OPTIONS[name]) query.set(name, serialize(options[name]));
  }
  return query.toString();
}
