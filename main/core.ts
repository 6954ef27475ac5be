import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backups } from './backup/backup.js';
import { databaseCopies, scrubSecretsFromCopies } from './backup/scrub.js';
import { DEMO_RETURN_PARAM } from '../shared/demo.js';
import { campaignView, hasCountedMoney, readCampaign } from './campaign/campaign.js';
import { Checklist } from './checklist/checklist.js';
import { MinuteQueries } from './chat/stats.js';
import { DonationQueries } from './donations/queries.js';
import { Health } from './health.js';
import { Hub } from './hub/hub.js';
import { Ingest, IngestRefused } from './ingest/ingest.js';
import { createApp } from './server/app.js';
import { Auth, OWNER_TOKEN_FILE, loadOwnerToken } from './server/auth.js';
import { OWNER_CALLER } from './people/invites.js';
import { Responses } from './targets/responses.js';
import { TWITCH_AUTH } from './sources/twitch-eventsub/helix.js';
import { AuditLog } from './screening/audit.js';
import { writeArchive } from './archive/archive.js';
import { REPORT_HTML, REPORT_PDF, lastReport, makeReport, reportFile } from './report/report.js';
import type { PrintPdf } from './report/pdf.js';
import { AlertSettingsStore } from './overlay/alert-settings.js';
import { SoundFiles } from './overlay/sound-files.js';
import { Screening } from './screening/screening.js';
import { TwitchMoments } from './moments/moments.js';
import { Prizes } from './prizes/prizes.js';
import { CallBot, TWITCH_AUTH_ENV, callBotAccount } from './targets/call-bot.js';
import { Targets } from './targets/targets.js';
import { IncentiveDesk } from './incentives/desk.js';
import { Team } from './team/team.js';
import { HttpError } from './server/http.js';
import { createSockets, serveHub } from './server/sockets.js';
import { LOOPBACK, NetworkAccess, lanAddresses } from './server/network.js';
import type { Services } from './services.js';
import { LiveSources, type SourceConnector, connectorRegistry } from './sources/connectors.js';
import { CREDENTIALS_FILE, type CredentialCipher, CredentialStore } from './sources/credentials.js';
import { PLATFORM_CONNECTORS } from './sources/platforms.js';
import { Sources } from './sources/sources.js';
import { moveWebhookSecretsToStore } from './sources/webhook/secrets.js';
import { type Db, describeStorageFailure, forgetSecrets, isStorageFailure, openDatabase } from './store/database.js';
import { prepareDataFolder } from './store/data-folder.js';
import { SECURITY_JOURNAL_FILE, SecurityJournal } from './store/security-journal.js';
import { OVERLAY_KEY_FILE } from './server/overlay-key.js';
import { Leaderboard, overlayLeaders } from './overlay/leaderboard.js';
import { LOCK_FILE, acquireLock } from './store/lock.js';
import { DatabaseMaintenance } from './store/maintenance.js';
import { tightenDataFolder, withPrivateUmask } from './store/private-files.js';

export { DATABASE_FILE } from './store/files.js';
import { BACKUP_FOLDER, DATABASE_FILE } from './store/files.js';
export const DEFAULT_PORT = 4848;

export interface CoreOptions {
  dataDir: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** 127.0.0.1 unless the owner opts in to network access. */
  host?: string;
  ownerToken?: string;
  demo?: boolean;
  backupIntervalMs?: number;
  backupKeep?: number;
  /** The most all backups may take together (default: four copies of the database, at least 2 GB, at most a quarter of the disk). */
  backupBudgetBytes?: number;
  /** A backup is skipped when it would leave less than this free on the disk (default 1 GiB). */
  backupMinFreeBytes?: number;
  rendererDir?: string;
  nativeBinding?: string;
  /** Platform connectors (defaults to PLATFORM_CONNECTORS); tests pass their own. */
  connectors?: SourceConnector[];
  /** Encrypts stored platform credentials (Electron's safeStorage in the desktop app). */
  credentialCipher?: CredentialCipher;
  /** Prints the report to PDF: the desktop window's printToPDF; absent: Chromium if it is there. */
  printPdf?: PrintPdf | null;
  /** Starts the demo marathon in another data folder; given by the entry point. */
  startDemo?: () => Promise<string>;
  log?: (line: string) => void;
}

