/**
 * The one contract between the core and its clients: every HTTP route and socket event, with
 * its request and response types. Both ends use these keys; no path or event name is written
 * twice.
 */
import { type AlertSettings, OVERLAY_SOUND_PATH, type SoundFileView } from './alert-tiers.js';
import type { Amount } from './money.js';
import type {
  ApiError,
  AuditEntry,
  ClaimView,
  CampaignView,
  ChatPage,
  ChecklistView,
  ChatStatsView,
  CsvImportPreview,
  DonationExport,
  DonationView,
  HealthView,
  IngestAnswer,
  ArchiveView,
  LateMoneyView,
  InviteCreated,
  InviteView,
  MeView,
  NetworkView,
  ResponseView,
  ResponsesExport,
  TargetMinuteView,
  TargetView,
  MinutePoint,
  OverlayDonationView,
  OverlayMomentView,
  TwitchMomentPage,
  TwitchMomentView,
  OverlayInfo,
  OverlayTargetView,
  PublicHealthView,
  PublicTargetView,
  RateView,
  Role,
  ScreeningItem,
  ScreeningView,
  SourceCreated,
  SourceView,
  TotalsView,
} from './views.js';

import type { ChartsView, IncentiveChartsView, PaceView } from './charts.js';
import type { PrizeDrawRecord, PrizeVerification, PrizeView, PublicPrizeView } from './prizes.js';
import type { AssignmentView, IncentiveAlert, IncentiveView, PublicIncentiveView, ScheduleView, SegmentView, TiltifyItemView } from './incentives.js';
import type { OverlayTeam, TeamView } from './team.js';
import type { BestMinuteView } from './best-minute.js';
import type { ReportInfo, ReportStatusView } from './report.js';
import type { SchemaBodyInput, SchemaQueryInput } from './schemas.js';

