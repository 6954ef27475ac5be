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

export function sourceWords(source: SourceView, generic: Record<SourceStatus, string>): SourceWords {
  if (source.kind === 'youtube') return youtubeWords(source, generic);
  if (source.kind !== 'twitch') return { status: generic[source.status], last: 'last event', none: 'no events yet', one: 'event', many: 'events' };
  return {
    status: TWITCH_STATUS[source.status] ?? generic[source.status],
    last: 'last message',
    none: 'no messages yet',
    one: 'message',
    many: 'messages',
  };
}
