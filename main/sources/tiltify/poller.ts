import { HttpError } from '../../server/http.js';
import type { Services } from '../../services.js';
import { PollLoop } from '../poll-loop.js';
import type { SourceRecord } from '../sources.js';
import { type TiltifyApi, TiltifyUnreachable } from './api.js';
import { type TiltifyItem, parseTiltifyDonation, parseTiltifyItems, parseTiltifyMoney } from './payload.js';
import { PlatformSync } from './sync.js';

export interface PollerOptions {
  intervalMs: number;
  /** Webhooks seen before and silent this long, while polling finds new donations: warn. */
  webhookSilenceMs: number;
  now?: () => number;
}

/** Pages per poll: 100 donations each, far beyond a marathon's busiest hour; a bound, not a limit. */
const MAX_PAGES = 1_000;
/** Pages of polls, of targets and of rewards per poll (100 each). */
const MAX_ITEM_PAGES = 10;
/**
 * Each poll asks again for donations completed up to this long before the newest one seen:
 * a donation can appear in the list a little after its completed_at. Seen ones cost nothing
 * (the same content is a duplicate, nothing is stored).
 */
const OVERLAP_MS = 5 * 60_000;

/**
 * Polls the campaign's donations from where the last complete poll ended. The resume point is
 * stored (platform_sync), so a restart or an outage of any length is caught up on the next
 * poll that reaches Tiltify. It is moved only after every page was stored.
 */
export class TiltifyPoller {
  private readonly loop = new PollLoop(() => this.pollOnce().then(() => this.options.intervalMs, () => this.options.intervalMs));
  private stopped = false;
  private readonly sync: PlatformSync;
  private readonly now: () => number;
  /** Donations refused once are not counted as refused again at every poll. */
  private readonly refused = new Set<string>();

  constructor(
    private readonly source: SourceRecord,
    private readonly api: TiltifyApi,
    private readonly services: Services,
    private readonly options: PollerOptions,
  ) {
    this.sync = new PlatformSync(services.db);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.services.sources.setLiveStatus(this.source.id, 'connecting');
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
  }

  /** One poll: the platform's total, then every donation since the resume point. */
  async pollOnce(): Promise<void> {
    const id = this.source.id;
    const campaignId = String(this.source.config.campaign_id);
    const sources = this.services.sources;
    try {
      const campaign = await this.api.campaign(campaignId);
      const total = parseTiltifyMoney(campaign.amount_raised, 'amount_raised');
      if (total.ok) this.sync.platformTotal(id, total.value, this.now());
      const from = this.sync.get(id)?.pollFrom ?? null;
      let newest = from === null ? 0 : Date.parse(from);
      let cursor: string | null = null;
      let found = 0;
      let complete = false;
      for (let page = 0; page < MAX_PAGES && !this.stopped; page += 1) {
        const result = await this.api.donations(campaignId, from, cursor);
        for (const item of result.donations) {
          const event = parseTiltifyDonation(item, id, campaignId, null);
          if (!event.ok) {
            this.refuseOnce(String((item as { id?: unknown } | null)?.id ?? '?'), event.error);
            continue;
          }
          newest = Math.max(newest, event.value.occurredAt);
          try {
            if ((await this.services.acceptDonation(event.value)).effect === 'donation') found += 1;
          } catch (error) {
            if (error instanceof HttpError && error.status < 500) this.refuseOnce(event.value.externalId, error.message);
            else throw error;
          }
        }
        cursor = result.after;
        if (cursor === null || result.donations.length === 0) {
          complete = true;
          break;
        }
      }
      if (this.stopped && !complete) return;
      const resumeFrom = complete && newest > 0 ? new Date(Math.max(0, newest - OVERLAP_MS)).toISOString() : null;
      this.sync.polled(id, resumeFrom, this.now());
      await this.pollItems(campaignId);
      sources.setLiveStatus(id, 'connected');
      this.warnIfWebhooksStopped(found);
      sources.announce(id);
    } catch (error) {
      if (error instanceof TiltifyUnreachable) {
        sources.setLiveStatus(id, error.authorization ? 'failing' : 'reconnecting');
        sources.recordFailure(id, `${error.message}. Polling retries every ${Math.round(this.options.intervalMs / 1000)} s and catches up on everything.`);
        return;
      }
      // Storage failures were shown by acceptDonation; the resume point did not move.
      if (error instanceof HttpError) return;
      sources.recordFailure(id, `Polling Tiltify failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The campaign's polls (with options), targets and rewards, every page, kept with the owner's
   * links. An item Tiltify answers without an id or a name is left out and said once.
   */
  private async pollItems(campaignId: string): Promise<void> {
    const items: TiltifyItem[] = [];
    for (const kind of ['polls', 'targets', 'rewards'] as const) {
      let cursor: string | null = null;
      for (let page = 0; page < MAX_ITEM_PAGES && !this.stopped; page += 1) {
        const result = await this.api.items(campaignId, kind, cursor);
        for (const raw of result.donations) {
          const parsed = parseTiltifyItems(kind, raw);
          if (parsed.ok) items.push(...parsed.value);
          else this.refuseOnce(`${kind}:${String((raw as { id?: unknown } | null)?.id ?? '?')}`, parsed.error, 'a poll, target or reward');
        }
        cursor = result.after;
        if (cursor === null || result.donations.length === 0) break;
      }
    }
    if (this.stopped) return;
    this.services.incentives.tiltify.store(this.source.id, items);
    this.services.incentives.tiltifyLinked();
  }

  private warnIfWebhooksStopped(foundByPolling: number): void {
    const webhookAt = this.sync.get(this.source.id)?.webhookAt ?? null;
    if (webhookAt === null || foundByPolling === 0) return;
    const silentMs = this.now() - webhookAt;
    if (silentMs < this.options.webhookSilenceMs) return;
    this.services.sources.setWarning(
      this.source.id,
      `No webhook from Tiltify for ${Math.round(silentMs / 60_000)} minutes while polling found ${foundByPolling} new ` +
        `donation${foundByPolling === 1 ? '' : 's'}: check the tunnel and the webhook in Tiltify. Polling keeps up.`,
    );
  }

  private refuseOnce(key: string, reason: string, what = 'a donation'): void {
    if (this.refused.has(key)) return;
    this.refused.add(key);
    this.services.sources.recordRejection(this.source.id, `refused ${what} from Tiltify: ${reason}`);
  }
}
