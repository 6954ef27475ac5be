/**
 * The one contract between the core and its clients: every HTTP route and socket event, with
 * its request and response types. Both ends use these keys; no path or event name is written
 * twice.
 */
import type {
  AuditEntry,
  ClaimView,
  CampaignView,
  ChatPage,
  ChatStatsView,
  CsvImportPreview,
  DonationExport,
  DonationView,
  HealthView,
  IngestAnswer,
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
  OverlayInfo,
  OverlayTargetView,
  RateView,
  Role,
  ScreeningItem,
  ScreeningView,
  SourceCreated,
  SourceView,
  TotalsView,
} from './views.js';

import type { ChartsView, PaceView } from './charts.js';
import type { SchemaBodyInput, SchemaQueryInput } from './schemas.js';

/** What each route answers; its body and query come from its schemas (shared/schemas.ts). */
interface RouteResponses {
  'GET /api/campaign': { campaign: CampaignView | null };
  'PUT /api/campaign': { campaign: CampaignView };
  'GET /api/sources': { sources: SourceView[] };
  'POST /api/sources': SourceCreated;
  'POST /api/donations': IngestAnswer;
  'GET /api/donations': { donations: DonationView[] };
  'GET /api/totals': TotalsView;
  'GET /api/chat/stats': ChatStatsView;
  /**
   * Charts from the rollups over a named window (15m, 1h, 6h, 24h, marathon; default marathon)
   * or from/to, at most ~1,000 points per series; source: one source, absent: all together.
   */
  'GET /api/charts': ChartsView;
  /** Pace over recent windows, the projection for the end, the next milestone and top donors. */
  'GET /api/charts/pace': PaceView;
  /** The latest chat moderators have not removed (CLEARCHAT / CLEARMSG), newest first. */
  'GET /api/chat/messages': ChatPage;
  'GET /api/rates': { currency: string; rates: RateView[] };
  'PUT /api/rates': { currency: string; rates: RateView[]; converted: number };
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
  'GET /api/health': HealthView;
  'GET /api/targets': { targets: TargetView[] };
  'POST /api/targets': { target: TargetView };
  /** Fields left out keep their value; other hashtags or handles recount the past chat. */
  'PUT /api/targets/:id': { target: TargetView };
  'POST /api/targets/:id/archive': { target: TargetView };
  'GET /api/targets/:id/minutes': { minutes: TargetMinuteView[] };
  'POST /api/targets/:id/moments': { target: TargetView };
  'GET /api/targets/:id/responses': { responses: ResponseView[] };
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
  // Screening (the moderators' room)
  'GET /api/screening': ScreeningView;
  'PUT /api/screening/settings': ScreeningView;
  /** The queue for one stage, oldest first: pending (first pass), first_pass (two_pass's second), flagged, approved (for the reader). */
  'GET /api/screening/queue': { items: ScreeningItem[] };
  /** Claims the oldest item of a stage nobody else has open; null when there is none. */
  'POST /api/screening/next': { item: ScreeningItem | null; claim: ClaimView | null };
  /** Opens an item: 409 while another moderator has it open. */
  'POST /api/donations/:id/claim': { item: ScreeningItem; claim: ClaimView };
  'POST /api/donations/:id/release': { released: boolean };
  'POST /api/donations/:id/screen': { item: ScreeningItem };
  /** Network access: who besides this computer can reach the app. */
  'GET /api/network': NetworkView;
  'PUT /api/network': NetworkView;
  /** Every moderation action, newest first. */
  'GET /api/audit': { entries: AuditEntry[] };
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

export interface HubServerEvents<Snapshot, Change> {
  snapshot: (snapshot: Snapshot) => void;
  change: (change: Sequenced<Change>) => void;
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
