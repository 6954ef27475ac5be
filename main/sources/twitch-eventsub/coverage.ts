import type { Sources } from '../sources.js';

/**
 * The Twitch Charity source that counts this channel's charity donations now, if any. Twitch
 * also announces each one in chat (USERNOTICE charitydonation) under another id, so a Twitch
 * chat source of the same channel must leave them to it, or each would count twice. Only while
 * that source is connected: EventSub does not replay what a dropped session missed, so during
 * an outage the chat line is the only record and counts.
 */
export function charityCountedBy(sources: Sources, channel: string): { id: string; name: string } | null {
  const login = channel.replace(/^#/, '').toLowerCase();
  for (const record of sources.records()) {
    if (record.kind !== 'twitch-charity' || record.config.channel !== login) continue;
    if (sources.view(record).status === 'connected') return { id: record.id, name: record.name };
  }
  return null;
}
