import { z } from 'zod';

/** Where the YouTube Data API v3 lives; a source's base_url (a local fake in tests) replaces it. */
export const YOUTUBE_API = 'https://www.googleapis.com/youtube/v3';
const TIMEOUT_MS = 15_000;

/** Google's error envelope; only `reason` is matched (messages and domains vary). */
const errorBody = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});

/** YouTube answered with an error: its HTTP status and Google's `reason`. */
export class YouTubeRefused extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) {
    super(message);
    this.name = 'YouTubeRefused';
  }
}

/** YouTube could not be reached, or answered with something that is not its API. */
export class YouTubeUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YouTubeUnreachable';
  }
}

const liveDetails = z.object({
  activeLiveChatId: z.string().max(500).optional(),
  actualStartTime: z.string().optional(),
  actualEndTime: z.string().optional(),
  scheduledStartTime: z.string().optional(),
  concurrentViewers: z.string().optional(),
});
const videoList = z.object({
  items: z.array(z.object({ id: z.string().max(64), liveStreamingDetails: liveDetails.optional() })).default([]),
});
const channelList = z.object({
  items: z
    .array(z.object({ id: z.string(), contentDetails: z.object({ relatedPlaylists: z.object({ uploads: z.string().max(100).optional() }) }).optional() }))
    .default([]),
});
const playlistItems = z.object({
  items: z.array(z.object({ contentDetails: z.object({ videoId: z.string().max(64) }).optional() })).default([]),
});
/** Items are read one by one (payload.ts): a malformed one is refused, never the whole page. */
const messageList = z.object({
  nextPageToken: z.string().max(2_000).optional(),
  pollingIntervalMillis: z.number().int().nonnegative().optional(),
  offlineAt: z.string().optional(),
  items: z.array(z.unknown()).default([]),
});

export type LiveStreamingDetails = z.infer<typeof liveDetails>;
export type VideoItem = z.infer<typeof videoList>['items'][number];
export type ChatMessagePage = z.infer<typeof messageList>;

/**
 * The few YouTube Data API v3 calls live chat needs, with an API key. The key goes in the query
 * string as Google asks; no URL is ever logged or put in an error message.
 */
export class YouTubeApi {
  constructor(private readonly baseUrl: string, private readonly apiKey: string) {}

  /** videos.list?part=liveStreamingDetails (1 unit). */
  async videos(ids: string[]): Promise<VideoItem[]> {
    return (await this.get('videos', { part: 'liveStreamingDetails', id: ids.join(',') }, videoList)).items;
  }

  /** channels.list?forHandle= (1 unit): the channel's uploads playlist, where its broadcasts are listed. */
  async uploadsPlaylist(handle: string): Promise<string | null> {
    const list = await this.get('channels', { part: 'contentDetails', forHandle: handle }, channelList);
    return list.items[0]?.contentDetails?.relatedPlaylists.uploads ?? null;
  }

  /** playlistItems.list (1 unit): the newest videos of a playlist. */
  async latestVideos(playlistId: string, max = 10): Promise<string[]> {
    const list = await this.get('playlistItems', { part: 'contentDetails', playlistId, maxResults: String(max) }, playlistItems);
    return list.items.flatMap((item) => (item.contentDetails ? [item.contentDetails.videoId] : []));
  }

  /** liveChatMessages.list (5 units): one page of chat after `pageToken`. */
  async chatMessages(liveChatId: string, pageToken: string | null): Promise<ChatMessagePage> {
    return this.get(
      'liveChat/messages',
      { liveChatId, part: 'snippet,authorDetails', maxResults: '2000', ...(pageToken ? { pageToken } : {}) },
      messageList,
    );
  }

  private async get<T extends z.ZodType>(path: string, query: Record<string, string>, schema: T): Promise<z.infer<T>> {
    const url = new URL(`${this.baseUrl}/${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    url.searchParams.set('key', this.apiKey);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
    } catch (error) {
      const why = error instanceof Error && error.name === 'TimeoutError' ? 'no answer in 15 s' : 'the connection failed';
      throw new YouTubeUnreachable(`YouTube could not be reached (${why})`);
    }
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: a proxy's or captive portal's page, said below.
    }
    if (!response.ok) {
      const parsed = errorBody.safeParse(body);
      if (!parsed.success) throw new YouTubeUnreachable(`YouTube answered ${response.status} without its usual error`);
      const first = parsed.data.error.errors?.[0];
      const message = stripTags(first?.message ?? parsed.data.error.message ?? `HTTP ${response.status}`);
      throw new YouTubeRefused(response.status, (first?.reason ?? 'unknown').slice(0, 60), message.slice(0, 300));
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new YouTubeUnreachable(`YouTube's answer to ${path} was not in the documented shape`);
    return parsed.data;
  }
}

/** Google's quota message carries a link in HTML; the dashboard shows text only. */
const stripTags = (text: string): string => text.replace(/<[^>]*>/g, '');
