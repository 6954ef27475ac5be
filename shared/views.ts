/**
 * What the API and the sockets carry: plain JSON shapes, shared by main and renderer.
 * Amounts are exact decimal strings with their currency; times are ISO-8601 strings.
 */
import type { CampaignLocale } from './locales/index.js';
import type { Amount } from './money.js';

export type Role = 'owner' | 'moderator' | 'viewer';

/** An invite link's person: their role, and whether they are connected now. */
export interface InviteView {
  id: string;
  role: 'moderator' | 'viewer';
  name: string;
  created_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  /** Open dashboard connections of this person right now. */
  connected: number;
}

export interface InviteCreated {
  invite: InviteView;
  /** Shown once: only its hash is stored. */
  token: string;
  /** The dashboard URL with the token, to send to the person. */
  url: string;
  /** The same link at this computer's network addresses, while network access is on. */
  network_urls: string[];
}

export const TARGET_PLATFORMS = ['twitch', 'x', 'youtube', 'other'] as const;
export type TargetPlatform = (typeof TARGET_PLATFORMS)[number];
export const RESPONSE_KINDS = ['commitment', 'refusal', 'acknowledgement'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];
export type ResponseState = 'candidate' | 'flagged' | 'confirmed' | 'rejected';

export interface TargetInput {
  name: string;
  handles: { platform: TargetPlatform; handle: string }[];
  /** With or without "#"; matched like chat hashtags (case, width and punctuation folded). */
  hashtags: string[];
  ask: string;
  /** When the call starts; absent on create: now. */
  call_starts_at?: string;
}

export interface TargetPlatformCount {
  platform: TargetPlatform;
  mentions: number;
  callers: number;
}

export interface CallMomentView {
  id: string;
  at: string;
  /** Mentions per minute in the 10 minutes before and after (null until the after window has passed). */
  before_per_minute: number;
  after_per_minute: number | null;
  /** What viewers type in chat to sign up ("!call erdogan"); null for moments from before sign-ups. */
  command: string | null;
  window_minutes: number;
  /** The end of the window (at + window_minutes). */
  ends_at: string;
  /** upcoming: before `at`; open: in the window; closed: after it (the follow-through is final). */
  state: 'upcoming' | 'open' | 'closed';
  /** All platforms together; by_platform says each. */
  result: CallResult;
  by_platform: (CallResult & { platform: TargetPlatform })[];
  /** Parts of the window a chat source was not connected (its posts there could not be counted). */
  missed: CallMissedPart[];
  /** The first confirmed answer of the target at or after this moment (and before the next one). */
  answer: CallAnswerView | null;
  /** The chat bot's state, for moments still to come or open (null once closed or without a command). */
  bot: CallBotView | null;
}

/** The campaign's Twitch bot that confirms sign-ups and reminds chat: what it is doing, in words. */
export interface CallBotView {
  state: 'none' | 'checking' | 'ready' | 'refused';
  words: string;
}

/**
 * A call moment's sign-ups and follow-through, exact. People are distinct per platform (an
 * account on Twitch and one on YouTube are two people); bots and the streamer's own account are
 * not counted; cleared or deleted messages do not count.
 */
export interface CallResult {
  /** People who typed the command (once each, however often). */
  signups: number;
  /** Of those, people who posted the hashtag or @handle in the window. */
  followed: number;
  /** People who posted it in the window without signing up. */
  others: number;
  /** Messages in the window that carried it. */
  posts: number;
  /** The minute of the window with most such messages. */
  peak: { minute: string; posts: number } | null;
  lift: CallLift;
}

/**
 * Lift: how many times more often the people who signed up posted the call per minute in the
 * window than in the hour before it (or since the moment was scheduled, when that is later).
 */
export interface CallLift {
  posts_in_window: number;
  window_minutes: number;
  posts_before: number;
  minutes_before: number;
  /** (posts_in_window / window_minutes) ÷ (posts_before / minutes_before), two decimals; null when they had not posted it before (no usual rate to compare with). */
  lift: number | null;
}

export interface CallMissedPart {
  source_id: string;
  source_name: string;
  platform: TargetPlatform;
  from: string;
  to: string;
}

export interface CallAnswerView {
  kind: ResponseKind;
  quote: string;
  url: string | null;
  responded_at: string;
  /** Seconds from the moment to the answer. */
  after_s: number;
}

