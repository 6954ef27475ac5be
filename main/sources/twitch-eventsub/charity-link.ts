import { z } from 'zod';
import type { SourceStatus } from '../../../shared/views.js';
import { guarded } from '../../safety/guard.js';
import type { Services } from '../../services.js';
import type { SourceRecord } from '../sources.js';
import { PlatformSync } from '../tiltify/sync.js';
import { CHARITY_TYPES, type CharityType, type HelixFailure, type TokenOwner, subscribe, validateToken } from './helix.js';
import { readCharityDonation, readCharityProgress, twitchTime } from './payload.js';
import { type EventSubMessage, EventSubSession } from './session.js';

export interface CharityLinkOptions {
  source: SourceRecord;
  services: Services;
  token: string;
  channel: string;
  server: string;
  apiUrl: string;
  authUrl: string;
  log(line: string): void;
  backoffMs?: number;
  keepaliveSlackMs?: number;
  /** How often the token is checked again while connected (Twitch asks apps to, hourly). */
  revalidateMs?: number;
}

const revokedSubscription = z.object({ subscription: z.object({ type: z.string().max(100), status: z.string().max(60) }) });

const REVOKED_WORDS: Record<string, string> = {
  authorization_revoked: 'the token was revoked or lost its channel:read:charity scope',
  user_removed: 'the channel no longer exists or was suspended',
  version_removed: 'Twitch retired this version of the event',
};

const WHAT: Record<CharityType, string> = {
  'channel.charity_campaign.donate': 'charity donations',
  'channel.charity_campaign.progress': "the campaign's running total",
};

/**
 * A channel's Twitch Charity campaign over EventSub: checks the token, keeps a WebSocket
 * session, creates the donate and progress subscriptions on each new session, and turns their
 * notifications into donations (once each, by Twitch's donation id) and the platform's total
 * (platform_sync, shown beside ours). A revoked subscription is shown and never made again by
 * this link: making it again would be refused, or revoked again, in a loop.
 */
export class CharityLink {
  private session: EventSubSession | null = null;
  private owner: TokenOwner | null = null;
  private readonly revoked = new Map<CharityType, string>();
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private revalidateTimer: NodeJS.Timeout | null = null;
  private everConnected = false;
  private readonly sync: PlatformSync;

  constructor(private readonly options: CharityLinkOptions) {
    this.sync = new PlatformSync(options.services.db);
  }