/** What each route answers; its body and query come from its schemas (shared/schemas.ts). */
interface RouteResponses {
  'GET /api/campaign': { campaign: CampaignView | null };
  'PUT /api/campaign': { campaign: CampaignView };
  'POST /api/campaign/close': { campaign: CampaignView; archive: ArchiveView | null; archive_error: string | null };
  'POST /api/campaign/archive': { archive: ArchiveView };
  'POST /api/campaign/reopen': { campaign: CampaignView };
  'GET /api/campaign/late': { late: LateMoneyView[]; count: number };
  /** The marathon report: its privacy setting and the last one made (main/report). */
  'GET /api/report': ReportStatusView;
  /** Makes the report of the campaign as it stands (HTML, and PDF where it can be printed). */
  'POST /api/report': ReportStatusView & { report: ReportInfo };
  'GET /api/report/report.html': string;
  'GET /api/report/report.pdf': string;
  /** Edits a running campaign (goal, stretch goals, milestones, title, cause, end); each change audited. */
  'PATCH /api/campaign': { campaign: CampaignView };
  'GET /api/sources': { sources: SourceView[] };
  'POST /api/sources': SourceCreated;
  'PUT /api/sources/:id/credential': SourceView;
  'POST /api/donations': IngestAnswer;
  'GET /api/donations': { donations: DonationView[] };
  'GET /api/totals': TotalsView;
  'GET /api/chat/stats': ChatStatsView;
  /**
   * Charts from the rollups over a named window (15m, 1h, 6h, 24h, marathon; default marathon)
   * or from/to, at most ~1,000 points per series; source: one source, absent: all together.
   */
  'GET /api/charts': ChartsView;
  /**
   * Pace over recent windows, the projection for the end, the next milestone and top donors.
   * Viewers: top donors only under names the overlay has shown (PaceQueries.publicPace).
   */
  'GET /api/charts/pace': PaceView;
  /** The money each incentive and bid war had over time (the top ones; archived ones left out). */
  'GET /api/charts/incentives': IncentiveChartsView;
  /** The latest chat moderators have not removed (CLEARCHAT / CLEARMSG), newest first. */
  'GET /api/chat/messages': ChatPage;
  'GET /api/rates': { currency: string; rates: RateView[] };
  'PUT /api/rates': { currency: string; rates: RateView[]; converted: number };
  /** The owner keeps built-in estimates as they are: they stop being marked as estimates (audited). */
  'POST /api/rates/confirm': { currency: string; rates: RateView[]; confirmed: number };
  /** The same rates from CSV or JSON text; applied like PUT. */
  'POST /api/rates/import': { currency: string; rates: RateView[]; converted: number };
  /** Offline money from a CSV file: what would be added, row by row; nothing is stored. */
  'POST /api/import/donations/preview': CsvImportPreview;
  /** Adds the good rows; rows already imported (same file again) add nothing. */
  'POST /api/import/donations': CsvImportPreview;
  /** Every donation, refund and correction, for the charity's accountant (RFC 4180 CSV). */
  'GET /api/export/donations.csv': string;
  'GET /api/export/donations.json': DonationExport;
  /** Every response with its state and audit trail, for the record (RFC 4180 CSV: one line per audit step). */
  'GET /api/export/responses.csv': string;
  'GET /api/export/responses.json': ResponsesExport;
  'GET /api/overlay': OverlayInfo;
  'POST /api/overlay/rotate-key': OverlayInfo;
  /** The alert tiers by size (duration, look, sound); none: every alert alike, for the URL's duration. */
  'GET /api/overlay/alerts': AlertSettings;
  'PUT /api/overlay/alerts': AlertSettings;
  'GET /api/overlay/sounds': { sounds: SoundFileView[] };
  'POST /api/overlay/sounds': { sound: SoundFileView };
  'DELETE /api/overlay/sounds/:id': { removed: string };
  /** Every connected overlay shows a clearly fake alert in that tier; totals and stored data are untouched. */
  'POST /api/overlay/test-alert': { sent: true };
  /** Viewers get the public form (see STAFF_SNAPSHOT_AUDIENCE), like on the staff socket. */
  'GET /api/health': HealthView | PublicHealthView;
  /** Viewers get the public form (see STAFF_SNAPSHOT_AUDIENCE), like on the staff socket. */
  'GET /api/targets': { targets: TargetView[] | PublicTargetView[] };
  'POST /api/targets': { target: TargetView };
  /** Fields left out keep their value; other hashtags or handles recount the past chat. */
  'PUT /api/targets/:id': { target: TargetView };
  'POST /api/targets/:id/archive': { target: TargetView };
  'GET /api/targets/:id/minutes': { minutes: TargetMinuteView[] };
  'POST /api/targets/:id/moments': { target: TargetView };
  'PUT /api/targets/:id/moments/:momentId': { target: TargetView };
  'GET /api/targets/:id/responses': { responses: ResponseView[] };
  /** The best windows to call in the hours ahead, from this marathon's audience, and past moments' predicted vs counted reach. */
  'GET /api/best-minute': BestMinuteView;
  'POST /api/targets/:id/responses': { response: ResponseView };
  /** Someone other than the one who flagged it. */
  'POST /api/responses/:id/confirm': { response: ResponseView };
  'POST /api/responses/:id/reject': { response: ResponseView };
  /** Takes a confirmation or rejection back (reason required): flagged again. */
  'POST /api/responses/:id/undo': { response: ResponseView };
  /** Who this token is. */
  'GET /api/me': MeView;
  'GET /api/invites': { invites: InviteView[] };
  'POST /api/invites': InviteCreated;
  /** Revokes the link and ends that person's sessions at once. */
  'DELETE /api/invites/:id': { invite: InviteView };
  'POST /api/demo': { url: string };
  /** The owner's first steps after creating the campaign, each ticked from what the app holds. */
  'GET /api/checklist': ChecklistView;
  /** Hides the checklist for good (kept in the database), done or not. */
  'POST /api/checklist/dismiss': ChecklistView;
  // Screening (the moderators' room)
  'GET /api/screening': ScreeningView;
  'PUT /api/screening/settings': ScreeningView;
  /**
   * One page of a stage: pending (first pass), first_pass (two_pass's second), flagged, approved
   * (for the reader); oldest first, or by amount in campaign currency (largest first, then
   * oldest; no rate last); `min` leaves out smaller amounts. `next`: pass it as `after` for the
   * following page; null on the last.
   */
  'GET /api/screening/queue': { items: ScreeningItem[]; next: string | null };
  /** Claims the first item of a stage, in the order given, that nobody else has open; null when there is none. */
  'POST /api/screening/next': { item: ScreeningItem | null; claim: ClaimView | null };
  /** Opens an item: 409 while another moderator has it open. */
  'POST /api/donations/:id/claim': { item: ScreeningItem; claim: ClaimView };
  'POST /api/donations/:id/release': { released: boolean };
  'POST /api/donations/:id/screen': { item: ScreeningItem };
  /**
   * Marks read every approved message that arrived up to and including `through`, whatever its
   * amount, in one audited step; later ones stay. Repeating it marks nothing more.
   */
  'POST /api/screening/read-older': { marked: number; skipped: number };
  /** Takes back the caller's own decision of the last few seconds; 409 once anyone changed it since. */
  'POST /api/donations/:id/undo': { item: ScreeningItem };
  /** Network access: who besides this computer can reach the app. */
  'GET /api/network': NetworkView;
  'PUT /api/network': NetworkView;
  /** Every moderation action, newest first. */
  'GET /api/audit': { entries: AuditEntry[] };
  /**
   * The Twitch events feed, newest first: subs, resubs, gifts (a gift bomb is one entry), cheers,
   * raids, paid messages and charity donations; per channel (`source`), one `kind`, or only the
   * messages `waiting` for a moderator. `next`: pass as `before` for the older page.
   */
  'GET /api/twitch/moments': TwitchMomentPage;
  /** Approves or denies a waiting message (two people in two-pass mode); 409 once decided. */
  'POST /api/twitch/moments/:id/screen': { moment: TwitchMomentView };
  // Prizes (main/prizes/): drawn among donors with a seeded pick anyone can re-run.
  /** Viewers get the public form (no donation ids, winners named only as the overlay names them). */
  'GET /api/prizes': { prizes: PrizeView[] | PublicPrizeView[] };
  'POST /api/prizes': { prize: PrizeView };
  /** Before the draw every field; after it the title and rules only. */
  'PUT /api/prizes/:id': { prize: PrizeView };
  'POST /api/prizes/:id/archive': { prize: PrizeView };
  /** Once the window has closed; fewer entries than places: all of them win, and `note` says so. */
  'POST /api/prizes/:id/draw': { prize: PrizeView; note: string | null };
  /** A winner never answered: their place goes to the next pick of the same draw (appended, audited). */
  'POST /api/prizes/:id/redraw': { prize: PrizeView };
  /** The whole draw: seed, rule, entries (donation ids) and every pick, with the method in words. */
  'GET /api/prizes/:id/draw': { draw: PrizeDrawRecord };
  /** Re-runs the draw from the stored seed and entries, checked against the audit log. */
  'POST /api/prizes/:id/verify': PrizeVerification;
  /** The current winners for the charity to contact (RFC 4180 CSV), contact fields included. */
  'GET /api/prizes/:id/winners.csv': string;
  // Incentives, bid wars and the run schedule (issue 14)
  /** The run schedule with expected times (the segments after a started one slide with it), now and next. */
  'GET /api/schedule': { schedule: ScheduleView };
  /** A segment that overlaps another is refused (422) with both in words. */
  'POST /api/schedule': { segment: SegmentView };
  'PUT /api/schedule/:id': { segment: SegmentView };
  /** One click: the segment started now (or `at`); the incentives of the segments before it close. */
  'POST /api/schedule/:id/start': { segment: SegmentView };
  /** Only a segment not started and with no incentive attached. */
  'DELETE /api/schedule/:id': { id: number };
  /** Viewers get the public form (approved options only, no waiting counts), like on the staff socket. */
  'GET /api/incentives': { incentives: IncentiveView[] | PublicIncentiveView[] };
  'POST /api/incentives': { incentive: IncentiveView };
  'PUT /api/incentives/:id': { incentive: IncentiveView };
  /** No more money; a bid war's close is announced on the overlay with its winner (or tie). */
  'POST /api/incentives/:id/close': { incentive: IncentiveView };
  'POST /api/incentives/:id/archive': { incentive: IncentiveView };
  'GET /api/tiltify/:source': { items: TiltifyItemView[] };
  'POST /api/tiltify/:source/link': { items: TiltifyItemView[]; assigned: number };
  'POST /api/tiltify/:source/create': { incentive_id: number; assigned: number };
  /** The owner adds an option to a bid war (approved at once); a look-alike of another is refused. */
  'POST /api/incentives/:id/options': { incentive: IncentiveView };
  /** The owner renames an option (audited); its money stays with it. A look-alike of another is refused. */
  'PUT /api/options/:id': { incentive: IncentiveView };
  /** A donor's suggested option, approved or refused by a moderator. */
  'POST /api/options/:id/approve': { incentive: IncentiveView };
  'POST /api/options/:id/refuse': { incentive: IncentiveView };
  /** Where a donation's money goes: its current assignment (suggested or accepted) and its version. */
  'GET /api/donations/:id/assignment': { assignment: AssignmentView };
  /**
   * Accepts, changes or splits a donation's assignment; parts (and to_campaign) sum exactly to the
   * donation. 409 when another moderator assigned it since expected_version.
   */
  'PUT /api/donations/:id/assignment': { assignment: AssignmentView };
  /** The team event this desk is in (issue 16): team total, desks, team targets; health for the owner. */
  'GET /api/team': TeamView;
  /** The organizer creates the team: its JetStream stream, and this desk as its first desk. */
  'POST /api/team': { team: TeamView };
  /** Joins a team with an invite from its organizer. */
  'POST /api/team/join': { team: TeamView };
  /** One invite per desk, shown once: NATS credentials limited to that desk's subjects, team id, team secret. */
  'POST /api/team/invites': { desk_id: string; invite: string };
  /** The desk stops publishing; what it sent stays counted. */
  'POST /api/team/desks/:id/revoke': { team: TeamView };
  /** What the desk sent leaves the team total (or comes back, restore: true), with a reason in the team audit. */
  'POST /api/team/desks/:id/remove': { team: TeamView };
}

