import type { CampaignView } from '../shared/views.js';
import type { MinuteQueries } from './chat/stats.js';
import type { DonationQueries } from './donations/queries.js';
import type { Health } from './health.js';
import type { Hub } from './hub/hub.js';
import type { DonationEvent, Ingest, IngestOutcome } from './ingest/ingest.js';
import type { Auth } from './server/auth.js';
import type { NetworkAccess } from './server/network.js';
import type { LiveSources } from './sources/connectors.js';
import type { CredentialStore } from './sources/credentials.js';
import type { Sources } from './sources/sources.js';
import type { Db } from './store/database.js';
import type { AuditLog } from './screening/audit.js';
import type { ArchiveResult } from './archive/archive.js';
import type { AlertSettingsStore } from './overlay/alert-settings.js';
import type { SoundFiles } from './overlay/sound-files.js';
import type { Checklist } from './checklist/checklist.js';
import type { Screening } from './screening/screening.js';
import type { TwitchMoments } from './moments/moments.js';
import type { Responses } from './targets/responses.js';
import type { Targets } from './targets/targets.js';
import type { Prizes } from './prizes/prizes.js';
import type { IncentiveDesk } from './incentives/desk.js';
import type { Team } from './team/team.js';
import type { ReportDesk } from './report/routes.js';

/** What route handlers and sources may use: the core's parts, wired once in core.ts. */
export interface Services {
  db: Db;
  ingest: Ingest;
  sources: Sources;
  /** Platform credentials per source (0600 file, encrypted by the desktop app). */
  credentials: CredentialStore;
  /** This desk's team event on NATS JetStream, when it is in one. */
  team: Team;
  /** The sources with a live connection or poller. */
  liveSources: LiveSources;
  auth: Auth;
  hub: Hub;
  health: Health;
  donations: DonationQueries;
  minutes: MinuteQueries;
  /** Who the campaign calls on, counted at ingest; and the responses' flag → confirm workflow. */
  targets: Targets;
  responses: Responses;
  /** Donation messages before they reach the overlay: modes, rules, claims, decisions. */
  screening: Screening;
  /** Every moderation action (screening, invites, settings, responses). */
  audit: AuditLog;
  /** The Twitch events feed: subs, gifts, cheers, raids, paid messages, and their messages' screening. */
  moments: TwitchMoments;
  /** The owner's alert tiers by size, sent to the overlays. */
  alerts: AlertSettingsStore;
  /** The owner's uploaded alert sounds. */
  sounds: SoundFiles;
  /** The owner's first steps, ticked from the database; `changed()` after anything that may tick one. */
  checklist: Checklist;
  /** Prizes drawn among donors: set-up, eligibility, the seeded draw, redraws, the winners' export. */
  prizes: Prizes;
  /** The run schedule, incentives and bid wars, and where each donation's money goes among them. */
  incentives: IncentiveDesk;
  /** Whether the LAN can reach the app; switching rebinds the server. */
  network: NetworkAccess;
  campaign(): CampaignView | null;
  /**
   * Ingests a donation (committed with the others that arrive in the same turn, see
   * Ingest.commitDonation) and turns storage failures into a visible problem and a 503.
   * Resolves once the donation is on disk.
   */
  acceptDonation(event: DonationEvent): Promise<IngestOutcome>;
  /** The marathon report: made on demand, kept in the data folder (main/report). */
  report: ReportDesk;
  /** Writes the closed marathon's archive in the data folder (main/archive/archive.ts). */
  writeArchive(): Promise<ArchiveResult>;
  /** The base URL clients use (http://127.0.0.1:PORT). */
  baseUrl(): string;
  /** Starts (or finds) the demo marathon and gives its dashboard URL. */
  openDemo(): Promise<string>;
}
