import type { Services } from '../../services.js';
import { PollLoop } from '../poll-loop.js';
import type { SourceRecord } from '../sources.js';
import { type XApi, XApiError, type XRateLimit } from './api.js';
import { type XCursor, XCursors } from './cursors.js';
import { parseSearchPage } from './payload.js';
import { type XSearchQuery, searchQueries } from './query.js';

export interface XPollerOptions {
  intervalMs: number;
  now?: () => number;
  /** Answers read per query in one poll; the rest of the paging is resumed at the next poll. */
  maxPagesPerQuery?: number;
}

/** After a 429 without reset headers: wait this long, doubling up to X's 15-minute window. */
const BACKOFF_FIRST_MS = 60_000;
const BACKOFF_MAX_MS = 15 * 60_000;
/** A little past the reset, so the first request does not land on the old window. */
const RESET_MARGIN_MS = 250;

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

/**
 * Polls X recent search for every active target's hashtags, @handles and own posts. Each query
 * resumes from its stored since_id (and, when a poll pages through more than one answer, from its
 * next_token), moved only after the page's posts are committed: a restart neither skips nor
 * repeats, and a post seen by two queries or two polls is stored once (source + post id).
 * Requests are spread over X's rate-limit window by its headers; with none left, or after a
 * 429, polling waits for the reset. A refused token stops polling and says what to do.
 */
export class XPoller {
  private readonly loop = new PollLoop(() => this.step());
  private stopped = false;
  /** The token was refused (401/403): asking again would only be refused again. */
  private halted = false;
  private readonly cursors: XCursors;
  private readonly now: () => number;
  private rate: XRateLimit | null = null;
  private pausedUntil = 0;
  private backoffMs = BACKOFF_FIRST_MS;
  private lastRequestAt = 0;
  private lastPollAt: number | null;
  private queries = 0;
  private wake: (() => void) | null = null;
  /** Posts refused once are not counted as refused again at every poll; queries X refused are skipped. */
  private readonly refused = new Set<string>();
  private readonly refusedQueries = new Map<string, string>();

  constructor(
    private readonly source: SourceRecord,
    private readonly api: XApi,
    private readonly services: Services,
    private readonly options: XPollerOptions,
  ) {
    this.cursors = new XCursors(services.db);
    this.now = options.now ?? Date.now;
    this.lastPollAt = this.cursors.lastPollAt(source.id);
  }

  start(): void {
    this.services.sources.setLiveStatus(this.source.id, 'connecting');
    this.publish();
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop.stop();
  }

  /** One poll, then the wait before the next: until X's reset when paused, none after a refused token. */
  private async step(): Promise<number | null> {
    await this.pollOnce();
    if (this.halted) return null;
    const untilReset = this.pausedUntil - this.now();
    return untilReset > 0 ? untilReset : this.options.intervalMs;
  }

  /** One poll: every query, each from its cursor through all its new pages. */
  async pollOnce(): Promise<void> {
    const id = this.source.id;
    const sources = this.services.sources;
    if (this.halted || this.pausedUntil > this.now()) return;
    const queries = searchQueries(this.services.targets.calls(), this.now());
    this.queries = queries.length;
    try {
      for (const query of queries) {
        if (this.stopped) return;
        if (!this.refusedQueries.has(query.text)) await this.pollQuery(query);
      }
      this.lastPollAt = this.now();
      this.backoffMs = BACKOFF_FIRST_MS;
      sources.setLiveStatus(id, 'connected');
      sources.setWarning(id, this.queryWarning() ?? (queries.length === 0 ? 'No target is being called on yet: add a target with hashtags or an X handle, and its posts are searched from its call start.' : null));
    } catch (error) {
      this.failed(error);
    } finally {
      this.publish();
    }
  }