/** Every route: the body and query a client sends (inferred from ROUTE_SCHEMAS) and the answer. */
export type ApiRoutes = {
  [K in keyof RouteResponses]: { body: SchemaBodyInput<K>; query: SchemaQueryInput<K>; response: RouteResponses[K] };
};

export type RouteKey = keyof RouteResponses;
export type RouteBody<K extends RouteKey> = ApiRoutes[K]['body'];
export type RouteQuery<K extends RouteKey> = ApiRoutes[K]['query'];
export type RouteResponse<K extends RouteKey> = ApiRoutes[K]['response'];

/** The least role each route needs; the server enforces it, the dashboard only mirrors it. */
export const ROUTE_ROLES: { readonly [K in RouteKey]: Role } = {
  'GET /api/campaign': 'viewer',
  'PUT /api/campaign': 'owner',
  'POST /api/campaign/close': 'owner',
  'POST /api/campaign/archive': 'owner',
  'POST /api/campaign/reopen': 'owner',
  'GET /api/campaign/late': 'moderator',
  'GET /api/report': 'owner',
  'POST /api/report': 'owner',
  'GET /api/report/report.html': 'owner',
  'GET /api/report/report.pdf': 'owner',
  'PATCH /api/campaign': 'owner',
  'GET /api/sources': 'moderator',
  'POST /api/sources': 'owner',
  'PUT /api/sources/:id/credential': 'owner',
  'POST /api/donations': 'moderator',
  'GET /api/donations': 'moderator',
  'GET /api/totals': 'viewer',
  'GET /api/chat/stats': 'viewer',
  'GET /api/chat/messages': 'viewer',
  'GET /api/charts': 'viewer',
  'GET /api/charts/pace': 'viewer',
  'GET /api/charts/incentives': 'viewer',
  'GET /api/rates': 'viewer',
  'PUT /api/rates': 'owner',
  'POST /api/rates/import': 'owner',
  'POST /api/rates/confirm': 'owner',
  'POST /api/import/donations/preview': 'owner',
  'POST /api/import/donations': 'owner',
  'GET /api/export/donations.csv': 'moderator',
  'GET /api/export/donations.json': 'moderator',
  'GET /api/export/responses.csv': 'moderator',
  'GET /api/export/responses.json': 'moderator',
  'GET /api/overlay': 'owner',
  'POST /api/overlay/rotate-key': 'owner',
  'GET /api/overlay/alerts': 'owner',
  'PUT /api/overlay/alerts': 'owner',
  'GET /api/overlay/sounds': 'owner',
  'POST /api/overlay/sounds': 'owner',
  'DELETE /api/overlay/sounds/:id': 'owner',
  'POST /api/overlay/test-alert': 'owner',
  'GET /api/health': 'viewer',
  'GET /api/me': 'viewer',
  'GET /api/targets': 'viewer',
  'POST /api/targets': 'moderator',
  'PUT /api/targets/:id': 'moderator',
  'POST /api/targets/:id/archive': 'owner',
  'GET /api/targets/:id/minutes': 'viewer',
  'POST /api/targets/:id/moments': 'owner',
  'PUT /api/targets/:id/moments/:momentId': 'owner',
  'GET /api/targets/:id/responses': 'moderator',
  'GET /api/best-minute': 'moderator',
  'POST /api/targets/:id/responses': 'moderator',
  'POST /api/responses/:id/confirm': 'moderator',
  'POST /api/responses/:id/reject': 'moderator',
  'POST /api/responses/:id/undo': 'moderator',
  'GET /api/invites': 'owner',
  'POST /api/invites': 'owner',
  'DELETE /api/invites/:id': 'owner',
  'POST /api/demo': 'owner',
  'GET /api/checklist': 'owner',
  'POST /api/checklist/dismiss': 'owner',
  'GET /api/screening': 'moderator',
  'PUT /api/screening/settings': 'owner',
  'GET /api/screening/queue': 'moderator',
  'POST /api/screening/next': 'moderator',
  'POST /api/donations/:id/claim': 'moderator',
  'POST /api/donations/:id/release': 'moderator',
  'POST /api/donations/:id/screen': 'moderator',
  'POST /api/screening/read-older': 'moderator',
  'POST /api/donations/:id/undo': 'moderator',
  'GET /api/audit': 'moderator',
  'GET /api/twitch/moments': 'moderator',
  'POST /api/twitch/moments/:id/screen': 'moderator',
  'GET /api/network': 'owner',
  'PUT /api/network': 'owner',
  'GET /api/prizes': 'viewer',
  'POST /api/prizes': 'owner',
  'PUT /api/prizes/:id': 'owner',
  'POST /api/prizes/:id/archive': 'owner',
  'POST /api/prizes/:id/draw': 'owner',
  'POST /api/prizes/:id/redraw': 'owner',
  'GET /api/prizes/:id/draw': 'moderator',
  'POST /api/prizes/:id/verify': 'moderator',
  'GET /api/prizes/:id/winners.csv': 'owner',
  'GET /api/schedule': 'viewer',
  'POST /api/schedule': 'owner',
  'PUT /api/schedule/:id': 'owner',
  'POST /api/schedule/:id/start': 'owner',
  'DELETE /api/schedule/:id': 'owner',
  'GET /api/incentives': 'viewer',
  'POST /api/incentives': 'owner',
  'PUT /api/incentives/:id': 'owner',
  'POST /api/incentives/:id/close': 'owner',
  'POST /api/incentives/:id/archive': 'owner',
  'GET /api/tiltify/:source': 'owner',
  'POST /api/tiltify/:source/link': 'owner',
  'POST /api/tiltify/:source/create': 'owner',
  'POST /api/incentives/:id/options': 'owner',
  'PUT /api/options/:id': 'owner',
  'POST /api/options/:id/approve': 'moderator',
  'POST /api/options/:id/refuse': 'moderator',
  'GET /api/donations/:id/assignment': 'moderator',
  'PUT /api/donations/:id/assignment': 'moderator',
  'GET /api/team': 'viewer',
  'POST /api/team': 'owner',
  'POST /api/team/join': 'owner',
  'POST /api/team/invites': 'owner',
  'POST /api/team/desks/:id/revoke': 'owner',
  'POST /api/team/desks/:id/remove': 'owner',
};

