import type { SourceStatus, SourceView } from '../../../shared/views.js';
import type { SourceWords } from '../TwitchSourceWords.js';

const WAITING: Record<NonNullable<SourceView['youtube']>['live'], string> = {
  finding: 'looking for the live chat',
  waiting: 'not live yet',
  live: 'reading chat',
  ended: 'stream ended',
};

/** A YouTube chat's state in its own words: "not live yet" rather than "waiting for its first event". */
export function youtubeWords(source: SourceView, generic: Record<SourceStatus, string>): SourceWords {
  const live = source.youtube?.live ?? 'finding';
  const status = source.status === 'idle' ? WAITING[live] : source.status === 'connected' ? 'reading chat' : generic[source.status];
  return { status, last: 'last message', none: 'no messages yet', one: 'message', many: 'messages' };
}
