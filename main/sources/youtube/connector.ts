import { type Result, fail, ok } from '../../../shared/result.js';
import type { SourceConnector } from '../connectors.js';
import { checkBaseUrl } from '../tiltify/connector.js';
import { YOUTUBE_API, YouTubeApi } from './api.js';
import { DEFAULT_DAILY_QUOTA, QuotaLedger } from './quota.js';
import { READER_TIMINGS, type ReaderTimings, YouTubeChatReader } from './reader.js';
import { readYouTubeTarget } from './video-ref.js';

/** Google API keys: "AIza" and 35 more characters; other shapes are accepted if plausible (a fake's). */
const API_KEY = /^[A-Za-z0-9_-]{20,200}$/;

/**
 * Where sources added without a `base_url` read: Google's API, unless TELETHON_YOUTUBE_API names
 * another (a local fake in tests, a relay). Read once when the app starts.
 */
export const YOUTUBE_API_ENV = 'TELETHON_YOUTUBE_API';

export interface YouTubeConfig {
  video_id: string | null;
  handle: string | null;
  base_url: string;
  daily_quota: number;
  /** Only whether a key is kept (in the CredentialStore), never the key. */
  has_key: boolean;
}

function readConfig(input: Record<string, unknown>, defaultBase: string): Result<{ config: YouTubeConfig; key: string }> {
  const target = readYouTubeTarget(input.video);
  if (!target.ok) return target;
  const key = typeof input.api_key === 'string' ? input.api_key.trim() : '';
  // Never repeat the key in a message: it may be pasted in the wrong field.
  if (!key) return fail('api_key is required: a YouTube Data API v3 key from Google Cloud console → APIs & Services → Credentials');
  if (!API_KEY.test(key)) return fail('api_key does not look like a Google API key (letters, digits, "-" and "_", like "AIza…")');
  const base = checkBaseUrl(input.base_url, defaultBase);
  if (!base.ok) return base;
  const quota = input.daily_quota === undefined ? DEFAULT_DAILY_QUOTA : input.daily_quota;
  if (typeof quota !== 'number' || !Number.isSafeInteger(quota) || quota < 100) return fail('daily_quota must be a whole number of units (10,000 unless Google granted more)');
  return ok({ config: { ...target.value, base_url: base.value, daily_quota: quota, has_key: true }, key });
}

/**
 * A YouTube live chat, read with an API key through the Data API v3 (signing in with a Google
 * account is not offered: an API key reads any public live chat, which is what the desk needs).
 */
export function youtubeConnector(options: { timings?: Partial<ReaderTimings>; defaultBaseUrl?: string; now?: () => number } = {}): SourceConnector {
  const defaultBase = options.defaultBaseUrl ?? process.env[YOUTUBE_API_ENV] ?? YOUTUBE_API;
  const timings = { ...READER_TIMINGS, ...options.timings };
  /** One ledger per API key, in memory only: sources with the same key share its daily units. */
  const ledgers = new Map<string, QuotaLedger>();
  return {
    kind: 'youtube',
    configure(input) {
      const read = readConfig(input, defaultBase);
      if (!read.ok) return read;
      return ok({ config: { ...read.value.config }, credential: read.value.key });
    },
    editInput: (config) => ({
      video: typeof config.video_id === 'string' ? config.video_id : `@${String(config.handle)}`,
      base_url: config.base_url,
      daily_quota: config.daily_quota,
    }),
    start(source, { services, credentials }) {
      const key = credentials.get(source.id);
      if (!key) throw new Error('the YouTube API key is missing: paste it with Replace credentials on this source');
      const config = source.config as Partial<YouTubeConfig>;
      const videoId = typeof config.video_id === 'string' ? config.video_id : null;
      const handle = typeof config.handle === 'string' ? config.handle : null;
      if (!videoId && !handle) throw new Error('the stored YouTube settings name no video or channel');
      let ledger = ledgers.get(key);
      if (!ledger) {
        ledger = new QuotaLedger();
        ledgers.set(key, ledger);
      }
      const api = new YouTubeApi(typeof config.base_url === 'string' ? config.base_url : YOUTUBE_API, key);
      const reader = new YouTubeChatReader(
        source,
        api,
        services,
        { videoId, handle, dailyQuota: typeof config.daily_quota === 'number' ? config.daily_quota : DEFAULT_DAILY_QUOTA },
        timings,
        options.now,
        ledger,
      );
      reader.start();
      return { stop: () => reader.stop() };
    },
  };
}