const ROLE_RANK: Record<Role, number> = { viewer: 0, moderator: 1, owner: 2 };
export function roleAllows(have: Role, need: Role): boolean {
  return ROLE_RANK[have] >= ROLE_RANK[need];
}

export function splitRouteKey(key: RouteKey): { method: string; path: string } {
  const [method = '', path = ''] = key.split(' ');
  return { method, path };
}

/** Receivers for signed events from outside; `:sourceId` is the source's id. */
export const HOOK_PATH_PREFIX = '/hooks/';
export const hookPath = (sourceId: string): string => `${HOOK_PATH_PREFIX}${encodeURIComponent(sourceId)}`;

/** The generic signed webhook's headers (see SPEC.md). */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-telethon-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'x-telethon-signature';
export const WEBHOOK_MAX_AGE_S = 300;
export const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;

export const OVERLAY_PATH_PREFIX = '/overlay/';
/** An uploaded alert sound's bytes, for the overlay: /overlay-sound/<id>?key=<overlay key>. */
export const OVERLAY_SOUND_PREFIX = OVERLAY_SOUND_PATH;
/** Each widget is its own page, /overlay/<name>?key=...; `combined` lays them out at 1920×1080. */
export const OVERLAY_WIDGETS = ['total', 'goal', 'ticker', 'alerts', 'targets', 'clock', 'moment', 'leaderboard', 'prize', 'incentives', 'bidwar', 'schedule', 'combined', 'team-total', 'team-board', 'call-signups'] as const;
export type OverlayWidget = (typeof OVERLAY_WIDGETS)[number];

