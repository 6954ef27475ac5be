import type { PublicTargetView, TargetView } from '../../../shared/views.js';
import { useNow } from '../../lib/use-now.js';
import { answeredAfter, calledFor, count, KIND_WORDS, perMinute, safeLink, shortTime, statusWords } from './format.js';
import { MentionSparkline } from './Sparkline.js';
import { PLATFORM_NAMES, PlatformCounts } from './PlatformCounts.js';

/** The hashtags and @handles that call on a target, as chat writes them (viewers: the hashtags). */
export function CallTags({ target }: { target: PublicTargetView | TargetView }) {
  return (
    <p className="target-tags">
      {target.hashtag_labels.map((tag) => (
        <span key={`#${tag}`} className="target-tag">#{tag}</span>
      ))}
      {'handles' in target && target.handles.map((h) => (
        <span key={`${h.platform}:${h.handle}`} className="target-handle" title={h.platform}>
          {h.platform === 'twitch' || h.platform === 'x' ? `@${h.handle.replace(/^@/, '')}` : h.handle}
          <span className="handle-platform">{h.platform === 'x' ? 'X' : h.platform}</span>
        </span>
      ))}
    </p>
  );
}

/** How long the target has been called on, ticking; or how long until the call starts. */
function CallClock({ target }: { target: PublicTargetView }) {
  const now = useNow(1000);
  const start = Date.parse(target.call_started_at);
  if (start > now) return <p className="target-clock" data-testid="target-clock">Call starts in {calledFor(start - now)}</p>;
  return (
    <p className="target-clock" data-testid="target-clock">
      Called on for <strong>{calledFor(now - start)}</strong>
    </p>
  );
}

/** The first confirmed response: "answered after 3 h 12 min", its words and link (as text). */
function Answer({ target }: { target: PublicTargetView }) {
  if (target.time_to_response_s === null || !target.response) return null;
  const link = safeLink(target.response.url);
  return (
    <div className={`target-answer kind-${target.response.kind}`} data-testid="target-answer">
      <p className="answered-after" data-testid="target-answered-after">
        Answered after <strong>{answeredAfter(target.time_to_response_s)}</strong>
        <span className="answer-kind"> · {KIND_WORDS[target.response.kind]}</span>
        {target.first_response_at && <span className="hint"> at {shortTime(target.first_response_at)}</span>}
        {target.response.platform && (
          <span className="answer-platform" data-testid="target-answer-platform" data-platform={target.response.platform}> · on {PLATFORM_NAMES[target.response.platform]}</span>
        )}
      </p>
      <blockquote className="answer-quote" data-testid="target-answer-quote">{target.response.quote}</blockquote>
      {link ? (
        <a className="answer-link" href={link} target="_blank" rel="noopener noreferrer" data-testid="target-answer-link">{link}</a>
      ) : (
        target.response.url && <span className="answer-link">{target.response.url}</span>
      )}
    </div>
  );
}

/**
 * One target on the board: who, how loudly they are called on (messages and distinct people,
 * per minute and at the peak), and whether they have answered. Viewers get the public form,
 * without the responses waiting for moderators.
 */
