/**
 * The one contract between the core and its clients: every HTTP route and socket event, with
 * its request and response types. Both ends use these keys; no path or event name is written
 * twice.
 */
import type {
  AuditEntry,
  CampaignInput,
  ClaimView,
  CampaignView,
  ChatPage,
  ChatStatsView,
  CsvImportInput,
  CsvImportPreview,
  DonationExport,
  DonationView,
  HealthView,
  IngestAnswer,
  InviteCreated,
  InviteView,
  ManualPledgeInput,
  MeView,
  NetworkView,
  ResponseView,
  ResponsesExport,
  TargetInput,
  TargetMinuteView,
  TargetView,
  MinutePoint,
  OverlayDonationView,
  OverlayInfo,
  OverlayTargetView,
  RateImportInput,
  RateView,
  Role,
  ScreenDecision,
  ScreeningItem,
  ScreeningSettings,
  ScreeningState,
  ScreeningView,
  SourceCreated,
  SourceInput,
  SourceView,
  TotalsView,
} from './views.js';

import type { ChartsView, PaceView } from './charts.js';

type NoBody = undefined;

export interface ApiRoutes {
  'GET /api/campaign': { body: NoBody; query: NoBody; response: { campaign: CampaignView | null } };
  'PUT /api/campaign': { body: CampaignInput; query: NoBody; response: { campaign: CampaignView } };
  'GET /api/sources': { body: NoBody; query: NoBody; response: { sources: SourceView[] } };
  'POST /api/sources': { body: SourceInput; query: NoBody; response: SourceCreated };
  'POST /api/donations': { body: ManualPledgeInput; query: NoBody; response: IngestAnswer };
  'GET /api/donations': {
    body: NoBody;
    query: { state?: ScreeningState; limit?: string; before?: string };
    response: { donations: DonationView[] };
  };
  'GET /api/totals': { body: NoBody; query: NoBody; response: TotalsView };
  'GET /api/chat/stats': {
    body: NoBody;
    /** source: one source's id; absent: every source together. */
    query: { from?: string; to?: string; source?: string };
    response: ChatStatsView;
  };
  /**
   * Charts from the rollups over a named window (15m, 1h, 6h, 24h, marathon; default marathon)
   * or from/to, at most ~1,000 points per series; source: one source, absent: all together.
   */
  'GET /api/charts': {
    body: NoBody;
    query: { window?: string; from?: string; to?: string; source?: string };
    response: ChartsView;
  };
  /** Pace over recent windows, the projection for the end, the next milestone and top donors. */
  'GET /api/charts/pace': { body: NoBody; query: NoBody; response: PaceView };
  /** The latest chat moderators have not removed (CLEARCHAT / CLEARMSG), newest first. */
  'GET /api/chat/messages': {
    body: NoBody;
    query: { source?: string; before?: string; limit?: string };
    response: ChatPage;
  };
  'GET /api/rates': { body: NoBody; query: NoBody; response: { currency: string; rates: RateView[] } };
  'PUT /api/rates': {
    body: { rates: { currency: string; rate: string }[] };
    query: NoBody;
    response: { currency: string; rates: RateView[]; converted: number };
  };
  /** The same rates from CSV or JSON text; applied like PUT. */
  'POST /api/rates/import': {
    body: RateImportInput;
    query: NoBody;
    response: { currency: string; rates: RateView[]; converted: number };
  };
  /** Offline money from a CSV file: what would be added, row by row; nothing is stored. */
  'POST /api/import/donations/preview': { body: CsvImportInput; query: NoBody; response: CsvImportPreview };
  /** Adds the good rows; rows already imported (same file again) add nothing. */
  'POST /api/import/donations': { body: CsvImportInput; query: NoBody; response: CsvImportPreview };
  /** Every donation, refund and correction, for the charity's accountant (RFC 4180 CSV). */
  'GET /api/export/donations.csv': { body: NoBody; query: NoBody; response: string };
  'GET /api/export/donations.json': { body: NoBody; query: NoBody; response: DonationExport };
  /** Every response with its state and audit trail, for the record (RFC 4180 CSV: one line per audit step). */
  'GET /api/export/responses.csv': { body: NoBody; query: NoBody; response: string };
  'GET /api/export/responses.json': { body: NoBody; query: NoBody; response: ResponsesExport };
  'GET /api/overlay': { body: NoBody; query: NoBody; response: OverlayInfo };
  'POST /api/overlay/rotate-key': { body: NoBody; query: NoBody; response: OverlayInfo };
  'GET /api/health': { body: NoBody; query: NoBody; response: HealthView };
  'GET /api/targets': { body: NoBody; query: { archived?: '1' }; response: { targets: TargetView[] } };
  'POST /api/targets': { body: TargetInput; query: NoBody; response: { target: TargetView } };
  /** Fields left out keep their value; other hashtags or handles recount the past chat. */
  'PUT /api/targets/:id': { body: Partial<TargetInput>; query: NoBody; response: { target: TargetView } };
  'POST /api/targets/:id/archive': { body: NoBody; query: NoBody; response: { target: TargetView } };
  'GET /api/targets/:id/minutes': { body: NoBody; query: { from?: string; to?: string }; response: { minutes: TargetMinuteView[] } };
  'POST /api/targets/:id/moments': { body: { at: string }; query: NoBody; response: { target: TargetView } };
  'GET /api/targets/:id/responses': { body: NoBody; query: NoBody; response: { responses: ResponseView[] } };
  'POST /api/targets/:id/responses': {
    body: { kind: string; quote?: string; url?: string; chat_message_id?: number; responded_at?: string };
    query: NoBody;
    response: { response: ResponseView };
  };
  /** Someone other than the one who flagged it. */
  'POST /api/responses/:id/confirm': { body: NoBody; query: NoBody; response: { response: ResponseView } };
  'POST /api/responses/:id/reject': { body: { reason?: string }; query: NoBody; response: { response: ResponseView } };
  /** Takes a confirmation or rejection back (reason required): flagged again. */
  'POST /api/responses/:id/undo': { body: { reason: string }; query: NoBody; response: { response: ResponseView } };
  /** Who this token is. */
  'GET /api/me': { body: NoBody; query: NoBody; response: MeView };
  'GET /api/invites': { body: NoBody; query: NoBody; response: { invites: InviteView[] } };
  'POST /api/invites': { body: { role: 'moderator' | 'viewer'; name: string }; query: NoBody; response: InviteCreated };
  /** Revokes the link and ends that person's sessions at once. */
  'DELETE /api/invites/:id': { body: NoBody; query: NoBody; response: { invite: InviteView } };
  'POST /api/demo': { body: NoBody; query: NoBody; response: { url: string } };
  // Screening (the moderators' room)
  'GET /api/screening': { body: NoBody; query: NoBody; response: ScreeningView };
  'PUT /api/screening/settings': { body: ScreeningSettings; query: NoBody; response: ScreeningView };
  /** The queue for one stage, oldest first: pending (first pass), first_pass (two_pass's second), flagged, approved (for the reader). */
  'GET /api/screening/queue': {
    body: NoBody;
    query: { stage?: 'pending' | 'first_pass' | 'flagged' | 'approved' | 'denied'; limit?: string };
    response: { items: ScreeningItem[] };
  };
  /** Claims the oldest item of a stage nobody else has open; null when there is none. */
  'POST /api/screening/next': {
    body: { stage?: 'pending' | 'first_pass' | 'flagged' | 'approved' };
    query: NoBody;
    response: { item: ScreeningItem | null; claim: ClaimView | null };
  };
  /** Opens an item: 409 while another moderator has it open. */
  'POST /api/donations/:id/claim': { body: NoBody; query: NoBody; response: { item: ScreeningItem; claim: ClaimView } };
  'POST /api/donations/:id/release': { body: NoBody; query: NoBody; response: { released: boolean } };
  'POST /api/donations/:id/screen': {
    body: { decision: ScreenDecision; reason?: string };
    query: NoBody;
    response: { item: ScreeningItem };
  };
  /** Network access: who besides this computer can reach the app. */
  'GET /api/network': { body: NoBody; query: NoBody; response: NetworkView };
  'PUT /api/network': { body: { enabled: boolean }; query: NoBody; response: NetworkView };
  /** Every moderation action, newest first. */
  'GET /api/audit': { body: NoBody; query: { before?: string; limit?: string }; response: { entries: AuditEntry[] } };
}