// ── Sockets ────────────────────────────────────────────────────────────────────────────────
// Each audience has its own namespace and its own sequence: a snapshot carries (epoch, seq);
// each change carries the next seq. A client that sees another epoch or a gap asks to resync.

export const STAFF_NAMESPACE = '/staff';
export const OVERLAY_NAMESPACE = '/overlay';

export interface Sequenced<C> {
  epoch: string;
  seq: number;
  change: C;
}

/**
 * The changes one audience's stream published in one turn of the server, sent as one message:
 * change i has seq + i. During a donation train each socket gets one write per turn, not one
 * per change.
 */
export interface SequencedBatch<C> {
  epoch: string;
  seq: number;
  changes: C[];
}

/** The changes of a batch, each with its own seq. */
export function unbatch<C>(batch: SequencedBatch<C>): Sequenced<C>[] {
  return batch.changes.map((change, i) => ({ epoch: batch.epoch, seq: batch.seq + i, change }));
}

/** Who receives each type: STAFF_CHANGE_AUDIENCE. */
export type StaffChange =
  | { type: 'campaign'; campaign: CampaignView | null }
  | { type: 'totals'; totals: TotalsView }
  /** A donation arrived or its screening state changed, with every state and the donor's name. */
  | { type: 'donation'; donation: DonationView }
  /** A donation became visible on the overlay (approved or read): the overlay's screened form. */
  | { type: 'public_donation'; donation: OverlayDonationView }
  /** A donation shown before was denied, flagged or sent back to the queue: take it off. */
  | { type: 'public_donation_hidden'; id: number }
  | { type: 'source'; source: SourceView }
  | { type: 'minutes'; points: MinutePoint[] }
  /** Moderators removed chat on a platform: lists of recent chat should be read again. */
  | { type: 'chat_hidden'; source_id: string }
  | { type: 'health'; health: HealthView }
  | { type: 'public_health'; health: PublicHealthView }
  /** A target's counts, state or responses changed (at most once a second per target). */
  | { type: 'target'; target: TargetView }
  | { type: 'public_target'; target: PublicTargetView }
  /** Screening counts, settings or who has which item open changed. */
  | { type: 'screening'; screening: ScreeningView }
  /** Twitch moments were added, grew (a gift bomb's lines) or were screened: the feed reads them again. */
  | { type: 'twitch_moments'; ids: number[] }
  /** A first step was done (or the checklist dismissed): the owner's alone. */
  | { type: 'checklist'; checklist: ChecklistView }
  /** Prizes not archived, whole, when one changed or its eligible count moved (at most once a second). */
  | { type: 'prizes'; prizes: PrizeView[] }
  | { type: 'public_prizes'; prizes: PublicPrizeView[] }
  /** Incentives' totals, options or states changed (at most every 250 ms): the whole list. */
  | { type: 'incentives'; incentives: IncentiveView[] }
  | { type: 'public_incentives'; incentives: PublicIncentiveView[] }
  /** The run schedule changed (a segment planned, moved or started). */
  | { type: 'schedule'; schedule: ScheduleView }
  /** A donation's assignment changed (a moderator's, or a suggestion at ingest). */
  | { type: 'assignment'; assignment: AssignmentView }
  /**
   * The team event moved (another desk's facts, a heartbeat or a silence; at most once a second):
   * the whole view, with health.last_error left out (team_error carries it to the owner).
   */
  | { type: 'team'; team: TeamView }
  | { type: 'team_error'; last_error: string | null };

