import { memo, useState } from 'react';
import { type TwitchMomentKind, type TwitchMomentPage, type TwitchMomentView } from '../../shared/views.js';
import { callApi } from '../lib/api.js';
import { useOlderPages } from '../lib/use-older-pages.js';
import { clockTime, displayAmount, hourMinute } from '../lib/format.js';
import { MOMENT_KIND_LABELS, bombGifts, momentAction, momentActor } from '../lib/moment-words.js';
import { useLiveLoad } from '../lib/use-live-load.js';
import { useAction } from '../lib/use-action.js';
import { ChatChannelSelect } from './ChatChannelSelect.js';
import { useChatView } from './ChatLive.js';
import { useDashboard } from './store.js';
import './TwitchFeed.css';

const PAGE = 50;
/** The feed reads again at most once a second, however fast subs and cheers arrive. */
const MIN_GAP_MS = 1_000;
/** Kinds the filter offers: upgrades together, charity with them. */
const FILTERS: readonly (TwitchMomentKind | 'all' | 'waiting')[] = ['all', 'waiting', 'sub', 'resub', 'gift_bomb', 'gift', 'cheer', 'raid', 'paid_message', 'charity'];

const SCREENING_WORDS: Record<TwitchMomentView['screening'], string> = {
  none: '',
  pending: 'waiting',
  approved: 'approved',
  denied: 'denied',
};