export function TargetCard({ target, selected, onOpen }: { target: PublicTargetView | TargetView; selected: boolean; onOpen: (() => void) | null }) {
  const pending = 'pending' in target ? target.pending : null;
  const waitingForMods = pending ? pending.candidates + pending.flagged : 0;
  return (
    <article
      className={`target-card status-${target.status}${selected ? ' selected' : ''}`}
      data-testid="target-card"
      data-target-id={target.id}
      data-status={target.status}
      aria-label={target.name}
    >
      <header className="target-head">
        <h3 className="target-name" data-testid="target-name">{target.name}</h3>
        <span className={`badge target-status ${target.status}`} data-testid="target-status">{statusWords(target)}</span>
      </header>
      <CallTags target={target} />
      {target.ask && <p className="target-ask" data-testid="target-ask">{target.ask}</p>}
      <div className="target-figures">
        <div>
          <span className="figure" data-testid="target-mentions" data-value={target.mentions}>{count(target.mentions)}</span>
          <span className="figure-label">mentions</span>
        </div>
        <div>
          <span className="figure" data-testid="target-callers" data-value={target.callers}>{count(target.callers)}</span>
          <span className="figure-label">people calling</span>
        </div>
        <div>
          <span className="figure" data-testid="target-peak" data-value={target.peak?.mentions ?? 0}>{target.peak ? count(target.peak.mentions) : '–'}</span>
          <span className="figure-label">{target.peak ? `peak a minute, ${shortTime(target.peak.minute)}` : 'peak a minute'}</span>
        </div>
      </div>
      <PlatformCounts target={target} />
      <MentionSparkline target={target} />
      {target.counted < 1 && (
        <div className="target-counting" data-testid="target-counting">
          <progress max={1} value={target.counted} />
          <span>Counting past chat: {Math.floor(target.counted * 100)} %</span>
        </div>
      )}
      {target.status === 'waiting' && <CallClock target={target} />}
      <Answer target={target} />
      {target.moments.length > 0 && <MomentLine target={target} />}
      {onOpen && (
        <footer className="target-foot">
          {pending && waitingForMods > 0 && (
            <span className="target-pending" data-testid="target-pending">
              {[
                pending.candidates > 0 ? `${pending.candidates} found in chat or posts` : null,
                pending.flagged > 0 ? `${pending.flagged} waiting for a second person` : null,
              ].filter(Boolean).join(' · ')}
            </span>
          )}
          <button type="button" className="quiet" data-testid="target-open" onClick={onOpen} aria-pressed={selected}>
            Responses and settings
          </button>
        </footer>
      )}
    </article>
  );
}

/** The latest call moment in one line: when, and the rate before and after it. */
function MomentLine({ target }: { target: PublicTargetView }) {
  const now = useNow(10_000);
  // The state moves with the clock (quiet chat pushes nothing when a window opens or closes).
  const stateAt = (m: PublicTargetView['moments'][number]) => (now < Date.parse(m.at) ? 'upcoming' : now < Date.parse(m.ends_at) ? 'open' : 'closed');
  // The moment that matters now: the open one, else the next, else the last.
  const moment = target.moments.find((m) => stateAt(m) === 'open') ?? target.moments.find((m) => stateAt(m) === 'upcoming') ?? target.moments[target.moments.length - 1];
  if (!moment) return null;
  const state = stateAt(moment);
  const r = moment.result;
  const tag = target.hashtag_labels[0] ? `#${target.hashtag_labels[0]}` : 'the call';
  const line =
    moment.command === null
      ? state === 'upcoming'
        ? `Call moment at ${shortTime(moment.at)}: everyone posts the call then.`
        : `Call moment at ${shortTime(moment.at)}: ${perMinute(moment.before_per_minute)} mentions/min before${moment.after_per_minute === null ? ', after still being measured' : `, ${perMinute(moment.after_per_minute)}/min after`}`
      : state === 'upcoming'
        ? `Call at ${shortTime(moment.at)}: ${count(r.signups)} will post ${tag}. Type ${moment.command} to join.`
        : state === 'open'
          ? `Call open until ${shortTime(moment.ends_at)}: ${count(r.followed)} of ${count(r.signups)} signed up have posted ${tag}, and ${count(r.others)} others.`
          : `Call at ${shortTime(moment.at)}: ${count(r.followed)} of ${count(r.signups)} signed up posted (${r.signups ? Math.round((r.followed / r.signups) * 100) : 0} %), ${count(r.others)} others${r.lift.lift === null ? '' : `, lift ×${r.lift.lift}`}.`;
  return (
    <p className="target-moment" data-testid="target-moment" data-state={state} data-signups={r.signups}>
      {line}
      {moment.missed.length > 0 && <span className="call-missed-mark"> Some chat was missed: open the target to see when.</span>}
    </p>
  );
}