/**
 * One snapshot type for every role; a field the role does not receive (STAFF_SNAPSHOT_AUDIENCE)
 * is null in its snapshot.
 */
export interface StaffSnapshot {
  epoch: string;
  seq: number;
  role: Role;
  campaign: CampaignView | null;
  totals: TotalsView;
  sources: SourceView[] | null;
  /** The latest donations in every screening state. */
  donations: DonationView[] | null;
  /** The latest donations the overlay shows, in its screened form. */
  public_donations: OverlayDonationView[] | null;
  /** Per-minute points for the last hours, oldest first. */
  minutes: MinutePoint[];
  health: HealthView | null;
  public_health: PublicHealthView | null;
  targets: TargetView[] | null;
  public_targets: PublicTargetView[] | null;
  /** The moderators' room: settings (with the word list), counts, who has which item open. */
  screening: ScreeningView | null;
  /** The owner's first steps. */
  checklist: ChecklistView | null;
  /** Prizes not archived, with winners' donations and names. */
  prizes: PrizeView[] | null;
  /** Viewers: the prizes as the overlay shows them. */
  public_prizes: PublicPrizeView[] | null;
  incentives: IncentiveView[] | null;
  public_incentives: PublicIncentiveView[] | null;
  schedule: ScheduleView | null;
}

// ── Who receives what on the staff socket ──────────────────────────────────────────────────
// The same rules as ROUTE_ROLES, for the socket: a role never receives on the socket what its
// HTTP requests are refused, and where a viewer gets a reduced form over HTTP (targets, health)
// it gets the very same form on the socket. Each role has its own room and its own sequence.
// The owner's alone: the first-steps checklist (least: 'owner'). Network settings, invites and
// the overlay key travel over owner-only HTTP routes only.
// The overlay key opens only the overlay namespace, whose own types (OverlayChange) carry only
// screened data; it is no bearer token for the API or the staff namespace.

/**
 * Who receives one part of the staff socket (a change type or a snapshot field):
 * - `least`: that role and every role above it, as it is. `route` is the HTTP route that serves
 *   the same data: `least` may never be below ROUTE_ROLES[route] (main/server/roles.test.ts).
 * - `viewerFormOf`: only viewers, and it is their reduced form of that other part, which
 *   moderators and the owner receive in full. `route` serves viewers the very same form, or is
 *   null when only the overlay's socket does (the overlay's screened donations).
 */
export type StaffAudience<Part extends string> =
  | { readonly least: Role; readonly route: RouteKey }
  | { readonly viewerFormOf: Part; readonly route: RouteKey | null };

/**
 * Every change type says who receives it: a new type without an entry does not compile.
 * Reduced forms are built once per change, for the viewers' room, never per socket.
 */