/** A moment as the report and exports list it: the moment with its target. */
export interface CallMomentReportRow extends CallMomentView {
  target_id: string;
  target_name: string;
  hashtags: string[];
}

export interface TargetView {
  id: string;
  name: string;
  handles: { platform: TargetPlatform; handle: string }[];
  /** Folded (lower case), as chat is matched. */
  hashtags: string[];
  /** The same tags as the campaign wrote them ("ErdoganHelpRohingya"), for display. */
  hashtag_labels: string[];
  ask: string;
  call_started_at: string;
  /** waiting: no confirmed response; responded / declined: the latest confirmed response's kind decides (refusal: declined). */
  status: 'waiting' | 'responded' | 'declined';
  response_kind: ResponseKind | null;
  /** Chat messages and distinct people calling on it since the call started. */
  mentions: number;
  callers: number;
  /**
   * The same per platform the calls came from (Twitch chat, X posts...), each counted exactly:
   * a person is one caller per platform, and once in `callers` however many platforms they use.
   */
  by_platform: TargetPlatformCount[];
  peak: { minute: string; mentions: number } | null;
  first_response_at: string | null;
  time_to_response_s: number | null;
  /** The first confirmed response, for "answered after 3 h 12 min", and where it was posted. */
  response: { kind: ResponseKind; quote: string; url: string | null; platform: TargetPlatform | null } | null;
  /** Responses waiting for a moderator: found in chat, or flagged and waiting for a second person. */
  pending: { candidates: number; flagged: number };
  /** Past chat is counted in the background when a target is added or its tags change: 0..1. */
  counted: number;
  moments: CallMomentView[];
  archived_at: string | null;
}

/**
 * A target as a viewer's dashboard shows it, on GET /api/targets and on the staff socket alike:
 * the board's public facts and the first confirmed response. Not the handles chat is matched
 * against, nor how many responses wait for a moderator: those are the moderators' (see
 * GET /api/targets/:id/responses).
 */
export type PublicTargetView = Omit<TargetView, 'handles' | 'pending'>;

export interface ResponseAuditEntry {
  action: 'found' | 'flag' | 'confirm' | 'reject' | 'undo';
  actor: string;
  actor_name: string;
  at: string;
  reason: string | null;
  from_state: ResponseState | null;
  to_state: ResponseState;
}

export interface ResponseView {
  id: string;
  target_id: string;
  state: ResponseState;
  kind: ResponseKind | null;
  quote: string;
  url: string | null;
  chat_message_id: number | null;
  responded_at: string;
  found_by: 'chat' | 'moderator';
  flagged_by: string | null;
  decided_by: string | null;
  audit: ResponseAuditEntry[];
}

export interface TargetMinuteView {
  minute: string;
  mentions: number;
  callers: number;
}

/** Every response ever recorded (archived targets too), with its state and whole audit trail. */
export interface ResponsesExport {
  exported_at: string;
  responses: (ResponseView & { target_name: string; call_started_at: string })[];
}

/** Who the token in use belongs to. */
export interface MeView {
  role: Role;
  actor: string;
  name: string;
}

export interface Milestone {
  amount: Amount;
  label: string;
}

/** Twitch pledges: subs per tier and bits, counted apart from money. */
export const PLEDGE_UNITS = ['sub_tier1', 'sub_tier2', 'sub_tier3', 'sub_prime', 'bits', 'yt_membership'] as const;
export type PledgeUnit = (typeof PLEDGE_UNITS)[number];

/**
 * What kind of Twitch line brought a pledge: shown under each pledge line, so "14 tier 1 sub
 * months" reads as 5 subs, 1 gift of 6 months... `earlier`: counted before lines were told apart.
 */
export const PLEDGE_PARTS = ['sub', 'resub', 'gift', 'prime_upgrade', 'gift_upgrade', 'cheer', 'earlier', 'member', 'member_milestone', 'member_gift'] as const;
export type PledgePart = (typeof PLEDGE_PARTS)[number];

/** Names of the campaign's pledge values: one sub of each tier, and 100 bits. */
export const PLEDGE_VALUE_KEYS = ['sub_tier1', 'sub_tier2', 'sub_tier3', 'sub_prime', 'bits_100', 'yt_membership'] as const;
export type PledgeValueKey = (typeof PLEDGE_VALUE_KEYS)[number];

