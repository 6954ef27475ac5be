import { memo } from 'react';
import type { ChatMessageView, ChatPage } from '../../shared/views.js';
import { callApi } from '../lib/api.js';
import { useOlderPages } from '../lib/use-older-pages.js';
import './TwitchChat.css';
import { clockTime, displayAmount, hourMinute } from '../lib/format.js';
import { ChatChannelSelect } from './ChatChannelSelect.js';
import { isChatSource, platformName } from './chat/platforms.js';
import './youtube/youtube.css';
import { useChatView, useLiveChatLoad } from './ChatLive.js';
import { useDashboard, useSourceLabels } from './store.js';
import { PickAsResponse } from './targets/PickAsResponse.js';

const PAGE = 50;
const shortTime = (iso: string) => hourMinute(iso);
const BADGE_WORDS: Record<string, string> = { broadcaster: 'streamer', moderator: 'mod', subscriber: 'sub' };

/**
 * One line. A stored message never changes (its seq names it), so a line is drawn once: the feed
 * is read again every second while chat flows, and only the new lines are drawn.
 */
const ChatLine = memo(function ChatLine({ message, channel }: { message: ChatMessageView; channel: string | null }) {
  return (
    <li className="chat-line" data-testid="chat-line" data-message-id={message.external_id}>
      <time className="chat-time" dateTime={message.occurred_at} title={clockTime(message.occurred_at)}>{shortTime(message.occurred_at)}</time>
      {message.platform && <span className={`chat-platform ${message.platform}`} data-testid="chat-platform">{platformName(message.platform)}</span>}
      {channel && <span className="chat-channel">{channel}</span>}
      {message.badges.map((b) => (
        <span key={b} className={`chat-badge ${b}`}>{BADGE_WORDS[b] ?? b}</span>
      ))}
      <span className="chat-author" dir="auto">{message.author ?? 'someone'}</span>
      {message.bits !== null && <span className="chat-bits">{message.bits.toLocaleString('en')} bits</span>}
      {message.paid !== null && <span className="chat-bits" data-testid="chat-paid">Hype Chat {displayAmount(message.paid)}</span>}
      {/* Chat is text: React escapes it; nothing here is ever markup. */}
      <span className="chat-text" data-testid="chat-text" dir="auto">{message.text}</span>
      <PickAsResponse message={message} />
    </li>
  );
}, (a, b) => a.message.seq === b.message.seq && a.channel === b.channel);

/**
 * The latest chat, newest first, without what moderators removed on Twitch. Reloads live (at
 * most once a second); older messages come page by page.
 */
export function ChatFeed() {
  const channels = useSourceLabels(isChatSource);
  const cleared = useDashboard((s) => s.chatCleared);
  const source = useChatView((s) => s.source);
  const key = `${source ?? '*'}|${cleared}`;
  const { data, error } = useLiveChatLoad<ChatPage>(source ?? '*', () =>
    callApi('GET /api/chat/messages', { query: { limit: String(PAGE), ...(source ? { source } : {}) } }),
  );
  const names = new Map(channels.map((s) => [s.id, s.name]));

  // Older pages belong to one channel choice and are dropped when moderators clear chat.
  const pages = useOlderPages<ChatMessageView>(key, data && { items: data.messages, next: data.next_before }, (m) => m.seq, async (before) => {
    const page = await callApi('GET /api/chat/messages', { query: { limit: String(PAGE), before: String(before), ...(source ? { source } : {}) } });
    return { items: page.messages, next: page.next_before };
  });
  const { items: messages, next, loading: loadingOlder, error: olderError, loadOlder } = pages;

  return (
    <div className="panel chat-feed" data-testid="chat-feed" data-state={data ? 'ready' : 'loading'}>
      <div className="panel-head">
        <h2>Recent chat</h2>
        {channels.length > 1 && (
          <ChatChannelSelect channels={channels} testId="chat-feed-source" />
        )}
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {data && messages.length === 0 && (
        <p className="hint">{channels.length === 0 ? 'Add a Twitch channel or a YouTube live chat to see its chat here.' : 'No chat yet.'}</p>
      )}
      <ol className="chat-list">
        {messages.map((m) => (
          <ChatLine key={m.seq} message={m} channel={source === null && channels.length > 1 ? (names.get(m.source_id) ?? null) : null} />
        ))}
      </ol>
      {olderError && <p className="form-error" role="alert">{olderError}</p>}
      {next !== null && messages.length > 0 && (
        <button type="button" className="quiet" data-testid="chat-older" disabled={loadingOlder} onClick={() => void loadOlder()}>
          {loadingOlder ? 'Loading…' : 'Older messages'}
        </button>
      )}
    </div>
  );
}