export const STAFF_CHANGE_AUDIENCE: { readonly [T in StaffChange['type']]: StaffAudience<StaffChange['type']> } = {
  campaign: { least: 'viewer', route: 'GET /api/campaign' },
  /** By source and currency: no donor, no message. */
  totals: { least: 'viewer', route: 'GET /api/totals' },
  /** Also GET /api/chat/stats. */
  minutes: { least: 'viewer', route: 'GET /api/charts' },
  /** Only says "read chat again". */
  chat_hidden: { least: 'viewer', route: 'GET /api/chat/messages' },
  /** Pending and denied messages, donors' names, every state. */
  donation: { least: 'moderator', route: 'GET /api/donations' },
  /**
   * Viewers see of donations only what OBS shows the world: approved or read donations through
   * overlayDonation() (an anonymous donor is never named; a message under the overlay's minimum
   * is left out), the same form and filter as the overlay key's socket. Nothing pending, denied
   * or flagged, and no refunds.
   */
  public_donation: { viewerFormOf: 'donation', route: null },
  public_donation_hidden: { viewerFormOf: 'donation', route: null },
  /** Status, errors, hook paths, platform totals. */
  source: { least: 'moderator', route: 'GET /api/sources' },
  /** The whole view, with file paths and raw errors. */
  health: { least: 'moderator', route: 'GET /api/health' },
  /** Ok, and each problem in public words (publicHealth in main/hub/public-forms.ts). */
  public_health: { viewerFormOf: 'health', route: 'GET /api/health' },
  /** The whole view, with handles and the count of responses waiting for a moderator. */
  target: { least: 'moderator', route: 'GET /api/targets' },
  /** Without those (publicTarget in main/hub/public-forms.ts). */
  public_target: { viewerFormOf: 'target', route: 'GET /api/targets' },
  /** The word list, counts, and who holds which claim. */
  screening: { least: 'moderator', route: 'GET /api/screening' },
  /** Only ids, but of moments whose messages may still be waiting: the feed is the moderators'. */
  twitch_moments: { least: 'moderator', route: 'GET /api/twitch/moments' },
  checklist: { least: 'owner', route: 'GET /api/checklist' },
  /** Winners' donations and names as given (anonymous ones too): what moderators see of donations. */
  prizes: { least: 'moderator', route: 'GET /api/prizes' },
  /** publicPrize in main/prizes/prizes.ts: the overlay's form, also GET /api/prizes for viewers. */
  public_prizes: { viewerFormOf: 'prizes', route: 'GET /api/prizes' },
  /** Pending options (donors' unscreened words) and the suggestions waiting. */
  incentives: { least: 'moderator', route: 'GET /api/incentives' },
  /** Approved options only (publicIncentive in main/incentives/incentives.ts). */
  public_incentives: { viewerFormOf: 'incentives', route: 'GET /api/incentives' },
  schedule: { least: 'viewer', route: 'GET /api/schedule' },
  assignment: { least: 'moderator', route: 'GET /api/donations/:id/assignment' },
  /** Totals, desks, board and this desk's link: what GET /api/team gives every role. */
  team: { least: 'viewer', route: 'GET /api/team' },
  /** The publisher's or reader's last error: the owner's to act on. */
  team_error: { least: 'owner', route: 'GET /api/team' },
};

/** Every snapshot field says who receives it: a new field without an entry does not compile. */
export const STAFF_SNAPSHOT_AUDIENCE: { readonly [F in keyof StaffSnapshot]: StaffAudience<keyof StaffSnapshot> } = {
  /** The stream's own bookkeeping, and the role the token carries (GET /api/me: viewer). */
  epoch: { least: 'viewer', route: 'GET /api/me' },
  seq: { least: 'viewer', route: 'GET /api/me' },
  role: { least: 'viewer', route: 'GET /api/me' },
  // Each field as the change type that keeps it current (see STAFF_CHANGE_AUDIENCE).
  campaign: { least: 'viewer', route: 'GET /api/campaign' },
  totals: { least: 'viewer', route: 'GET /api/totals' },
  minutes: { least: 'viewer', route: 'GET /api/charts' },
  sources: { least: 'moderator', route: 'GET /api/sources' },
  donations: { least: 'moderator', route: 'GET /api/donations' },
  public_donations: { viewerFormOf: 'donations', route: null },
  health: { least: 'moderator', route: 'GET /api/health' },
  public_health: { viewerFormOf: 'health', route: 'GET /api/health' },
  targets: { least: 'moderator', route: 'GET /api/targets' },
  public_targets: { viewerFormOf: 'targets', route: 'GET /api/targets' },
  screening: { least: 'moderator', route: 'GET /api/screening' },
  checklist: { least: 'owner', route: 'GET /api/checklist' },
  /** Winners' donations and names as given (anonymous ones too): what moderators see of donations. */
  prizes: { least: 'moderator', route: 'GET /api/prizes' },
  /** publicPrize in main/prizes/prizes.ts: the overlay's form, also GET /api/prizes for viewers. */
  public_prizes: { viewerFormOf: 'prizes', route: 'GET /api/prizes' },
  incentives: { least: 'moderator', route: 'GET /api/incentives' },
  public_incentives: { viewerFormOf: 'incentives', route: 'GET /api/incentives' },
  schedule: { least: 'viewer', route: 'GET /api/schedule' },
};

/** Whether a role receives a part of the staff socket with this audience. */
export function audienceIncludes(audience: StaffAudience<string>, role: Role): boolean {
  return 'least' in audience ? roleAllows(role, audience.least) : role === 'viewer';
}

export const STAFF_ROLES: readonly Role[] = ['owner', 'moderator', 'viewer'];

