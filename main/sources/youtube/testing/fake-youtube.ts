import type { IncomingMessage, ServerResponse } from 'node:http';
import { fixtureText } from '../../../testing/fixtures.js';
import { listenLocal } from '../../../testing/local-http.js';

export const FAKE_API_KEY = 'AIzaFakeKeyForTests0123456789abcdefghi';
export const FAKE_VIDEO_ID = 'Vd4ZtQm8LkA';
export const FAKE_CHAT_ID = 'Cg0KC1ZkNFp0UW04TGtBKicKGFVDcjNHaUV4UGxheUNoYXJpdHlTdHJlYW0SC1ZkNFp0UW04TGtB';

type Json = Record<string, any>;
/** The documented payloads (tests/fixtures/youtube, copied from the team's fixtures). */
export const youtubeFixture = (name: string): Json => JSON.parse(fixtureText('youtube', name)) as Json;

/** One fixture item of a type, as YouTube documents it, with changes. */
export function chatItem(type: string, changes: { id: string; channelId?: string; name?: string; at?: string; snippet?: Json }): Json {
  const list = youtubeFixture('liveChatMessages-list.json');
  const item = structuredClone((list.items as Json[]).find((i) => i.snippet.type === type));
  if (!item) throw new Error(`no fixture item of type ${type}`);
  item.id = changes.id;
  if (changes.channelId) {
    item.snippet.authorChannelId = changes.channelId;
    item.authorDetails.channelId = changes.channelId;
  }
  if (changes.name) item.authorDetails.displayName = changes.name;
  item.snippet.publishedAt = changes.at ?? new Date().toISOString();
  Object.assign(item.snippet, changes.snippet ?? {});
  return item;
}

/** A text message from a viewer. */
export const textItem = (id: string, channelId: string, text: string, name = channelId): Json =>
  chatItem('textMessageEvent', { id, channelId, name, snippet: { displayMessage: text, textMessageDetails: { messageText: text } } });

/** A Super Chat of `micros` in `currency`. */
export const superChatItem = (id: string, channelId: string, micros: string, currency: string, comment: string, name = channelId): Json =>
  chatItem('superChatEvent', {
    id,
    channelId,
    name,
    snippet: { superChatDetails: { amountMicros: micros, currency, amountDisplayString: `${currency} ${micros}`, userComment: comment, tier: 2 } },
  });

interface Chat {
  items: Json[];
  ended: boolean;
}

export interface FakeRequest {
  path: string;
  pageToken: string | null;
  at: number;
}

/**
 * YouTube Data API v3 on 127.0.0.1, as documented: videos.list (liveStreamingDetails),
 * channels.list?forHandle, playlistItems.list, liveChatMessages.list with page tokens and
 * pollingIntervalMillis, and Google's error envelopes (fixtures) for quota, "too soon", ended
 * and missing chats. Like YouTube, it answers rateLimitExceeded to a chat read sooner than the
 * interval it asked, and counts quota units per request (failed ones too).
 */
export class FakeYouTube {
  url = '';
  pollingIntervalMillis = 300;
  /** Messages per page at most (YouTube: up to maxResults, 2000). */
  pageSize = 2_000;
  /** Units this key may still spend today; null: unlimited. */
  quotaLeft: number | null = null;
  unitsSpent = 0;
  readonly requests: FakeRequest[] = [];
  /** rateLimitExceeded answers sent because a read came too soon. */
  tooSoon = 0;
  readonly videos = new Map<string, Json>();
  readonly channels = new Map<string, { uploads: string; videos: string[] }>();
  readonly chats = new Map<string, Chat>();
  /** Errors to answer to the next chat reads, by fixture reason, in order. */
  readonly failNextChat: string[] = [];
  private lastChatRead = new Map<string, { at: number; askedMs: number }>();
  private listening: { close(): Promise<void> } | null = null;

  async start(): Promise<this> {
    const server = await listenLocal((req, res) => this.handle(req, res));
    this.listening = server;
    this.url = `${server.origin}/youtube/v3`;
    return this;
  }

  async close(): Promise<void> {
    await this.listening?.close();
  }

  /** The fixture's live video and its chat (empty), live now. */
  goLive(videoId = FAKE_VIDEO_ID, chatId = FAKE_CHAT_ID): void {
    const video = structuredClone(youtubeFixture('videos-list-liveStreamingDetails.json').items[0]) as Json;
    video.id = videoId;
    video.liveStreamingDetails.activeLiveChatId = chatId;
    this.videos.set(videoId, video);
    if (!this.chats.has(chatId)) this.chats.set(chatId, { items: [], ended: false });
  }