export interface Core {
  url: string;
  dashboardUrl: string;
  ownerToken: string;
  ownerTokenCreated: boolean;
  dataDir: string;
  databaseFile: string;
  db: Db;
  services: Services;
  backups: Backups;
  /** The worker thread that checkpoints the database and copies the backups. */
  maintenance: DatabaseMaintenance;
  close(): Promise<void>;
}

/** The project root: the nearest folder above this module with our package.json. */
export function projectRoot(): string {
  let dir = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'electron-builder.yml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function defaultRendererDir(): string {
  return join(projectRoot(), 'dist', 'renderer');
}

function loopbackHosts(port: number, bindHost: string): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (bindHost !== '127.0.0.1' && bindHost !== 'localhost') {
    // Network access (opt-in): the machine's own addresses are its names on the LAN.
    for (const list of Object.values(networkInterfaces())) {
      for (const address of list ?? []) {
        hosts.add(address.family === 'IPv6' ? `[${address.address}]:${port}` : `${address.address}:${port}`);
      }
    }
    if (bindHost !== '0.0.0.0' && bindHost !== '::') hosts.add(`${bindHost}:${port}`);
  }
  return hosts;
}

function describeBinding(host: string, port: number): string {
  if (host === LOOPBACK || host === 'localhost') return `Network access is off: only this computer can reach port ${port}.`;
  const urls = host === '0.0.0.0' || host === '::' ? lanAddresses().map((a) => `http://${a}:${port}`) : [`http://${host}:${port}`];
  return `Network access is on: anyone on this network can reach ${urls.join(', ') || `${host}:${port}`} (tokens are still required).`;
}

