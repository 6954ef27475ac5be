import type { TargetPlatform } from '../../shared/views.js';

/**
 * The platform a call or an answer came from, as the targets board shows it: the kind of the
 * source that stored the chat line or post ('twitch', 'x', 'youtube'); the demo plays simulated
 * Twitch chat; any other source is 'other'.
 */
export function platformOfSourceKind(kind: string | null | undefined): TargetPlatform {
  if (kind === 'demo') return 'twitch';
  return kind === 'twitch' || kind === 'x' || kind === 'youtube' ? kind : 'other';
}

const HOSTS: [RegExp, TargetPlatform][] = [
  [/(^|\.)(x|twitter)\.com$/, 'x'],
  [/(^|\.)twitch\.tv$/, 'twitch'],
  [/(^|\.)(youtube\.com|youtu\.be)$/, 'youtube'],
];

/** Where a response a moderator brought by link was posted, from the link's host; null when unknown. */
export function platformOfUrl(url: string | null): TargetPlatform | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return HOSTS.find(([pattern]) => pattern.test(host))?.[1] ?? 'other';
  } catch {
    return null;
  }
}

/** The chatter-set key of a target's callers on one platform (its callers together: callerSetKey). */
export const platformCallerSetKey = (targetId: string, platform: TargetPlatform) => `target:${targetId}@${platform}`;

/** A post's address on X, from its author's handle and its id (both checked by the X connector). */
export const xPostUrl = (username: string, postId: string) => `https://x.com/${username}/status/${postId}`;