  /** A scheduled broadcast that has not started: no chat id, no actual start. */
  schedule(videoId: string, at: string): void {
    this.videos.set(videoId, { kind: 'youtube#video', id: videoId, liveStreamingDetails: { scheduledStartTime: at } });
  }

  /** The broadcast ends: its chat answers liveChatEnded, the video loses its chat id. */
  end(videoId = FAKE_VIDEO_ID, chatId = FAKE_CHAT_ID): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.ended = true;
    const video = this.videos.get(videoId);
    if (video) {
      delete video.liveStreamingDetails.activeLiveChatId;
      video.liveStreamingDetails.actualEndTime = new Date().toISOString();
    }
  }

  post(items: Json[], chatId = FAKE_CHAT_ID): void {
    const chat = this.chats.get(chatId);
    if (!chat) throw new Error(`no chat ${chatId}`);
    chat.items.push(...items);
  }

  chatReads(): FakeRequest[] {
    return this.requests.filter((r) => r.path === 'liveChat/messages');
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/youtube\/v3\//, '');
    const q = url.searchParams;
    const now = Date.now();
    this.requests.push({ path, pageToken: q.get('pageToken'), at: now });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    const error = (reason: string) => {
      const file = `error-${reason}.json`;
      const body = youtubeFixture(file);
      send(body.error.code, body);
    };
    if (q.get('key') !== FAKE_API_KEY) {
      send(400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', errors: [{ message: 'API key not valid. Please pass a valid API key.', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
      return;
    }
    const cost = path === 'liveChat/messages' ? 5 : 1;
    if (this.quotaLeft !== null && this.quotaLeft < cost) return error('quotaExceeded');
    this.unitsSpent += cost;
    if (this.quotaLeft !== null) this.quotaLeft -= cost;

    if (path === 'videos') {
      const ids = (q.get('id') ?? '').split(',');
      const items = ids.flatMap((id) => (this.videos.has(id) ? [this.videos.get(id)] : []));
      return send(200, { kind: 'youtube#videoListResponse', etag: 'e', items, pageInfo: { totalResults: items.length, resultsPerPage: items.length } });
    }
    if (path === 'channels') {
      const channel = this.channels.get((q.get('forHandle') ?? '').toLowerCase());
      const items = channel ? [{ kind: 'youtube#channel', id: `UC${channel.uploads.slice(2)}`, contentDetails: { relatedPlaylists: { likes: '', uploads: channel.uploads } } }] : [];
      return send(200, { kind: 'youtube#channelListResponse', items, pageInfo: { totalResults: items.length, resultsPerPage: 5 } });
    }
    if (path === 'playlistItems') {
      const channel = [...this.channels.values()].find((c) => c.uploads === q.get('playlistId'));
      const items = (channel?.videos ?? []).map((videoId) => ({ kind: 'youtube#playlistItem', contentDetails: { videoId } }));
      return send(200, { kind: 'youtube#playlistItemListResponse', items, pageInfo: { totalResults: items.length, resultsPerPage: 10 } });
    }
    if (path === 'liveChat/messages') {
      const chatId = q.get('liveChatId') ?? '';
      const forced = this.failNextChat.shift();
      if (forced) return error(forced);
      const chat = this.chats.get(chatId);
      if (!chat) return error('liveChatNotFound');
      if (chat.ended) return error('liveChatEnded');
      const last = this.lastChatRead.get(chatId);
      // 25 ms of slack for timer granularity: a reader that honours the interval never sees this.
      if (last !== undefined && now - last.at < last.askedMs - 25) {
        this.tooSoon += 1;
        return error('rateLimitExceeded');
      }
      const token = q.get('pageToken');
      const from = token ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^at:/, '')) : 0;
      const start = Number.isSafeInteger(from) && from >= 0 ? Math.min(from, chat.items.length) : 0;
      const items = chat.items.slice(start, start + this.pageSize);
      const next = Buffer.from(`at:${start + items.length}`).toString('base64url');
      const fixture = youtubeFixture('liveChatMessages-list.json');
      const askedMs = start + items.length < chat.items.length ? 0 : this.pollingIntervalMillis;
      this.lastChatRead.set(chatId, { at: now, askedMs });
      return send(200, {
        kind: fixture.kind,
        etag: fixture.etag,
        nextPageToken: next,
        // A page with more behind it asks for the next at once, as YouTube does while catching up.
        pollingIntervalMillis: askedMs,
        pageInfo: { totalResults: chat.items.length, resultsPerPage: items.length },
        items,
      });
    }
    send(404, { error: { code: 404, message: 'Not Found', errors: [{ message: 'Not Found', domain: 'global', reason: 'notFound' }] } });
  }
}