/** Webhook secrets an older version kept in the database go to the credential store (store first). */
function moveSecretsOutOfDatabase(db: Db, credentials: CredentialStore): string[] {
  try {
    return moveWebhookSecretsToStore(db, credentials);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Could not move the webhook secrets out of the database into ${CREDENTIALS_FILE} (${reason}). Nothing was lost: ` +
        'the database still holds them. Free some disk space or fix the folder, then start again.',
    );
  }
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Everything the app writes in the data folder is private (0600 files, 0700 folders) from the
  // first byte; a folder that cannot be written ends the start with one sentence saying so.
  const releaseLock = withPrivateUmask(() => {
    prepareDataFolder(options.dataDir);
    return acquireLock(options.dataDir, log);
  });
  const databaseFile = join(options.dataDir, DATABASE_FILE);
  let db: Db;
  try {
    tightenDataFolder(options.dataDir, {
      filePrefixes: [DATABASE_FILE, OWNER_TOKEN_FILE, OVERLAY_KEY_FILE, CREDENTIALS_FILE, SECURITY_JOURNAL_FILE, LOCK_FILE],
      folders: [BACKUP_FOLDER],
    });
    db = withPrivateUmask(() => openDatabase(databaseFile, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}));
  } catch (error) {
    releaseLock();
    if (isStorageFailure(error)) {
      throw new Error(
        `Telethon Desk cannot open its database ${databaseFile}: ${describeStorageFailure(error)} ` +
          `(${error.code}: ${error.message}). Check that it is a file this user can read and write, or restore a backup (npm run restore).`,
      );
    }
    throw error;
  }
  const owner = withPrivateUmask(() => loadOwnerToken(options.dataDir, options.ownerToken ?? process.env.TELETHON_OWNER_TOKEN));
  const credentials = new CredentialStore(options.dataDir, options.credentialCipher ?? null);
  const journal = new SecurityJournal(options.dataDir);
  let auth: Auth;
  let revokedAgain: { id: string; name: string; role: string }[] = [];
  try {
    // Secrets leave the database (migration 10), revocations made after a restored backup are
    // applied again, and the overlay key's hash follows the overlay-key file.
    const moved = moveSecretsOutOfDatabase(db, credentials);
    revokedAgain = journal.reapply(db);
    auth = new Auth(db, owner.token, { dataDir: options.dataDir, journal });
    const movedKey = auth.overlayKeyMovedFromDatabase;
    const secretsMoved = movedKey === null ? moved : [...moved, movedKey];
    if (secretsMoved.length > 0) {
      log('Erasing the old copies of the webhook secrets and the overlay key from the database (once, after an update)...');
      try {
        forgetSecrets(db, secretsMoved);
      } catch (error) {
        // They are out of every row already; only stale copies in free space could remain.
        log(
          `Could not rebuild the database to erase old copies of the secrets (${error instanceof Error ? error.message : String(error)}): ` +
            'rotate the overlay key, and add the webhook sources again, before sharing the database.',
        );
      }
    }
  } catch (error) {
    db.close();
    releaseLock();
    throw error;
  }
  try {
    const copies = databaseCopies(options.dataDir, DATABASE_FILE, join(options.dataDir, BACKUP_FOLDER));
    const scrubbed = scrubSecretsFromCopies(copies, credentials, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    if (scrubbed.length > 0) log(`Removed webhook secrets and the overlay key from ${scrubbed.length} older backup(s); they are kept in ${CREDENTIALS_FILE} and ${OVERLAY_KEY_FILE}.`);
  } catch (error) {
    // The live database is clean; an older backup that cannot be cleaned is said, not fatal.
    log(`Could not remove the secrets from an older backup: ${error instanceof Error ? error.message : String(error)}`);
  }

  // The hub needs the sockets, which need the HTTP server, which needs the services: the
  // late-bound `hubRef` lets the parts be made in that order and still talk to each other.
  let hubRef: Hub | null = null;
  const health = new Health(databaseFile, () => hubRef?.healthChanged());
  const reportInternal = (context: string, error: unknown) => health.internalError(context, error);
  const connectors = connectorRegistry(options.connectors ?? PLATFORM_CONNECTORS);
  const checklist = new Checklist(db, (view) => hubRef?.checklistChanged(view));
  const sources = new Sources(db, (view) => {
    hubRef?.sourceChanged(view);
    checklist.changed();
  }, connectors, credentials, reportInternal);
  const ingest = new Ingest(db, {
    onError: (error) => {
      if (isStorageFailure(error)) health.report('storage', describeStorageFailure(error));
      else reportInternal('saving a batch of chat messages', error);
    },
    onChatDropped: (total) =>
      health.report('chat_dropped', `${total} chat messages could not be kept: the database has refused writes for several minutes.`),
  });
  const donations = new DonationQueries(db);
  const minutes = new MinuteQueries(db, ingest.chatters);
  let teamRef: Team | null = null;
  let callBotRef: CallBot | null = null;
  const targets = new Targets(db, ingest.chatters, {
    onChanged: (ids) => {
      hubRef?.targetsChanged(ids);
      teamRef?.targetsChanged(ids, (id) => targets.get(id));
    },
    onSignedUp: (people) => callBotRef?.signedUp(people),
    callBot: () => callBotRef?.view() ?? { state: 'none', words: '' },
  });
  const callBot = new CallBot({
    account: () => callBotAccount(sources, credentials),
    moments: () => targets.botMoments(),
    authUrl: process.env[TWITCH_AUTH_ENV] ?? TWITCH_AUTH,
    onAccount: (login) => targets.signups.addBot(login),
    onStatus: () => hubRef?.targetsChanged(targets.list().map((t) => t.id)),
    log,
  });
  callBotRef = callBot;
  ingest.setChatTap(targets);
  // In a team, its outbox writes in ingest's transactions; without one nothing NATS is loaded.
  const team = new Team({ db, ingest, mentionedBy: (tags) => targets.mentionedBy(tags), credentials, log, onChanged: () => hubRef?.teamChanged() });
  teamRef = team;
  const responses = new Responses(db);
  const screening = new Screening(db, donations, {
    onScreened: ({ donation, from, to }) => {
      hubRef?.screened(donation, from, to);
      prizes.donationsMoved();
    },
    onChanged: () => hubRef?.screeningChanged(),
  });
  const audit = new AuditLog(db);
  const incentives = new IncentiveDesk(db, audit, reportInternal);
  incentives.followScreening((text) => screening.momentRule(text), () => screening.settings().mode === 'none');
  ingest.setDonationTap((seq, event) => incentives.suggestAtIngest(seq, event.message, event.choice ?? null));
  const alerts = new AlertSettingsStore(db, audit, (settings) => hubRef?.alertSettingsChanged(settings));
  const sounds = new SoundFiles(db, audit, () => alerts.settings());
  const moments = new TwitchMoments(db, {
    mode: () => screening.settings().mode,
    onScreened: (change) => hubRef?.momentScreened(change),
  });
  ingest.moments.setRule((message) => screening.momentRule(message));
  screening.setMomentsWaiting(() => moments.waitingCount());
  for (const invite of revokedAgain) {
    audit.record(OWNER_CALLER, { kind: 'invite', id: invite.id, label: `${invite.name} (${invite.role})` }, 'invite_revoked', {
      from: 'active',
      to: 'revoked',
      reason: 'revoked after the restored backup was taken: applied again from the security journal',
    });
  }
  const campaign = () => {
    const stored = readCampaign(db);
    return stored ? campaignView(stored, hasCountedMoney(db)) : null;
  };
  const prizes = new Prizes(db, audit, () => readCampaign(db)?.currency ?? null, () => {
    try {
      hubRef?.prizesChanged();
    } catch (error) {
      reportInternal('sending the prizes to the dashboards and the overlay', error);
    }
  });

  let port = options.port ?? DEFAULT_PORT;
  let networkRef: NetworkAccess | null = null;
  const baseUrl = () => `http://127.0.0.1:${port}`;
  let demoUrl: Promise<string> | null = null;

  const report = {
    db,
    make: () =>
      makeReport(
        { db, chatters: ingest.chatters, donations, sources, targets, screening, incentives, prizes, campaign },
        { dataDir: options.dataDir, ...(options.printPdf !== undefined ? { printPdf: options.printPdf } : {}) },
      ),
    last: () => lastReport(options.dataDir),
    file: (name: typeof REPORT_HTML | typeof REPORT_PDF) => reportFile(options.dataDir, name),
  };

  let liveSourcesRef: LiveSources | null = null;
  const services: Services = {
    db,
    ingest,
    sources,
    credentials,
    team,
    get liveSources() {
      if (!liveSourcesRef) throw new Error('live sources used before start');
      return liveSourcesRef;
    },
    auth,
    get hub() {
      if (!hubRef) throw new Error('hub used before start');
      return hubRef;
    },
    health,
    donations,
    minutes,
    targets,
    responses,
    screening,
    audit,
    moments,
    alerts,
    sounds,
    checklist,
    prizes,
    incentives,
    get network() {
      if (!networkRef) throw new Error('network access used before start');
      return networkRef;
    },
    campaign,
    report,
    // The maintenance worker (below) copies the database from one read snapshot, as for backups.
    writeArchive: () =>
      writeArchive({
        db, dataDir: options.dataDir, copySnapshot: (file) => maintenance.copySnapshot(file), campaign, targets, responses, makeReport: report.make,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      }),
    async acceptDonation(event) {
      try {
        const outcome = await ingest.commitDonation(event);
        health.clear('storage');
        return outcome;
      } catch (error) {
        if (error instanceof IngestRefused) {
          throw new HttpError(error.code === 'no_campaign' ? 409 : 422, error.code, error.message);
        }
        if (isStorageFailure(error)) {
          const message = describeStorageFailure(error);
          health.report('storage', message);
          sources.recordFailure(event.sourceId, `${message} The sender was told to retry.`);
          throw new HttpError(503, 'storage_unavailable', `${message} Retry later.`);
        }
        throw error;
      }
    },
    baseUrl,
    openDemo() {
      if (options.demo) return Promise.resolve(`${baseUrl()}/#token=${encodeURIComponent(owner.token)}`);
      if (!options.startDemo) return Promise.reject(new HttpError(501, 'no_demo', 'this app was started without the demo'));
      // The demo's link says where the real campaign is (#back=...), for its "Back to my campaign".
      demoUrl ??= options.startDemo().then((url) => `${url}&${DEMO_RETURN_PARAM}=${encodeURIComponent(`${baseUrl()}/`)}`).catch((error: unknown) => {
        demoUrl = null;
        throw error;
      });
      return demoUrl;
    },
  };

  const server = createApp(services, {
    rendererDir: options.rendererDir ?? defaultRendererDir(),
    allowedHosts: () => allowedHosts,
    onOverlayKeyRotated: () => sockets.dropStaleOverlays(),
  });
  const network = new NetworkAccess(db, options.host ?? null, server, (host) => {
    allowedHosts = loopbackHosts(port, host);
    log(describeBinding(host, port));
  }, () => port);
  networkRef = network;
  const bindHost = network.bindHost();
  let allowedHosts = loopbackHosts(port, bindHost);
  const sockets = createSockets(server, auth, () => allowedHosts, (namespace, buffered) =>
    log(`Disconnected a ${namespace === '/overlay' ? 'overlay page' : 'dashboard'} that stopped reading (${Math.round(buffered / 1024)} KB waiting for it); it reconnects with a fresh snapshot.`));
  auth.invites.onRevoked = (actor) => {
    sockets.endSessions(actor);
    screening.releaseActor(actor);
  };
  auth.invites.connected = (actor) => sockets.connections(actor);
  const hub = new Hub(
    { campaign, sources: () => sources.list(), health: () => health.view(), donations, minutes, targets, screening, moments, alerts, checklist, leaders: overlayLeaders(campaign, new Leaderboard(db)), prizes, incentives, team: () => team.overlay(), teamView: () => team.view() },
    (role) => sockets.staffRoomOf(role),
    sockets.overlay,
    Date.now,
    reportInternal,
  );
  hubRef = hub;
  incentives.start({
    incentivesChanged: () => hub.incentivesChanged(),
    scheduleChanged: () => hub.scheduleChanged(),
    assignmentChanged: (view) => hub.assignmentChanged(view),
    alert: (alert) => hub.incentiveAlert(alert),
  });
  const toScreen: number[] = [];
  let screeningSoon: NodeJS.Immediate | null = null;
  ingest.onCommitted((change) => {
    try {
      hub.committed(change);
    } catch (error) {
      reportInternal(`telling the dashboards about a new ${change.kind === 'donation' ? 'donation' : 'chat batch'}`, error);
    }
    // The rules run just after the acknowledgement is sent, not in its way, on every donation
    // of this turn together.
    if (change.kind === 'donation') {
      toScreen.push(change.seq);
      screeningSoon ??= setImmediate(() => {
        screeningSoon = null;
        const seqs = toScreen.splice(0);
        if (closing) return; // the next start's catchUp() screens them
        try {
          screening.screenNewGroup(seqs, (error) => reportInternal('applying the screening rules to a new donation', error));
          hub.earlyAlerts(seqs);
        } catch (error) {
          // Left pending: a moderator screens them, or catchUp() at the next start.
          if (isStorageFailure(error)) health.report('storage', describeStorageFailure(error));
          else reportInternal('applying the screening rules to new donations', error);
        }
      });
    }
    if (change.kind === 'donation') prizes.donationsMoved();
    if (change.kind === 'donation') sources.eventsStored(change.sourceId);
    else for (const id of change.sourceIds) sources.eventsStored(id);
  });
  serveHub(sockets, hub, {
    // OBS (or any browser) loaded an overlay page with the key: a first step done.
    onOverlayConnected: () => checklist.overlayConnected(),
    onError: reportInternal,
    // The person's last dashboard closed: the item they had open is free for the others.
    onStaffGone: (actor) => {
      if (sockets.connections(actor) === 0) screening.releaseActor(actor);
    },
  });
  // Donations committed just before the app stopped, that the rules never saw.
  screening.catchUp();
  const liveSources = new LiveSources(connectors, { services, credentials });
  liveSourcesRef = liveSources;

  // Checkpoints run on a timer rather than inside whichever commit crosses the WAL threshold,
  // so a donation's acknowledgement does not pay for copying the WAL into the database; and on
  // the maintenance worker, with the backups, so no request waits for either.
  db.pragma('wal_autocheckpoint = 0');
  const maintenance = new DatabaseMaintenance(databaseFile, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    onStopped: (message, error) => {
      reportInternal('checkpointing and backing up the database in the background', error);
      health.report('maintenance', message);
    },
    onRunning: () => health.clear('maintenance'),
    onCheckpointFailed: (error) => {
      if (!isStorageFailure(error)) console.error('checkpoint failed:', error);
    },
  });
  const backups = new Backups(maintenance, {
    dir: join(options.dataDir, BACKUP_FOLDER),
    intervalMs: options.backupIntervalMs ?? 5 * 60_000,
    keep: options.backupKeep ?? 72,
    ...(options.backupBudgetBytes !== undefined ? { budgetBytes: options.backupBudgetBytes } : {}),
    ...(options.backupMinFreeBytes !== undefined ? { minFreeBytes: options.backupMinFreeBytes } : {}),
    onDone: (file) => health.backedUp(file),
    onFailed: (message) => health.backupFailed(message),
    onSpace: (space, warning) => {
      health.backupSpaceMeasured(space);
      if (warning) health.report('backup_space', warning);
      else health.clear('backup_space');
    },
  });
  health.backupSpaceMeasured(backups.space());

  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(port, bindHost, () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (error) {
    await maintenance.close();
    db.close();
    releaseLock();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`Port ${port} is already in use: is Telethon Desk already running? Try --port ${port + 1}.`);
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  allowedHosts = loopbackHosts(port, bindHost);
  backups.start();
  for (const source of sources.records()) liveSources.start(source);
  // The call bot starts once a Twitch source has a login and a token (checked for chat:edit).
  callBot.start();
  team.start();
  if (bindHost !== LOOPBACK && bindHost !== 'localhost') log(describeBinding(bindHost, port));

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await liveSources.stopAll();
      await team.close();
      hub.close();
      incentives.stop();
      targets.stop();
      await callBot.stop();
      screening.stop();
      prizes.stop();
      sockets.io.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await backups.stop();
      // Its connection closed first, so the TRUNCATE below is the last word on the WAL.
      await maintenance.close();
      try {
        ingest.close();
      } catch (error) {
        console.error('could not save the last chat messages:', error);
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      health.close();
      releaseLock();
    })();
    return closing;
  };

  return {
    url: baseUrl(),
    dashboardUrl: `${baseUrl()}/#token=${encodeURIComponent(owner.token)}`,
    ownerToken: owner.token,
    ownerTokenCreated: owner.created,
    dataDir: options.dataDir,
    databaseFile,
    db,
    services,
    backups,
    maintenance,
    close,
  };
}
