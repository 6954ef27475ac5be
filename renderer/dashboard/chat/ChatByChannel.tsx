import type { ChatStatsView } from '../../../shared/views.js';
import type { SourceLabel } from '../store.js';
import { callApi } from '../../lib/api.js';
import { type ChatWindowKey, useLiveChatLoad } from '../ChatLive.js';
import '../youtube/youtube.css';
import { platformName } from './platforms.js';

interface Row {
  key: string;
  platform: string | null;
  name: string;
  stats: ChatStatsView;
}

const perMinute = (stats: ChatStatsView) => {
  const minutes = Math.max(1, Math.round((Date.parse(stats.to) - Date.parse(stats.from)) / 60_000) + 1);
  const rate = stats.messages / minutes;
  return rate > 0 && rate < 0.01 ? '< 0.01' : rate.toLocaleString('en', { maximumFractionDigits: rate < 1 ? 2 : 1 });
};

/**
 * Velocity, unique chatters and the top hashtag of each chat channel (one per platform in a
 * multistream) and of all together, over the window the chat panel shows. Chatters together are
 * counted exactly (a person is one key per platform account), not summed.
 */
export function ChatByChannel({ channels, window, range }: { channels: readonly SourceLabel[]; window: ChatWindowKey; range: () => { from: number; to: number } }) {
  const ids = channels.map((c) => c.id).join(',');
  const { data } = useLiveChatLoad<Row[]>(`by-channel|${window}|${ids}`, async () => {
    const { from, to } = range();
    const query = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const each = await Promise.all(channels.map((c) => callApi('GET /api/chat/stats', { query: { ...query, source: c.id } })));
    const all = await callApi('GET /api/chat/stats', { query });
    return [
      ...channels.map((c, i) => ({ key: c.id, platform: c.kind, name: c.name, stats: each[i]! })),
      { key: '*', platform: null, name: 'All together', stats: all },
    ];
  });
  return (
    <table className="chat-by-channel" data-testid="chat-by-channel" data-state={data ? 'ready' : 'loading'}>
      <thead>
        <tr>
          <th>Channel</th>
          <th>Messages</th>
          <th>Per min</th>
          <th>Chatters</th>
          <th>Top hashtag</th>
        </tr>
      </thead>
      <tbody>
        {(data ?? []).map((row) => (
          <tr key={row.key} className={row.platform ? undefined : 'together'} data-testid="chat-by-channel-row" data-source={row.key}>
            <td>
              {row.platform && <span className={`chat-platform ${row.platform}`}>{platformName(row.platform)}</span>}
              {row.name}
            </td>
            <td data-testid="row-messages">{row.stats.messages.toLocaleString('en')}</td>
            <td>{perMinute(row.stats)}</td>
            <td data-testid="row-chatters">{row.stats.chatters.toLocaleString('en')}</td>
            <td className="tag" data-testid="row-tag" title={row.stats.hashtags[0] ? `#${row.stats.hashtags[0].tag}` : undefined}>
              {row.stats.hashtags[0] ? `${row.stats.hashtags[0].count.toLocaleString('en')} × #${row.stats.hashtags[0].tag}` : '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