  start(): void {
    this.status('connecting', null);
    void this.checkToken();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.revalidateTimer) clearInterval(this.revalidateTimer);
    this.session?.stop();
    this.session = null;
  }

  private async checkToken(): Promise<void> {
    const checked = await validateToken(this.options.authUrl, this.options.token, this.options.channel);
    if (this.stopped) return;
    if (!checked.ok) return this.failed(checked.error);
    this.owner = checked.value;
    this.openSession();
    // A token revoked or expired while the session runs would otherwise go unnoticed until the
    // next reconnect; Twitch asks apps to check their tokens every hour.
    this.revalidateTimer ??= setInterval(() => void this.recheckToken(), this.options.revalidateMs ?? 3_600_000);
  }

  private async recheckToken(): Promise<void> {
    if (this.stopped || !this.session) return;
    const checked = await validateToken(this.options.authUrl, this.options.token, this.options.channel);
    // Only a refusal matters here: a network blip is not a reason to drop a working session.
    if (!this.stopped && !checked.ok && checked.error.final) this.failed(checked.error);
  }

  private openSession(): void {
    this.session = new EventSubSession({
      url: this.options.server,
      log: (line) => this.options.log(line),
      ...(this.options.backoffMs ? { backoffMs: this.options.backoffMs } : {}),
      ...(this.options.keepaliveSlackMs ? { keepaliveSlackMs: this.options.keepaliveSlackMs } : {}),
      onWelcome: (sessionId) => void this.subscribeAll(sessionId),
      // Runs inside the socket's message handler: an unexpected throw is reported with this
      // source's name instead of reaching the process's last resort.
      onNotification: guarded(
        (context, error) => this.options.services.health.internalError(context, error),
        `reading a Twitch Charity event (${this.options.source.name})`,
        (message: EventSubMessage) => this.notified(message),
      ),
      onRevocation: (message) => this.revokedBy(message),
      onDown: (problem) => this.status(this.everConnected ? 'reconnecting' : 'connecting', `Twitch EventSub: ${problem}; reconnecting.`),
    });
    this.session.start();
  }

  /** On a new session only: a session_reconnect hand-over keeps its subscriptions. */
  private async subscribeAll(sessionId: string): Promise<void> {
    const owner = this.owner;
    if (!owner) return;
    for (const type of CHARITY_TYPES) {
      if (this.revoked.has(type)) continue;
      const made = await subscribe(this.options.apiUrl, this.options.token, owner, type, sessionId);
      if (this.stopped || this.session?.sessionId !== sessionId) return;
      if (!made.ok) return this.failed(made.error);
    }
    this.attempt = 0;
    this.everConnected = true;
    this.status('connected', null);
  }

  private notified(message: EventSubMessage): void {
    const { source, services } = this.options;
    const type = message.metadata.subscription_type;
    const at = twitchTime(message.metadata.message_timestamp, Date.now());
    if (type === 'channel.charity_campaign.donate') {
      const donation = readCharityDonation(message.payload.event, source.id, at);
      if (!donation.ok) return this.refused(donation.error);
      services.acceptDonation(donation.value).catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error);
        this.options.log(`a Twitch Charity donation could not be counted: ${why}`);
        services.sources.recordFailure(source.id, `A Twitch Charity donation could not be counted: ${why}`);
      });
    } else if (type === 'channel.charity_campaign.progress') {
      const progress = readCharityProgress(message.payload.event);
      if (!progress.ok) return this.refused(progress.error);
      this.sync.platformTotal(source.id, progress.value.current, at);
      services.sources.announce(source.id);
    }
  }

  private revokedBy(message: EventSubMessage): void {
    const read = revokedSubscription.safeParse(message.payload);
    if (!read.success) return;
    const type = CHARITY_TYPES.find((t) => t === read.data.subscription.type);
    if (!type) return;
    const status = read.data.subscription.status;
    this.revoked.set(type, status);
    const why = REVOKED_WORDS[status] ?? status;
    const problem = `Twitch stopped sending ${WHAT[type]} (${status}: ${why}). Make a new token with the channel:read:charity scope, and paste it with Replace credentials on this source.`;
    this.options.log(`Twitch revoked ${type}: ${status}`);
    if (type === 'channel.charity_campaign.donate' || this.revoked.size === CHARITY_TYPES.length) {
      // Without donations nothing here is worth a connection.
      this.session?.stop();
      this.session = null;
      this.status('failing', problem);
    } else {
      this.options.services.sources.setWarning(this.options.source.id, problem);
    }
  }

  private failed(failure: HelixFailure): void {
    if (failure.final) {
      this.session?.stop();
      this.session = null;
      this.status('failing', failure.reason);
      return;
    }
    // Twitch or the network failed us: start again (a new session, new subscriptions) later.
    this.session?.stop();
    this.session = null;
    this.status(this.everConnected ? 'reconnecting' : 'connecting', failure.reason);
    const backoff = this.options.backoffMs ?? 1_000;
    const delay = Math.min(30_000, backoff * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      if (this.owner) this.openSession();
      else void this.checkToken();
    }, delay);
  }

  private refused(reason: string): void {
    this.options.log(`a Twitch Charity event was refused: ${reason}`);
    this.options.services.sources.recordRejection(this.options.source.id, `A Twitch Charity event was refused: ${reason}`);
  }

  private status(status: SourceStatus, problem: string | null): void {
    if (this.stopped) return;
    const { services, source } = this.options;
    if (problem) services.sources.recordFailure(source.id, problem);
    services.sources.setLiveStatus(source.id, status);
  }
}
