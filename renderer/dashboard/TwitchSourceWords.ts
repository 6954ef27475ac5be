import type { SourceStatus, SourceView } from '../../shared/views.js';
import { youtubeWords } from './youtube/words.js';

/** How a source's state reads to a streamer; a Twitch channel speaks of joining and messages. */
export interface SourceWords {
  status: string;
  /** "last message", "last event" */
  last: string;
  none: string;
  one: string;
  many: string;
}

const TWITCH_STATUS: Partial<Record<SourceStatus, string>> = {
  idle: 'not connected yet',
  connecting: 'connecting to Twitch',
  connected: 'joined',
  reconnecting: 'reconnecting',
  failing: 'failing',
};

const X_STATUS: Partial<Record<SourceStatus, string>> = {
  idle: 'not searched yet',
  connecting: 'searching X',
  connected: 'searching',
  reconnecting: 'X unreachable, retrying',
};

export function sourceWords(source: SourceView, generic: Record<SourceStatus, string>): SourceWords {
  if (source.kind === 'youtube') return youtubeWords(source, generic);
  if (source.kind === 'x') {
    const waiting = source.polling?.paused_until && source.status !== 'failing';
    return { status: waiting ? 'paused: rate limit' : X_STATUS[source.status] ?? generic[source.status], last: 'last post', none: 'no posts yet', one: 'post', many: 'posts' };
  }
  if (source.kind !== 'twitch') return { status: generic[source.status], last: 'last event', none: 'no events yet', one: 'event', many: 'events' };
  return {
    status: TWITCH_STATUS[source.status] ?? generic[source.status],
    last: 'last message',
    none: 'no messages yet',
    one: 'message',
    many: 'messages',
  };
}