/** The staff namespace's room of one role: each gets only the changes its role receives. */
export const staffRoom = (role: Role): string => `role:${role}`;

export interface OverlayCampaign {
  title: string;
  currency: string;
  goal: CampaignView['goal'];
  milestones: CampaignView['milestones'];
  stretch_goals: CampaignView['stretch_goals'];
  starts_at: string;
  ends_at: string;
  /** The language of the words on stream and of how numbers and money are written. */
  locale: CampaignView['locale'];
}

export interface OverlayTotals {
  raised: TotalsView['raised'];
  donations: number;
  /**
   * The id of the newest donation stored (screened or not; an id, nothing of its content): a
   * milestone these totals cross waits until that donation's alert came, or it was denied.
   */
  last_donation_id: number | null;
}

/**
 * One place on the donors leaderboard: a donor's total in campaign currency, refunds taken off.
 * `name` is null for the anonymous donors and donations without a name, summed together: the
 * overlay shows them as "Anonymous". A name is here only once a donation under it was approved.
 */
export interface OverlayLeader {
  rank: number;
  name: string | null;
  total: Amount;
  donations: number;
}

export type OverlayChange =
  | { type: 'campaign'; campaign: OverlayCampaign | null }
  /** The leaderboard changed (money, or a name screened): the whole list, at most once a second. */
  | { type: 'leaders'; leaders: OverlayLeader[] }
  /** The team event's total, desks and board moved (at most once a second); null: no team. */
  | { type: 'team'; team: OverlayTeam | null }
  | { type: 'totals'; totals: OverlayTotals }
  /** A donation became visible (approved): ticker and alerts. */
  | { type: 'donation'; donation: OverlayDonationView }
  /**
   * A donation shown before was denied or flagged afterwards: take it off the screen. Also sent
   * (its id only) when a donation never shown is denied: no alert will come for it.
   */
  | { type: 'donation_hidden'; id: number }
  /** A target's public state changed (a confirmed response, its name, callers); archived: removed. */
  | { type: 'target'; target: OverlayTargetView }
  | { type: 'target_removed'; id: string }
  /** A Twitch moment for the alerts: new, or its message just screened (approved: with it; denied: without). */
  | { type: 'twitch_moment'; moment: OverlayMomentView }
  /**
   * A donation still waiting for screening, when the owner allows early alerts: its alert only
   * (not the ticker), with the name (null when anonymous) and amount, and never its message.
   */
  | { type: 'donation_early'; donation: OverlayDonationView & { message: null } }
  /** The owner changed the alert tiers. */
  | { type: 'alert_settings'; alerts: AlertSettings }
  /** The owner pressed "Send a test alert": a fake alert in that tier, nothing counted. */
  | { type: 'test_alert'; tier: number }
  /** The prizes changed (created, edited, drawn, a winner screened, entries counted): the whole list. */
  | { type: 'prizes'; prizes: PublicPrizeView[] }
  /** Incentives and bid wars as viewers may see them (approved options only): the whole list. */
  | { type: 'incentives'; incentives: PublicIncentiveView[] }
  | { type: 'schedule'; schedule: ScheduleView }
  /** An incentive met its goal, or a bid war closed with its winner(s): an alert. */
  | { type: 'incentive_alert'; alert: IncentiveAlert };

export interface OverlaySnapshot {
  epoch: string;
  seq: number;
  campaign: OverlayCampaign | null;
  totals: OverlayTotals;
  donations: OverlayDonationView[];
  targets: OverlayTargetView[];
  /** The latest Twitch moments the alerts may show, newest first: a resync announces the ones it missed. */
  moments: OverlayMomentView[];
  /** The owner's alert tiers. */
  alerts: AlertSettings;
  leaders: OverlayLeader[];
  /** Prizes not archived, in their public form (publicPrize). */
  prizes: PublicPrizeView[];
  incentives: PublicIncentiveView[];
  schedule: ScheduleView;
  /** The team event this desk is in (issue 16), or null. */
  team: OverlayTeam | null;
}

/** The snapshot could not be built (the client keeps what it shows and asks again later). */
export interface SnapshotProblem {
  code: string;
  message: string;
}

export interface HubServerEvents<Snapshot, Change> {
  snapshot: (snapshot: Snapshot) => void;
  changes: (batch: SequencedBatch<Change>) => void;
  /**
   * The server could not build the snapshot (reported on its health banner). Sent to that one
   * client only, with no data of any audience: every role may receive it.
   */
  snapshot_failed: (problem: SnapshotProblem) => void;
}

export interface HubClientEvents {
  resync: () => void;
}

export type StaffServerEvents = HubServerEvents<StaffSnapshot, StaffChange>;
export type OverlayServerEvents = HubServerEvents<OverlaySnapshot, OverlayChange>;

/** Handshake `auth` payloads. */
export interface StaffAuth {
  token: string;
}
export interface OverlayAuth {
  key: string;
}
