import type { YouTubeSourceState } from '../../../shared/views.js';
import { HiddenChat } from '../../chat/hidden.js';
import { HttpError } from '../../server/http.js';
import type { Services } from '../../services.js';
import { PollLoop } from '../poll-loop.js';
import type { SourceRecord } from '../sources.js';
import { type VideoItem, type YouTubeApi, YouTubeRefused, YouTubeUnreachable } from './api.js';
import { readYouTubeMessage } from './payload.js';
import { COST, DEFAULT_DAILY_QUOTA, QuotaLedger, nextPacificMidnight, planPoll } from './quota.js';
import { type ReadingState, ReadingStore } from './state.js';

/** How long the reader waits in each situation; tests shorten them. */
export interface ReaderTimings {
  /** A scheduled stream that has not started: look again (1 unit each). */
  waitingMs: number;
  /** A channel with no live broadcast, or a video that is not (yet) visible: look again (3 or 1 units). */
  notFoundMs: number;
  /** YouTube unreachable: first retry, doubling up to `unreachableMaxMs`. */
  unreachableMs: number;
  unreachableMaxMs: number;
  /** The key refused, or an error we do not know: try again this much later. */
  refusedMs: number;
  /** YouTube said "too soon" (rateLimitExceeded): at least this, doubling. */
  tooSoonMs: number;
  /** When YouTube names no interval. */
  defaultPollMs: number;
}

export const READER_TIMINGS: ReaderTimings = {
  waitingMs: 120_000,
  notFoundMs: 300_000,
  unreachableMs: 5_000,
  unreachableMaxMs: 60_000,
  refusedMs: 600_000,
  tooSoonMs: 10_000,
  defaultPollMs: 5_000,
};

export interface ReaderConfig {
  videoId: string | null;
  handle: string | null;
  dailyQuota: number;
}