export type RouteKey = keyof ApiRoutes;
export type RouteBody<K extends RouteKey> = ApiRoutes[K]['body'];
export type RouteQuery<K extends RouteKey> = ApiRoutes[K]['query'];
export type RouteResponse<K extends RouteKey> = ApiRoutes[K]['response'];

/** The least role each route needs; the server enforces it, the dashboard only mirrors it. */
export const ROUTE_ROLES: { readonly [K in RouteKey]: Role } = {
  'GET /api/campaign': 'viewer',
  'PUT /api/campaign': 'owner',
  'GET /api/sources': 'moderator',
  'POST /api/sources': 'owner',
  'POST /api/donations': 'moderator',
  'GET /api/donations': 'moderator',
  'GET /api/totals': 'viewer',
  'GET /api/chat/stats': 'viewer',
  'GET /api/chat/messages': 'viewer',
  'GET /api/charts': 'viewer',
  'GET /api/charts/pace': 'viewer',
  'GET /api/rates': 'viewer',
  'PUT /api/rates': 'owner',
  'POST /api/rates/import': 'owner',
  'POST /api/import/donations/preview': 'owner',
  'POST /api/import/donations': 'owner',
  'GET /api/export/donations.csv': 'moderator',
  'GET /api/export/donations.json': 'moderator',
  'GET /api/export/responses.csv': 'moderator',
  'GET /api/export/responses.json': 'moderator',
  'GET /api/overlay': 'owner',
  'POST /api/overlay/rotate-key': 'owner',
  'GET /api/health': 'viewer',
  'GET /api/me': 'viewer',
  'GET /api/targets': 'viewer',
  'POST /api/targets': 'moderator',
  'PUT /api/targets/:id': 'moderator',
  'POST /api/targets/:id/archive': 'owner',
  'GET /api/targets/:id/minutes': 'viewer',
  'POST /api/targets/:id/moments': 'owner',
  'GET /api/targets/:id/responses': 'moderator',
  'POST /api/targets/:id/responses': 'moderator',
  'POST /api/responses/:id/confirm': 'moderator',
  'POST /api/responses/:id/reject': 'moderator',
  'POST /api/responses/:id/undo': 'moderator',
  'GET /api/invites': 'owner',
  'POST /api/invites': 'owner',
  'DELETE /api/invites/:id': 'owner',
  'POST /api/demo': 'owner',
  'GET /api/screening': 'moderator',
  'PUT /api/screening/settings': 'owner',
  'GET /api/screening/queue': 'moderator',
  'POST /api/screening/next': 'moderator',
  'POST /api/donations/:id/claim': 'moderator',
  'POST /api/donations/:id/release': 'moderator',
  'POST /api/donations/:id/screen': 'moderator',
  'GET /api/audit': 'moderator',
  'GET /api/network': 'owner',
  'PUT /api/network': 'owner',
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
/** Each widget is its own page, /overlay/<name>?key=...; `combined` lays them out at 1920×1080. */
export const OVERLAY_WIDGETS = ['total', 'goal', 'ticker', 'alerts', 'targets', 'clock', 'moment', 'combined'] as const;
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

export type StaffChange =
  | { type: 'campaign'; campaign: CampaignView | null }
  | { type: 'totals'; totals: TotalsView }
  | { type: 'donation'; donation: DonationView }
  | { type: 'source'; source: SourceView }
  | { type: 'minutes'; points: MinutePoint[] }
  /** Moderators removed chat on a platform: lists of recent chat should be read again. */
  | { type: 'chat_hidden'; source_id: string }
  | { type: 'health'; health: HealthView }
  /** A target's counts, state or responses changed (at most once a second per target). */
  | { type: 'target'; target: TargetView }
  /** Screening counts, settings or who has which item open changed. */
  | { type: 'screening'; screening: ScreeningView };

export interface StaffSnapshot {
  epoch: string;
  seq: number;
  role: Role;
  campaign: CampaignView | null;
  totals: TotalsView;
  sources: SourceView[];
  donations: DonationView[];
  /** Per-minute points for the last hours, oldest first. */
  minutes: MinutePoint[];
  health: HealthView;
  targets: TargetView[];
  /** null for viewers: they do not see the moderators' room. */
  screening: ScreeningView | null;
}

export interface OverlayCampaign {
  title: string;
  currency: string;
  goal: CampaignView['goal'];
  milestones: CampaignView['milestones'];
  starts_at: string;
  ends_at: string;
}

export interface OverlayTotals {
  raised: TotalsView['raised'];
  donations: number;
}

export type OverlayChange =
  | { type: 'campaign'; campaign: OverlayCampaign | null }
  | { type: 'totals'; totals: OverlayTotals }
  /** A donation became visible (approved): ticker and alerts. */
  | { type: 'donation'; donation: OverlayDonationView }
  /** A donation shown before was denied or flagged afterwards: take it off the screen. */
  | { type: 'donation_hidden'; id: number }
  /** A target's public state changed (a confirmed response, its name, callers); archived: removed. */
  | { type: 'target'; target: OverlayTargetView }
  | { type: 'target_removed'; id: string };

export interface OverlaySnapshot {
  epoch: string;
  seq: number;
  campaign: OverlayCampaign | null;
  totals: OverlayTotals;
  donations: OverlayDonationView[];
  targets: OverlayTargetView[];
}

/** The snapshot could not be built (the client keeps what it shows and asks again later). */
export interface SnapshotProblem {
  code: string;
  message: string;
}

export interface HubServerEvents<Snapshot, Change> {
  snapshot: (snapshot: Snapshot) => void;
  change: (change: Sequenced<Change>) => void;
  /** Sent to that one client only, with no data of any audience: every role may receive it. */
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