/** What each is worth in campaign currency; null: not counted as a pledge. */
export type PledgeValues = Record<PledgeValueKey, Amount | null>;

export interface CampaignInput {
  title: string;
  cause: string;
  currency: string;
  goal: Amount;
  milestones: Milestone[];
  /** The goals after the goal, lowest first; absent keeps what is set. */
  stretch_goals?: Milestone[];
  starts_at: string;
  duration_hours: number;
  /**
   * Optional: absent keeps what is set (cleared when the currency changes); a key set to null
   * stops counting that unit. A value is an amount or a plain decimal string ("2.50").
   */
  pledge_values?: Partial<Record<PledgeValueKey, Amount | string | null>>;
  /** The language viewers read on stream ("en", "fr"); absent keeps what is set (English at first). */
  locale?: CampaignLocale;
  /** The IANA zone the dashboard shows every time in; absent keeps what is set (UTC at first). */
  time_zone?: string;
}

export interface CampaignView extends CampaignInput {
  stretch_goals: Milestone[];
  locale: CampaignLocale;
  time_zone: string;
  pledge_values: PledgeValues;
  ends_at: string;
  /** The campaign currency cannot change once money has been counted in it. */
  currency_locked: boolean;
  demo: boolean;
  /**
   * When the owner closed the marathon: no money is counted since (what arrives is kept apart,
   * GET /api/campaign/late), until it is reopened. Null while it runs.
   */
  closed_at: string | null;
}

/** The owner's first steps after creating the campaign, in the order the dashboard shows them. */
export const CHECKLIST_STEPS = ['donation_source', 'overlay', 'moderator', 'target'] as const;
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number];

/** Each step is ticked from what the app holds (sources, overlay visits, invites, targets). */
export interface ChecklistView {
  steps: { id: ChecklistStep; done: boolean }[];
  /** The owner closed it: it stays closed. */
  dismissed: boolean;
  /** The dashboard shows it: neither dismissed nor all done. */
  open: boolean;
}