const KEY_REASONS = new Set(['keyInvalid', 'keyExpired', 'forbidden', 'accessNotConfigured', 'ipRefererBlocked', 'API_KEY_INVALID', 'badRequest']);
const seconds = (ms: number) => (ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`);

/**
 * Reads one YouTube live chat: finds the broadcast's chat (videos.list, or a channel's newest
 * uploads), then pages through liveChatMessages.list from the stored page token, never sooner
 * than YouTube asks and spread so the day's quota lasts until it resets. The page token moves
 * only after every message of its page is stored, so a restart resumes without losing or
 * doubling anything. Each situation (not started, ended, quota, refused key) is said on the source.
 */
export class YouTubeChatReader {
  private readonly loop = new PollLoop(() => this.step().catch((error: unknown) => this.trouble(error)));
  /** The chat of a video link ended: nothing more to read. */
  private finished = false;
  private readonly store: ReadingStore;
  private readonly hidden: HiddenChat;
  private state: ReadingState;
  private live: YouTubeSourceState['live'] = 'finding';
  private serverPollMs: number | null = null;
  private pollMs: number;
  private slowed = false;
  private lastsUntil: number | null = null;
  private unreachableMs: number;
  private tooSoonMs: number;
  private uploads: string | null = null;
  /** Messages refused once are not refused again when a page is read twice. */
  private readonly refused = new Set<string>();

  constructor(
    private readonly source: SourceRecord,
    private readonly api: YouTubeApi,
    private readonly services: Services,
    private readonly config: ReaderConfig,
    private readonly timings: ReaderTimings = READER_TIMINGS,
    private readonly now: () => number = Date.now,
    private readonly ledger: QuotaLedger = new QuotaLedger(),
  ) {
    this.store = new ReadingStore(services.db, source.id);
    this.hidden = new HiddenChat(services.db);
    this.state = this.store.load(now());
    if (config.videoId && this.state.videoId !== config.videoId && !config.handle) this.state = { ...this.state, videoId: config.videoId, liveChatId: null, pageToken: null };
    this.pollMs = timings.defaultPollMs;
    this.unreachableMs = timings.unreachableMs;
    this.tooSoonMs = timings.tooSoonMs;
  }

  private leave: (() => void) | null = null;

  start(): void {
    this.leave = this.ledger.join({ spentToday: () => this.state.quotaSpent, reading: () => this.state.liveChatId !== null && !this.finished });
    this.services.sources.setLiveStatus(this.source.id, 'connecting');
    this.report();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.leave?.();
  }

  /** One step: find the chat, or read one page; returns the wait before the next (null: done). */
  private async step(): Promise<number | null> {
    this.rollDay();
    const wait = this.state.liveChatId ? await this.readPage(this.state.liveChatId) : await this.find();
    return this.finished ? null : wait;
  }

  private rollDay(): void {
    const fresh = this.store.load(this.now());
    if (fresh.quotaDay !== this.state.quotaDay) this.state = { ...this.state, quotaDay: fresh.quotaDay, quotaSpent: 0 };
  }

  private spend(units: number): void {
    this.state = { ...this.state, quotaSpent: this.state.quotaSpent + units };
    this.store.save(this.state, this.now());
  }

  private async find(): Promise<number> {
    const sources = this.services.sources;
    let candidates: VideoItem[];
    if (this.config.handle) {
      if (!this.uploads) {
        this.spend(COST.channels);
        this.uploads = await this.api.uploadsPlaylist(this.config.handle);
        if (!this.uploads) return this.waitFor('finding', `YouTube knows no channel ${this.config.handle}: check the handle on the channel's page.`, this.timings.refusedMs, 'failing');
      }
      this.spend(COST.playlistItems);
      const ids = await this.api.latestVideos(this.uploads);
      if (ids.length === 0) return this.waitFor('waiting', `${this.config.handle} has no video yet.`, this.timings.notFoundMs);
      this.spend(COST.videos);
      candidates = await this.api.videos(ids);
    } else {
      const videoId = this.config.videoId ?? '';
      this.spend(COST.videos);
      candidates = await this.api.videos([videoId]);
      if (candidates.length === 0) {
        return this.waitFor('finding', `YouTube shows no video ${videoId} to this API key (private, removed, or a typo in the link). Looking again every ${seconds(this.timings.notFoundMs)}.`, this.timings.notFoundMs, 'failing');
      }
      if (!candidates[0]?.liveStreamingDetails) {
        return this.waitFor('ended', `Video ${videoId} is not a live stream: add the link of the live broadcast instead.`, this.timings.refusedMs, 'failing');
      }
    }
    const live = candidates.find((v) => v.liveStreamingDetails?.activeLiveChatId && !v.liveStreamingDetails.actualEndTime);
    if (live?.liveStreamingDetails?.activeLiveChatId) {
      this.state = { ...this.state, videoId: live.id, liveChatId: live.liveStreamingDetails.activeLiveChatId, pageToken: null };
      this.store.save(this.state, this.now());
      this.live = 'live';
      sources.setWarning(this.source.id, null);
      return 0;
    }
    const upcoming = candidates.find((v) => v.liveStreamingDetails && !v.liveStreamingDetails.actualEndTime && !v.liveStreamingDetails.actualStartTime);
    if (upcoming) {
      const at = upcoming.liveStreamingDetails?.scheduledStartTime;
      const when = at && Number.isFinite(Date.parse(at)) ? ` (scheduled for ${new Date(at).toISOString().replace('T', ' ').slice(0, 16)} UTC)` : '';
      return this.waitFor('waiting', `The live stream has not started yet${when}. Its chat is read as soon as it goes live; checking every ${seconds(this.timings.waitingMs)}.`, this.timings.waitingMs);
    }
    const chatless = candidates.find((v) => v.liveStreamingDetails?.actualStartTime && !v.liveStreamingDetails.actualEndTime);
    if (chatless) {
      return this.waitFor('waiting', `The stream ${chatless.id} is live but has no live chat (turned off in YouTube Studio?). Checking again every ${seconds(this.timings.waitingMs)}.`, this.timings.waitingMs);
    }
    if (this.config.handle) {
      return this.waitFor('waiting', `${this.config.handle} is not live right now. Its next broadcast is picked up by itself; checking every ${seconds(this.timings.notFoundMs)}.`, this.timings.notFoundMs);
    }
    return this.ended();
  }

  private async readPage(liveChatId: string): Promise<number> {
    const sources = this.services.sources;
    const id = this.source.id;
    this.spend(COST.chatMessages);
    let page;
    try {
      page = await this.api.chatMessages(liveChatId, this.state.pageToken);
    } catch (error) {
      if (error instanceof YouTubeRefused) return this.chatRefused(error);
      throw error;
    }
    let ended = false;
    let failedDonation = false;
    for (const raw of page.items) {
      const item = readYouTubeMessage(raw, id, this.now());
      if (item.type === 'chat') this.services.ingest.chat(item.event);
      else if (item.type === 'donation') {
        try {
          await this.services.acceptDonation(item.event);
        } catch (error) {
          if (error instanceof HttpError && error.status < 500) this.refuseOnce(item.event.externalId, `Super Chat not counted: ${error.message}`);
          else failedDonation = true; // storage: shown by acceptDonation; the token stays, the page is read again
        }
      } else if (item.type === 'clear') {
        this.hidden.hide(id, item.clear, this.now());
        this.services.hub.chatHidden(id);
      } else if (item.type === 'refused') this.refuseOnce(item.id, item.reason);
      else if (item.type === 'ended') ended = true;
    }
    // Chat is committed before the token moves: a crash here reads the page again (ingest de-duplicates).
    this.services.ingest.flushChat();
    if (failedDonation) return this.unreachableBackoff('A Super Chat could not be stored yet; the page is read again');
    if (page.nextPageToken) this.state = { ...this.state, pageToken: page.nextPageToken };
    this.store.save(this.state, this.now());
    if (ended || page.offlineAt) return this.ended();
    this.live = 'live';
    this.unreachableMs = this.timings.unreachableMs;
    this.tooSoonMs = this.timings.tooSoonMs;
    this.serverPollMs = page.pollingIntervalMillis ?? this.timings.defaultPollMs;
    const plan = planPoll({ now: this.now(), serverMs: this.serverPollMs, spent: this.ledger.spent(), limit: this.config.dailyQuota, readers: this.ledger.readers() });
    this.pollMs = plan.waitMs;
    this.slowed = plan.slowed;
    this.lastsUntil = plan.lastsUntil;
    sources.setLiveStatus(id, 'connected');
    sources.setWarning(
      id,
      plan.slowed
        ? `Reading every ${seconds(plan.waitMs)} instead of the ${seconds(this.serverPollMs)} YouTube asks, so the day's ${this.config.dailyQuota.toLocaleString('en')} quota units last until they reset at midnight Pacific time. Chat is not lost: each read fetches everything since the last.`
        : null,
    );
    this.report();
    return plan.waitMs;
  }

  private chatRefused(error: YouTubeRefused): number {
    const sources = this.services.sources;
    const id = this.source.id;
    switch (error.reason) {
      case 'liveChatEnded':
        return this.ended();
      case 'liveChatNotFound':
      case 'liveChatDisabled':
        this.state = { ...this.state, liveChatId: null, pageToken: null };
        this.store.save(this.state, this.now());
        return this.waitFor(
          'finding',
          `YouTube cannot find this live chat (${error.reason}): the stream may not have started, or its chat was turned off. Looking for the broadcast again in ${seconds(this.timings.waitingMs)}.`,
          this.timings.waitingMs,
        );
      case 'quotaExceeded':
      case 'dailyLimitExceeded': {
        this.state = { ...this.state, quotaSpent: Math.max(this.state.quotaSpent, this.config.dailyQuota) };
        this.store.save(this.state, this.now());
        const reset = nextPacificMidnight(this.now());
        this.pollMs = reset - this.now() + 60_000;
        this.lastsUntil = this.now();
        this.slowed = true;
        sources.setLiveStatus(id, 'failing');
        sources.recordFailure(
          id,
          `YouTube's daily quota for this API key is used up (quotaExceeded; other apps using the same key spend it too). ` +
            `Reading resumes by itself when it resets at midnight Pacific time (${new Date(reset).toISOString().slice(11, 16)} UTC); ` +
            `to go on sooner, ask Google for more quota or paste another project's key with Replace credentials on this source.`,
        );
        this.report();
        return this.pollMs;
      }
      case 'rateLimitExceeded':
      case 'userRateLimitExceeded': {
        const wait = Math.max(this.tooSoonMs, (this.serverPollMs ?? this.timings.defaultPollMs) * 2);
        this.tooSoonMs = Math.min(wait * 2, this.timings.unreachableMaxMs * 5);
        this.pollMs = wait;
        sources.setLiveStatus(id, 'reconnecting');
        sources.setWarning(id, `YouTube asked to slow down (${error.reason}): reading again in ${seconds(wait)}, slower each time it asks.`);
        this.report();
        return wait;
      }
      default:
        return this.refusedKey(error);
    }
  }

  private refusedKey(error: YouTubeRefused): number {
    const what = KEY_REASONS.has(error.reason) || error.status === 400 || error.status === 401 || error.status === 403
      ? `YouTube refused the API key (${error.reason}: ${error.message}). Check the key in Google Cloud console → APIs & Services → Credentials, and that "YouTube Data API v3" is enabled for its project; then paste the key (a new one if it was the key) with Replace credentials on this source to read again.`
      : `YouTube answered ${error.status} (${error.reason}: ${error.message}).`;
    this.services.sources.setLiveStatus(this.source.id, 'failing');
    this.services.sources.recordFailure(this.source.id, `${what} Trying again in ${seconds(this.timings.refusedMs)}.`);
    this.report();
    return this.timings.refusedMs;
  }

  /** The chat is over: a channel looks for its next broadcast; a video link has nothing more to read. */
  private ended(): number {
    this.state = { ...this.state, liveChatId: null, pageToken: null };
    this.store.save(this.state, this.now());
    if (this.config.handle) {
      return this.waitFor('ended', `The live stream has ended. ${this.config.handle}'s next broadcast is picked up by itself; checking every ${seconds(this.timings.notFoundMs)}.`, this.timings.notFoundMs);
    }
    this.live = 'ended';
    this.services.sources.setLiveStatus(this.source.id, 'idle');
    this.services.sources.setWarning(
      this.source.id,
      'The live stream has ended and its chat is closed (liveChatEnded); what it said is kept. For the next stream, add its link, or add the channel by its @handle so each broadcast is found by itself.',
    );
    this.report();
    this.finished = true;
    return 0;
  }

  private waitFor(live: YouTubeSourceState['live'], words: string, waitMs: number, status: 'idle' | 'failing' = 'idle'): number {
    this.live = live;
    this.pollMs = waitMs;
    const sources = this.services.sources;
    if (status === 'failing') {
      sources.setLiveStatus(this.source.id, 'failing');
      sources.recordFailure(this.source.id, words);
    } else {
      sources.setLiveStatus(this.source.id, 'idle');
      sources.setWarning(this.source.id, words);
    }
    this.report();
    return waitMs;
  }

  private unreachableBackoff(words: string): number {
    const wait = this.unreachableMs;
    this.unreachableMs = Math.min(this.unreachableMs * 2, this.timings.unreachableMaxMs);
    this.services.sources.setLiveStatus(this.source.id, 'reconnecting');
    this.services.sources.recordFailure(this.source.id, `${words}; trying again in ${seconds(wait)}. Nothing is lost: reading resumes where it stopped.`);
    this.report();
    return wait;
  }

  private trouble(error: unknown): number {
    if (error instanceof YouTubeRefused) return error.reason === 'quotaExceeded' || error.reason === 'rateLimitExceeded' ? this.chatRefused(error) : this.refusedKey(error);
    if (error instanceof YouTubeUnreachable) return this.unreachableBackoff(error.message);
    return this.unreachableBackoff(`Reading YouTube chat failed (${error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200)})`);
  }

  private refuseOnce(key: string, reason: string): void {
    if (this.refused.has(key)) return;
    this.refused.add(key);
    this.services.sources.recordRejection(this.source.id, reason);
  }

  /** The broadcast state and the day's quota, on the source line. */
  private report(): void {
    const limit = this.config.dailyQuota;
    const spent = Math.min(this.ledger.spent() || this.state.quotaSpent, limit);
    this.services.sources.setYouTubeState(this.source.id, {
      live: this.live,
      video_id: this.state.videoId,
      quota: {
        day: this.state.quotaDay,
        spent,
        left: limit - spent,
        limit,
        poll_ms: this.pollMs,
        server_poll_ms: this.serverPollMs,
        lasts_until: this.lastsUntil === null ? null : new Date(this.lastsUntil).toISOString(),
        slowed: this.slowed,
        shared_by: Math.max(1, this.ledger.size),
      },
    });
  }
}

export { DEFAULT_DAILY_QUOTA };
