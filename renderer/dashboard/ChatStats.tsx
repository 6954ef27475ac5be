import { useMemo } from 'react';
import { ResponsiveContainer } from 'recharts';
import type { ChatStatsView, MinutePoint, TagCount } from '../../shared/views.js';
import { callApi } from '../lib/api.js';
import { ChatChannelSelect } from './ChatChannelSelect.js';
import { ChatByChannel } from './chat/ChatByChannel.js';
import { isChatSource } from './chat/platforms.js';
import { CHAT_WINDOWS, type ChatWindowKey, useChatView, useLiveChatLoad } from './ChatLive.js';
import { useSteadyRows } from '../lib/use-steady.js';
import { timeTicks } from './charts/axes.js';
import { RateChart, type TimeFrame, rowsOf, sameRow } from './charts/chart-parts.js';
import { useDashboard, useSourceLabels } from './store.js';
import './TwitchChat.css';

/** A whole marathon is drawn in at most this many bars of several minutes each. */
const MAX_POINTS = 240;

/** [from, to] of a window; the whole marathon runs from the campaign's start (or now, before it). */
export function windowRange(key: ChatWindowKey, startsAt: string, now: number): { from: number; to: number } {
  const chosen = CHAT_WINDOWS.find((w) => w.key === key) ?? CHAT_WINDOWS[1];
  if (chosen.minutes === null) return { from: Math.min(Date.parse(startsAt), now), to: now };
  return { from: now - chosen.minutes * 60_000, to: now };
}

interface VelocityRow {
  minute: number;
  /** Messages per minute (the average over the bucket when a bar is several minutes). */
  perMinute: number;
  messages: number;
}

/** Every minute of the window (zero when quiet), in buckets of `step` minutes when it is long. */
export function velocityRows(points: MinutePoint[], fromIso: string, toIso: string): { rows: VelocityRow[]; step: number } {
  const first = Math.floor(Date.parse(fromIso) / 60_000);
  const last = Math.floor(Date.parse(toIso) / 60_000);
  const span = Math.max(1, last - first + 1);
  const step = Math.ceil(span / MAX_POINTS);
  const byMinute = new Map(points.map((p) => [Math.floor(Date.parse(p.minute) / 60_000), p.messages]));
  const rows: VelocityRow[] = [];
  for (let start = first; start <= last; start += step) {
    let messages = 0;
    for (let m = start; m < start + step && m <= last; m += 1) messages += byMinute.get(m) ?? 0;
    rows.push({ minute: start, messages, perMinute: Math.round((messages / step) * 10) / 10 });
  }
  return { rows, step };
}

function TagList({ title, tags, prefix, testId }: { title: string; tags: TagCount[]; prefix: string; testId: string }) {
  const top = tags[0]?.count ?? 1;
  return (
    <div className="tag-list" data-testid={testId}>
      <h3>{title}</h3>
      {tags.length === 0 ? (
        <p className="hint">None in this window.</p>
      ) : (
        <ol>
          {tags.map((t) => (
            <li key={t.tag} data-testid={`${testId}-item`} data-tag={t.tag} data-count={t.count}>
              <span className="tag-bar" style={{ width: `${Math.max(4, (t.count / top) * 100)}%` }} aria-hidden="true" />
              <span className="tag-name" title={`${prefix}${t.tag}`}>{prefix}{t.tag}</span>
              <span className="tag-count">{t.count.toLocaleString('en')}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** How fast chat moves and what it is about, for a window of the marathon, per channel or all. */
export function ChatStats() {
  const startsAtOfCampaign = useDashboard((s) => s.campaign?.starts_at);
  const channels = useSourceLabels(isChatSource);
  const { source, window } = useChatView();
  const startsAt = startsAtOfCampaign ?? new Date().toISOString();

  const { data, error } = useLiveChatLoad<ChatStatsView>(`${window}|${source ?? '*'}|${startsAt}`, () => {
    const { from, to } = windowRange(window, startsAt, Date.now());
    return callApi('GET /api/chat/stats', {
      query: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...(source ? { source } : {}) },
    });
  });

  const velocity = useMemo(() => (data ? velocityRows(data.per_minute, data.from, data.to) : { rows: [], step: 1 }), [data]);
  // The window ends now: its last bar is the minute (or minutes) going on, drawn as unfinished.
  const rows = useSteadyRows(
    useMemo(() => rowsOf(velocity.rows.map((r) => ({ ...r, start: new Date(r.minute * 60_000).toISOString() })), (r) => r.perMinute, true), [velocity]),
    sameRow,
  );
  const step = velocity.step;
  const firstStart = rows[0]?.start;
  const lastStart = rows[rows.length - 1]?.start;
  const frame = useMemo<TimeFrame>(
    () => {
      const span = firstStart && lastStart ? Date.parse(lastStart) - Date.parse(firstStart) : 0;
      return { ticks: timeTicks(rows.map((r) => r.start), step), withDay: span >= 20 * 3_600_000, step, live: true };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [firstStart, lastStart, step],
  );
  const describe = useMemo(
    () => (row: VelocityRow) => (step > 1 ? `${row.perMinute} a minute (${row.messages} in ${step} min)` : String(row.messages)),
    [step],
  );
  const minutes = velocity.rows.length * velocity.step;
  const average = data && minutes > 0 ? data.messages / minutes : 0;

  return (
    <div className="panel chat-stats" data-testid="chat-stats" data-state={data ? 'ready' : 'loading'}>
      <div className="panel-head">
        <h2>Chat</h2>
        <div className="segmented" role="group" aria-label="Window">
          {CHAT_WINDOWS.map((w) => (
            <button key={w.key} type="button" className={w.key === window ? 'on' : ''} aria-pressed={w.key === window}
              data-testid={`chat-window-${w.key}`} onClick={() => useChatView.setState({ window: w.key })}>
              {w.label}
            </button>
          ))}
        </div>
      </div>
      {channels.length > 0 && (
        <label className="inline-label">
          Channel
          <ChatChannelSelect channels={channels} testId="chat-source" />
        </label>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      {source === null && channels.length > 1 && <ChatByChannel channels={channels} window={window} range={() => windowRange(window, startsAt, Date.now())} />}
      <div className="chat-figures">
        <div>
          <span className="figure" data-testid="chat-messages">{data ? data.messages.toLocaleString('en') : '–'}</span>
          <span className="figure-label">messages</span>
        </div>
        <div>
          <span className="figure" data-testid="chat-chatters">{data ? data.chatters.toLocaleString('en') : '–'}</span>
          <span className="figure-label">unique chatters</span>
        </div>
        <div>
          <span className="figure" data-testid="chat-average">{data ? average.toLocaleString('en', { maximumFractionDigits: 1 }) : '–'}</span>
          <span className="figure-label">per minute on average</span>
        </div>
      </div>
      <h3>Messages per minute{velocity.step > 1 ? ` (each bar: ${velocity.step} minutes)` : ''}</h3>
      <div className="chart" data-testid="chat-velocity">
        <ResponsiveContainer width="100%" height="100%">
          <RateChart rows={rows} frame={frame} colour="#6cb6ff" name="Messages" describe={describe} yWidth={44} />
        </ResponsiveContainer>
      </div>
      <div className="tag-columns">
        <TagList title="Top hashtags" tags={data?.hashtags ?? []} prefix="#" testId="chat-hashtags" />
        <TagList title="Most @mentioned" tags={data?.mentions ?? []} prefix="@" testId="chat-mentions" />
      </div>
    </div>
  );
}