  private async pollQuery(query: XSearchQuery): Promise<void> {
    const id = this.source.id;
    let cursor = this.cursors.get(id, query.text);
    for (let page = 0; page < (this.options.maxPagesPerQuery ?? 50); page += 1) {
      await this.pace();
      if (this.stopped) return;
      let answer;
      try {
        answer = await this.api.searchRecent({
          query: query.text,
          sinceId: cursor.sinceId,
          startTime: cursor.sinceId ? null : query.startTime,
          nextToken: cursor.nextToken,
        });
      } catch (error) {
        if (error instanceof XApiError) this.noteRate(error.rate);
        if (error instanceof XApiError && error.kind === 'bad_query') {
          this.refusedQueries.set(query.text, error.message);
          return;
        }
        throw error;
      }
      this.noteRate(answer.rate);
      const now = this.now();
      const parsed = parseSearchPage(answer.body, id, now);
      if (!parsed.ok) throw new XApiError('unreachable', parsed.error);
      for (const refused of parsed.page.refused) this.refuseOnce(refused.id, refused.reason);
      for (const post of parsed.page.posts) this.services.ingest.chat(post);
      // Committed before the cursor moves (throws when storage fails: the cursor stays).
      this.services.ingest.flushChat();
      const newest = cursor.pendingNewestId ?? parsed.page.newestId;
      const next: XCursor = parsed.page.nextToken
        ? { sinceId: cursor.sinceId, nextToken: parsed.page.nextToken, pendingNewestId: newest, polledAt: now }
        : { sinceId: newest ?? cursor.sinceId, nextToken: null, pendingNewestId: null, polledAt: now };
      this.cursors.save(id, query.text, next);
      cursor = next;
      if (!next.nextToken) return;
    }
  }

  /**
   * Waits so that the requests left in X's window last until its reset (450 in 15 minutes: one
   * every 2 s); with none left, polling pauses until the reset instead of asking for a 429.
   */
  private async pace(): Promise<void> {
    const now = this.now();
    const rate = this.rate;
    if (!rate || rate.resetAt <= now) return;
    if (rate.remaining <= 0) throw new XApiError('rate_limited', `No request is left in X's rate-limit window (${rate.limit ?? '?'} per window)`, rate);
    const wait = this.lastRequestAt + (rate.resetAt - now) / rate.remaining - now;
    if (wait > 0) await this.sleep(Math.min(wait, this.options.intervalMs));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private noteRate(rate: XRateLimit | null): void {
    this.lastRequestAt = this.now();
    if (rate) this.rate = rate;
    this.publish();
  }

  private failed(error: unknown): void {
    const id = this.source.id;
    const sources = this.services.sources;
    const every = `${Math.round(this.options.intervalMs / 1000)} s`;
    if (!(error instanceof XApiError)) {
      // Storage failures were shown by ingest; the cursors did not move, so nothing is lost.
      sources.recordFailure(id, `Polling X failed: ${error instanceof Error ? error.message : String(error)}. Polling tries again in ${every}.`);
      return;
    }
    if (error.kind === 'rate_limited') {
      const now = this.now();
      const reset = error.rate && error.rate.resetAt > now ? error.rate.resetAt : null;
      this.pausedUntil = (reset ?? now + this.backoffMs) + RESET_MARGIN_MS;
      if (!reset) this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
      sources.setWarning(
        id,
        `${error.message}: polling waits until ${clock(this.pausedUntil)}${reset ? ' (when X resets it)' : ''} and then catches up on its own, since X keeps posts for 7 days.`,
      );
      return;
    }
    if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
      this.halted = true;
      sources.setLiveStatus(id, 'failing');
      sources.recordFailure(id, `${error.message}.`);
      return;
    }
    sources.setLiveStatus(id, 'reconnecting');
    sources.recordFailure(id, `${error.message}. Polling tries again in ${every} and catches up on everything (X keeps posts for 7 days).`);
  }

  private queryWarning(): string | null {
    if (this.refusedQueries.size === 0) return null;
    const [first] = this.refusedQueries.values();
    return `${first}; ${this.refusedQueries.size === 1 ? 'that search is' : `${this.refusedQueries.size} searches are`} skipped until the target's hashtags or handles change.`;
  }

  private refuseOnce(key: string, reason: string): void {
    if (this.refused.has(key)) return;
    this.refused.add(key);
    this.services.sources.recordRejection(this.source.id, `refused a post from X: ${reason}`);
  }

  private publish(): void {
    const now = this.now();
    const rate = this.rate;
    this.services.sources.setPolling(this.source.id, {
      last_poll_at: this.lastPollAt === null ? null : new Date(this.lastPollAt).toISOString(),
      queries: this.queries,
      rate_limit: rate ? { limit: rate.limit, remaining: rate.remaining, reset_at: new Date(rate.resetAt).toISOString() } : null,
      paused_until: this.pausedUntil > now ? new Date(this.pausedUntil).toISOString() : null,
    });
  }
}