/** One moment: when, who, what, its value, and its message with where it stands in screening. */
const MomentItem = memo(function MomentItem({ moment, channel, canScreen }: { moment: TwitchMomentView; channel: string | null; canScreen: boolean }) {
  const { busy, error, run } = useAction();
  const decide = (decision: 'approve' | 'deny') =>
    void run(() => callApi('POST /api/twitch/moments/:id/screen', { params: { id: String(moment.id) }, body: { decision } }));
  const waiting = moment.screening === 'pending';
  const arriving = moment.kind === 'gift_bomb' && moment.announced !== null && moment.count < moment.announced;
  return (
    <li
      className={`moment moment-${moment.kind}${waiting ? ' waiting' : ''}`}
      data-testid="moment"
      data-moment-id={moment.id}
      data-kind={moment.kind}
      data-screening={moment.screening}
      tabIndex={canScreen && waiting ? 0 : -1}
      onKeyDown={(event) => {
        if (!canScreen || !waiting || busy || event.target !== event.currentTarget) return;
        const key = event.key.toLowerCase();
        if (key !== 'a' && key !== 'd') return;
        // This row's keys, not the screening room's (which act on the donation open there).
        event.preventDefault();
        event.stopPropagation();
        decide(key === 'a' ? 'approve' : 'deny');
      }}
    >
      <div className="moment-head">
        <time className="chat-time" dateTime={moment.occurred_at} title={clockTime(moment.occurred_at)}>{hourMinute(moment.occurred_at)}</time>
        <span className={`moment-kind kind-${moment.kind}`}>{MOMENT_KIND_LABELS[moment.kind]}</span>
        {channel && <span className="chat-channel">{channel}</span>}
        <span className="moment-text" data-testid="moment-text">
          <strong className="moment-actor">{momentActor(moment)}</strong> {momentAction(moment)}
        </span>
        {moment.value && <span className="moment-value" title="What the campaign counts it as">{displayAmount(moment.value)}</span>}
      </div>
      {arriving && (
        <div className="moment-meta" data-testid="moment-arriving">{moment.count} of {bombGifts(moment)} gifts received so far</div>
      )}
      {moment.message && (
        <div className="moment-message">
          <p data-testid="moment-message">{moment.message}</p>
          {moment.screening !== 'none' && (
            <span className={`badge screening ${moment.screening === 'pending' ? 'pending' : moment.screening}`} data-testid="moment-screening">
              {SCREENING_WORDS[moment.screening]}
              {waiting && moment.first_pass ? ` · passed by ${moment.first_pass.actor_name}` : ''}
            </span>
          )}
          {moment.reason && moment.screening === 'denied' && <span className="hint"> {moment.reason}</span>}
          {canScreen && waiting && (
            <span className="moment-actions">
              <button type="button" className="small" disabled={busy} data-testid="moment-approve" onClick={() => decide('approve')} title="Approve (A)">
                Approve
              </button>
              <button type="button" className="small danger" disabled={busy} data-testid="moment-deny" onClick={() => decide('deny')} title="Deny (D)">
                Deny
              </button>
            </span>
          )}
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </li>
  );
});

/**
 * The Twitch events feed: subs, resubs, gifts (a gift bomb is one entry), cheers, raids, Hype
 * Chats and charity donations, newest first, per channel (the chat panels' choice). Messages of
 * resubs, cheers and Hype Chats are screened here before the overlay's alerts show them.
 * `waitingOnly`: the screening room's view, only the messages waiting for a moderator.
 */
export function TwitchFeed({ waitingOnly = false }: { waitingOnly?: boolean }) {
  const sources = useDashboard((s) => s.sources);
  const changes = useDashboard((s) => s.momentChanges);
  const role = useDashboard((s) => s.role);
  const source = useChatView((s) => s.source);
  const [chosen, setChosen] = useState<(typeof FILTERS)[number]>('all');
  const filter = waitingOnly ? 'waiting' : chosen;
  const question = (before: number | null) => ({
    limit: String(PAGE),
    ...(source ? { source } : {}),
    ...(filter === 'waiting' ? { waiting: '1' as const } : filter === 'all' ? {} : { kind: filter }),
    ...(before === null ? {} : { before: String(before) }),
  });
  const key = `${source ?? '*'}|${filter}`;
  const live = useLiveLoad<TwitchMomentPage>(key, () => callApi('GET /api/twitch/moments', { query: question(null) }), {
    gapMs: MIN_GAP_MS,
    triggers: [changes],
  });
  const data = live.current ? live.data : null;
  const twitch = sources.filter((s) => s.kind === 'twitch');
  const names = new Map(sources.map((s) => [s.id, s.name]));
  const pages = useOlderPages<TwitchMomentView>(key, data && { items: data.moments, next: data.next }, (m) => m.id, async (before) => {
    const page = await callApi('GET /api/twitch/moments', { query: question(before) });
    return { items: page.moments, next: page.next };
  });
  const { items: moments, next, loading: loadingOlder, error: olderError, loadOlder } = pages;
  const canScreen = role !== 'viewer';

  return (
    <div className={`panel twitch-feed${waitingOnly ? ' waiting-only' : ''}`} data-testid={waitingOnly ? 'twitch-waiting' : 'twitch-feed'} data-state={data ? 'ready' : 'loading'}>
      <div className="panel-head">
        <h2>{waitingOnly ? 'Twitch messages waiting' : 'Twitch events'}</h2>
        {!waitingOnly && (
          <select aria-label="Show" data-testid="twitch-feed-filter" value={chosen} onChange={(e) => setChosen(e.target.value as (typeof FILTERS)[number])}>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {f === 'all' ? 'Everything' : f === 'waiting' ? `Waiting for screening${data ? ` (${data.waiting})` : ''}` : MOMENT_KIND_LABELS[f]}
              </option>
            ))}
          </select>
        )}
        {twitch.length > 1 && <ChatChannelSelect channels={twitch} testId="twitch-feed-source" />}
      </div>
      {live.error && <p className="form-error" role="alert">{live.error}</p>}
      {data && moments.length === 0 && (
        <p className="hint">
          {filter === 'waiting' ? 'No Twitch message is waiting.' : twitch.length === 0 ? 'Add a Twitch channel to see its subs, gifts, cheers and raids here.' : 'Nothing yet.'}
        </p>
      )}
      <ol className="moment-list">
        {moments.map((m) => (
          <MomentItem key={m.id} moment={m} canScreen={canScreen} channel={source === null && twitch.length > 1 ? (names.get(m.source_id) ?? m.channel) : null} />
        ))}
      </ol>
      {olderError && <p className="form-error" role="alert">{olderError}</p>}
      {next !== null && moments.length > 0 && (
        <button type="button" className="quiet" data-testid="twitch-feed-older" disabled={loadingOlder} onClick={() => void loadOlder()}>
          {loadingOlder ? 'Loading…' : 'Older events'}
        </button>
      )}
    </div>
  );
}

