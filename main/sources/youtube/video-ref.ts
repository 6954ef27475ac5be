import { type Result, fail, ok } from '../../../shared/result.js';

/** What the owner pointed at: one video (its live chat), or a channel whose current broadcast is found. */
export type YouTubeTarget = { video_id: string; handle: null } | { video_id: null; handle: string };

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
/** YouTube handles: 3 to 30 letters, digits, "_", "-" and "." (ASCII here; others are found by link). */
const HANDLE = /^[A-Za-z0-9._-]{3,30}$/;
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com']);

const SAY =
  'give a YouTube video link (youtube.com/watch?v=…, youtu.be/…, youtube.com/live/…), its 11-character id, or a channel handle such as @charitystream';

/**
 * Reads the video or channel the owner gave: https://www.youtube.com/watch?v=ID, youtu.be/ID,
 * youtube.com/live/ID, a bare 11-character id, @handle or youtube.com/@handle (with /live or
 * /streams after it).
 */
export function readYouTubeTarget(raw: unknown): Result<YouTubeTarget> {
  if (typeof raw !== 'string' || raw.trim() === '') return fail(`video is required: ${SAY}`);
  const text = raw.trim();
  if (VIDEO_ID.test(text)) return ok({ video_id: text, handle: null });
  if (text.startsWith('@')) return handleOf(text.slice(1));
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return fail(`"${text.slice(0, 60)}" is not a YouTube link: ${SAY}`);
  }
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  if (host === 'youtu.be') return videoOf(parts[0]);
  if (!YOUTUBE_HOSTS.has(host)) return fail(`"${host.slice(0, 60)}" is not YouTube: ${SAY}`);
  const [first, second] = parts;
  if (first === 'watch') return videoOf(url.searchParams.get('v') ?? undefined);
  if (first === 'live' || first === 'shorts' || first === 'embed') return videoOf(second);
  if (first?.startsWith('@')) return handleOf(decodeURIComponent(first.slice(1)));
  return fail(`that YouTube link names no video or channel handle: ${SAY}`);
}

function videoOf(id: string | undefined): Result<YouTubeTarget> {
  return id && VIDEO_ID.test(id) ? ok({ video_id: id, handle: null }) : fail(`the link has no 11-character video id: ${SAY}`);
}

function handleOf(handle: string): Result<YouTubeTarget> {
  return HANDLE.test(handle) ? ok({ video_id: null, handle: `@${handle}` }) : fail(`"@${handle.slice(0, 40)}" is not a YouTube handle (3 to 30 letters, digits, "_", "-", ".")`);
}