export const SOURCE_KINDS = ['webhook', 'manual', 'demo', 'twitch', 'tiltify', 'streamlabs', 'csv', 'streamelements', 'twitch-charity', 'youtube', 'x'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * idle: nothing has arrived yet; listening: a receiver waits for requests; connected/connecting/
 * reconnecting: a live connection; failing: the last attempt went wrong (see last_error).
 */
export type SourceStatus = 'idle' | 'listening' | 'connecting' | 'connected' | 'reconnecting' | 'failing';

export interface SourceView {
  id: string;
  kind: SourceKind;
  name: string;
  status: SourceStatus;
  last_event_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  /** Genuine (signed) events refused (malformed body, invalid amount...) since the source was created. */
  rejected: number;
  events: number;
  /** Where a platform should send its events (webhook sources), relative to the server. */
  hook_path: string | null;
  /**
   * The platform's own running total (Tiltify's amount raised), beside `counted`: what we
   * count for this source in the same currency, so a mismatch shows at once. Null when the
   * platform tells no total.
   */
  platform_total?: { amount: Amount; counted: Amount; reported_at: string } | null;
  /** Something to look at that is not a failure ("no webhook for 12 minutes; polling keeps up"). */
  warning?: string | null;
  /**
   * Requests to the hook URL refused in the last hour because they did not prove they come
   * from the platform (bad signature, too old, too large): possibly forged. Counted apart from
   * `rejected` and `status`, which stay about the platform's genuine events. Null: none.
   */
  unverified_refusals?: { last_hour: number; last_at: string; last_reason: string } | null;
  /** A YouTube live chat: its broadcast's state and the Data API quota it spends (null for others). */
  youtube?: YouTubeSourceState | null;
  /** A polled platform (X recent search): when it last asked, and what its rate limit allows. */
  polling?: SourcePollingView | null;
}

/** Where a YouTube source stands: the broadcast it reads and the day's quota (Pacific time). */
export interface YouTubeSourceState {
  /** waiting: found no live chat yet (not started); live: reading; ended: the chat is over. */
  live: 'finding' | 'waiting' | 'live' | 'ended';
  video_id: string | null;
  quota: {
    /** The Pacific-time day the units count toward ("2026-12-02"), reset at midnight there. */
    day: string;
    spent: number;
    left: number;
    limit: number;
    /** The wait between reads now: the server's asked interval, or longer to save quota. */
    poll_ms: number;
    /** The server's own asked interval (pollingIntervalMillis), last heard. */
    server_poll_ms: number | null;
    /** When the day's units run out at this pace (null: they last until the day resets). */
    lasts_until: string | null;
    /** True when reads are slowed below the server's pace to make the quota last. */
    slowed: boolean;
    /** Sources using the same API key: they share its units (spent and left are the key's). */
    shared_by: number;
  };
}

export interface SourcePollingView {
  last_poll_at: string | null;
  /** Queries polled each round (one per target, or more when a target's query is too long). */
  queries: number;
  /** From the platform's rate-limit headers on the last answer; null before the first. */
  rate_limit: { limit: number | null; remaining: number; reset_at: string } | null;
  /** Waiting for the rate-limit window to reset (after a 429, or with none left): until then. */
  paused_until: string | null;
}

export interface SourceInput {
  kind: SourceKind;
  name: string;
  [config: string]: unknown;
}

export interface SourceCreated extends SourceView {
  /** Shown once, at creation: the HMAC secret the sender signs with. */
  secret?: string;
}

export type ScreeningState = 'pending' | 'approved' | 'denied' | 'flagged' | 'read';
export const SCREENING_STATES: readonly ScreeningState[] = ['pending', 'approved', 'denied', 'flagged', 'read'];

export interface DonationView {
  id: number;
  source_id: string;
  external_id: string;
  type: 'donation' | 'refund';
  amount: Amount;
  /** In campaign currency with the rate snapshot used; null when no rate was known yet. */
  converted: Amount | null;
  rate: string | null;
  donor_name: string | null;
  anonymous: boolean;
  message: string | null;
  occurred_at: string;
  received_at: string;
  screening: ScreeningState;
  refunds: string | null;
  /** For a refund whose donation is known: that donation, so the feed can say what is refunded. */
  refund_of: { id: number; donor_name: string | null; anonymous: boolean; amount: Amount; occurred_at: string } | null;
}

/** A donation as the overlay may show it: screened, and without anonymous donors' names. */
export interface OverlayDonationView {
  id: number;
  amount: Amount;
  converted: Amount | null;
  donor_name: string | null;
  message: string | null;
  occurred_at: string;
}

export interface ManualPledgeInput {
  id?: string;
  amount: Amount;
  donor?: { name?: string; anonymous?: boolean };
  message?: string;
}

export interface IngestAnswer {
  /** late: stored but not counted, the marathon being closed (answered 202). */
  status: 'created' | 'duplicate' | 'late';
  id: number;
}

export interface SourceTotal {
  source_id: string;
  name: string;
  kind: SourceKind;
  raised: Amount;
  donations: number;
}

export interface CurrencyTotal {
  currency: string;
  amount: Amount;
  raised: Amount;
  donations: number;
  /** Donations in this currency that wait for an exchange rate and are not in `raised` yet. */
  unconverted: number;
}

export interface PledgeUnitTotal {
  unit: PledgeUnit;
  /** Subs, or bits. */
  count: number;
  /** One sub, or 100 bits, as the campaign values it; null when it sets no value. */
  each: Amount | null;
  /** count × each (bits: per 100, rounded down to the minor unit); null when unvalued. */
  value: Amount | null;
  /** What the count is made of: per kind of line, how many lines and how many of the unit. */
  parts: { part: PledgePart; lines: number; count: number }[];
}

/**
 * Paid chat messages (Twitch Hype Chat) in one currency: what viewers paid Twitch, exact. Like
 * subs and bits, a promise the platform pays out later, never in `raised`.
 */
export interface PaidMessageTotal {
  currency: string;
  messages: number;
  amount: Amount;
  /** At the campaign's exchange rate for that currency; null while it has none. */
  value: Amount | null;
}

/** Twitch subs and bits: promises made on the platform, shown apart from money received. */
export interface PledgeTotals {
  units: PledgeUnitTotal[];
  /** Hype Chat, per currency, most messages first. */
  paid_messages: PaidMessageTotal[];
  /** The valued units and the converted paid messages together, in campaign currency. */
  value: Amount;
  /** Money raised plus the pledges' value. */
  with_pledges: Amount;
}

export interface TotalsView {
  raised: Amount;
  donations: number;
  refunds: number;
  by_source: SourceTotal[];
  by_currency: CurrencyTotal[];
  /** Not in `raised`: see PledgeTotals. */
  pledges: PledgeTotals;
  updated_at: string;
}

export interface MinutePoint {
  minute: string;
  raised_minor: number;
  donations: number;
  messages: number;
  chatters: number;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface ChatStatsView {
  from: string;
  to: string;
  /** The source these figures are for; null: every source together. */
  source: string | null;
  messages: number;
  chatters: number;
  per_minute: MinutePoint[];
  hashtags: TagCount[];
  /** @logins mentioned, lower-case, most first. */
  mentions: TagCount[];
}

/** A chat message as the dashboard shows it: always text, never markup. */
export interface ChatMessageView {
  seq: number;
  source_id: string;
  external_id: string;
  author: string | null;
  text: string;
  occurred_at: string;
  /** Of broadcaster, moderator, subscriber: the ones the author wears. */
  badges: string[];
  bits: number | null;
  /** A Hype Chat: what the viewer paid, exact; null for other messages. */
  paid: Amount | null;
  /** The kind of the source it came from ("twitch", "youtube", "demo"): the line's platform label. */
  platform?: string | null;
}

export interface ChatPage {
  messages: ChatMessageView[];
  /** Pass as `before` for older messages; null when there are none. */
  next_before: number | null;
}

export interface RateView {
  currency: string;
  /** Units of campaign currency for one unit of `currency`. */
  rate: string;
  updated_at: string;
  /**
   * The day (YYYY-MM-DD) a built-in rate is from, while it is only the app's estimate; null once
   * the owner typed or confirmed it.
   */
  estimate_of: string | null;
}

/**
 * One row of the donations export: a donation, a refund (negative, linked to what it refunds)
 * or a correction (the difference a platform's later version made, linked to the donation).
 * The rows' converted amounts add up to the total raised.
 */
export interface ExportRow {
  seq: number;
  source_id: string;
  source_kind: string;
  source_name: string;
  /** The platform's own id (of the donation; for a correction, of the donation it corrects). */
  platform_id: string;
  /** outdated_version: an older version that arrived after a newer one; it changed nothing. */
  type: 'donation' | 'refund' | 'correction' | 'outdated_version';
  amount: Amount;
  converted: Amount | null;
  rate: string | null;
  donor_name: string | null;
  anonymous: boolean;
  message: string | null;
  occurred_at: string;
  received_at: string;
  /** For a refund or correction: the seq and platform id of the donation it changes. */
  links_to_seq: number | null;
  links_to: string | null;
  screening: ScreeningState | null;
}

export interface DonationExport {
  exported_at: string;
  campaign_currency: string;
  raised: Amount;
  rows: ExportRow[];
}

/**
 * A target as the overlay's board shows it: only what viewers may see. No handles, no
 * responses waiting for a moderator, no quotes or links: the state comes from confirmed
 * responses only.
 */
export interface OverlayTargetView {
  id: string;
  name: string;
  hashtags: string[];
  ask: string;
  call_started_at: string;
  status: TargetView['status'];
  response_kind: ResponseKind | null;
  first_response_at: string | null;
  time_to_response_s: number | null;
  /** Distinct people who called on it in chat since the call started. */
  callers: number;
  /** Scheduled call moments (each a minute's start), oldest first. */
  moments: string[];
  /** Call moments with a sign-up command: what the call-signups widget shows. */
  calls: OverlayCallView[];
}

export interface OverlayCallView {
  id: string;
  at: string;
  ends_at: string;
  state: CallMomentView['state'];
  command: string;
  signups: number;
}

export interface OverlayInfo {
  key: string;
  widgets: { name: string; url: string }[];
}

/** Problems the whole app has right now (the database refused a write, ...), in plain words. */
export interface HealthView {
  ok: boolean;
  problems: { code: string; message: string; since: string }[];
  backups: {
    last_at: string | null;
    last_file: string | null;
    last_error: string | null;
    /** Null until the first backup or disk check of this run. */
    space: BackupSpaceView | null;
  };
  /**
   * Unexpected errors (bugs) the app survived since it started: each one's request, socket or
   * timer was answered or skipped and everything else kept running.
   */
  internal_errors: { count: number; last_at: string | null; last_context: string | null; last_message: string | null };
  database: string;
  /**
   * How long work waited for the server's one thread, per 5-second window over the last minute
   * (oldest first): a saturated app shows here before anything fails.
   */
  event_loop: EventLoopWindow[];
}

/** Event-loop delay over one window: what a request arriving then waited before it ran. */
export interface EventLoopWindow {
  ends_at: string;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

/**
 * The app's health as a viewer is told it, on GET /api/health and on the staff socket alike: that
 * something is wrong and since when, in one public sentence per problem. Not the database's or
 * a backup's path, nor the raw error text, which name folders of the organiser's computer.
 */
export interface PublicHealthView {
  ok: boolean;
  problems: { code: string; message: string; since: string }[];
}

/** What the backups take on disk, what they may take, and what is left. */
export interface BackupSpaceView {
  count: number;
  total_bytes: number;
  /** The most the backups may take together; older ones are removed to stay under it. */
  budget_bytes: number;
  /** Free space on the disk that holds the backups, for this app's user. */
  free_bytes: number | null;
  measured_at: string;
}

export interface ApiError {
  error: { code: string; message: string };
}

// ── Imports (offline money from CSV, exchange rates) ──────────────────────────────────────

/** An uploaded file: `csv_base64` (the bytes, so the encoding can be checked) or `csv` text. */
export interface CsvImportInput {
  csv_base64?: string;
  csv?: string;
}

export interface CsvImportRow {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  /** new: will be added; duplicate: already imported (nothing added); error: see `error`. */
  status: 'new' | 'duplicate' | 'error';
  error: string | null;
  amount: Amount | null;
  donor: string | null;
  message: string | null;
  date: string | null;
  external_id: string | null;
}

export interface CsvImportPreview {
  /** True for the preview (nothing stored); false once committed. */
  dry_run: boolean;
  separator: ',' | ';';
  rows: CsvImportRow[];
  counts: { new: number; duplicate: number; error: number };
  /** The sum of the new rows, per currency. */
  new_by_currency: Amount[];
}

/** Rates as CSV ("currency,rate" rows) or JSON ({ "rates": [...] } or { "USD": "0.92" }). */
export interface RateImportInput {
  text: string;
}

// ── Screening: donation messages before they reach the overlay ──────────────────────────────

/**
 * none: everything shows at once. one_pass (default): a moderator approves each message.
 * two_pass: a first moderator screens, a second one sends it to the reader (the overlay).
 */
export type ScreeningMode = 'none' | 'one_pass' | 'two_pass';
export const SCREENING_MODES: readonly ScreeningMode[] = ['none', 'one_pass', 'two_pass'];

export interface ScreeningSettings {
  mode: ScreeningMode;
  /** A message containing one of these words (case- and accent-insensitive) is denied with the word as reason. */
  words: string[];
  /** Below this amount (campaign currency) a donation's message never shows on the overlay; null: every message may. */
  overlay_min: Amount | null;
}

export type ScreenDecision = 'approve' | 'deny' | 'flag' | 'read';
export const SCREEN_DECISIONS: readonly ScreenDecision[] = ['approve', 'deny', 'flag', 'read'];

/** One moderator has an item open: everyone else sees it as theirs and cannot take it. */
export interface ClaimView {
  donation_id: number;
  actor: string;
  actor_name: string;
  until: string;
}

export interface ScreeningCounts {
  pending: number;
  /** two_pass: passed a first moderator, waiting for a second. */
  first_pass: number;
  approved: number;
  denied: number;
  flagged: number;
  read: number;
}

/** A donation in the screening queue, with what the moderators need to decide. */
export interface ScreeningItem {
  donation: DonationView;
  /** The rule or moderator's reason for the current state (word list, a note). */
  reason: string | null;
  /** two_pass: who passed it first. */
  first_pass: { actor: string; actor_name: string; at: string } | null;
  /** Below the overlay's minimum amount: its message never shows on the overlay. */
  below_overlay_min: boolean;
}

export interface ScreeningView {
  settings: ScreeningSettings;
  counts: ScreeningCounts;
  claims: ClaimView[];
  /** Twitch moments' messages (resubs, cheers, paid messages) waiting for a moderator. */
  moments_waiting: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  actor_name: string;
  /** What was acted on: a donation (its screening or its incentive assignment), a target response, an invite, a setting, a Twitch moment's message, an incentive or bid war, a schedule segment. */
  subject: { kind: 'donation' | 'response' | 'invite' | 'settings' | 'twitch_moment' | 'prize' | 'incentive' | 'segment'; id: string; label: string };
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
}

/** Whether people on the local network can reach the app (off by default). */
export interface NetworkView {
  enabled: boolean;
  /** Started with --host: the command line decides, the switch does nothing. */
  pinned_by_flag: boolean;
  /** The address the server listens on, like 127.0.0.1:4848. */
  listening: string;
  /** The addresses others use to reach it (empty while off). */
  urls: string[];
  /** What turning it on exposes, in sentences. */
  exposes: string[];
}

// ── Twitch moments: the events feed and its alerts ───────────────────────────────────────────

/**
 * What happened on a Twitch channel that a streamer thanks someone for. A gift bomb (one viewer
 * gifting many subs at once) is one moment with its count, its subgift lines counted into it.
 */
export const TWITCH_MOMENT_KINDS = ['sub', 'resub', 'gift', 'gift_bomb', 'prime_upgrade', 'gift_upgrade', 'cheer', 'raid', 'paid_message', 'charity'] as const;
export type TwitchMomentKind = (typeof TWITCH_MOMENT_KINDS)[number];

/**
 * A moment's message on its way to the overlay, like a donation's: 'none' when there is nothing
 * to read (a gift, a raid), pending until a moderator (or the rules) approves or denies it.
 */
export const MOMENT_SCREENING_STATES = ['none', 'pending', 'approved', 'denied'] as const;
export type MomentScreeningState = (typeof MOMENT_SCREENING_STATES)[number];
export const MOMENT_DECISIONS = ['approve', 'deny'] as const;
export type MomentDecision = (typeof MOMENT_DECISIONS)[number];

/** One entry of the Twitch events feed, as moderators and the owner see it. */
export interface TwitchMomentView {
  id: number;
  source_id: string;
  /** The source's name (its channel). */
  channel: string;
  kind: TwitchMomentKind;
  occurred_at: string;
  /** Who did it, as Twitch shows them; null for an anonymous gifter. */
  actor_name: string | null;
  anonymous: boolean;
  /** The sub tier (subs, gifts, upgrades) or 'bits' (cheers); null for raids, paid messages, charity. */
  unit: PledgeUnit | null;
  /**
   * Months (a sub, a gift of 6 months), gifts received so far (a gift bomb), bits (a cheer),
   * viewers (a raid); 1 for a paid message or a charity donation.
   */
  count: number;
  /** A gift bomb: the gifts it announced; the feed shows them as its subgift lines arrive. */
  announced: number | null;
  /** A resub: the months subscribed in all ("subscribed for 14 months"). */
  cumulative: number | null;
  /** Paid messages and charity donations: what was paid, exact in its currency. */
  amount: Amount | null;
  /** What the campaign counts it as, in campaign currency (its pledge values, its rates); null: not valued. */
  value: Amount | null;
  /** A single gift: who received it. */
  recipient: string | null;
  /** Resub, sub, cheer and paid message text the viewer typed (not Twitch's own system message). */
  message: string | null;
  screening: MomentScreeningState;
  /** Why the rules or a moderator decided as they did. */
  reason: string | null;
  /** Two-pass screening: who passed it first. */
  first_pass: { actor: string; actor_name: string } | null;
}

export interface TwitchMomentPage {
  moments: TwitchMomentView[];
  /** Pass as `before` for the next (older) page; null on the last. */
  next: number | null;
  /** Messages waiting for a moderator (every channel). */
  waiting: number;
}

/** A moment as the overlay's alerts may show it: the message only once approved, no anonymous name, no charity (its donation has the alert). */
export type OverlayMomentView = Omit<TwitchMomentView, 'source_id' | 'channel' | 'anonymous' | 'screening' | 'reason' | 'first_pass' | 'kind'> & {
  kind: Exclude<TwitchMomentKind, 'charity'>;
};

/** A written archive of the closed marathon: its folder and each file with its SHA-256. */
export interface ArchiveView {
  dir: string;
  files: { name: string; bytes: number; sha256: string }[];
}

/** Money that arrived after the marathon was closed: stored, listed apart, counted nowhere. */
export interface LateMoneyView {
  /** Its event's seq. */
  id: number;
  source_id: string;
  external_id: string;
  type: 'donation' | 'refund' | 'correction' | 'pledge';
  amount: { value: string; currency: string };
  /** Null for an anonymous donor. */
  donor_name: string | null;
  anonymous: boolean;
  occurred_at: string;
  received_at: string;
}
