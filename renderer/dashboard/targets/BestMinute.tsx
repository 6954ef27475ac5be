import { useEffect, useState } from 'react';
import {
  BEST_MINUTE_DEFAULT_HOURS,
  BEST_MINUTE_DEFAULT_WINDOW,
  BEST_MINUTE_WINDOWS,
  type BestMinuteView,
  type MomentReach,
  type PlatformReach,
  type ReachWindow,
} from '../../../shared/best-minute.js';
import { callApi, failureMessage } from '../../lib/api.js';
import { roughSpan, teamTime } from '../../lib/format.js';
import { count } from './format.js';
import { PLATFORM_NAMES } from './PlatformCounts.js';

const HOUR_CHOICES = [3, 6, 12, 24] as const;
const REFRESH_MS = 60_000;

/**
 * The best minute to call: the windows ahead where a call would reach the most people, from
 * this marathon's own audience, with what that rests on; and how past call moments did against
 * what was predicted for them. It only suggests: "Schedule a call here" fills in the moment form.
 */
export function BestMinute({ onPick }: { onPick: ((at: string) => void) | null }) {
  const [window, setWindow] = useState<number>(BEST_MINUTE_DEFAULT_WINDOW);
  const [hours, setHours] = useState<number>(BEST_MINUTE_DEFAULT_HOURS);
  const [view, setView] = useState<BestMinuteView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      callApi('GET /api/best-minute', { query: { window: String(window), hours: String(hours) } })
        .then((loaded) => {
          if (!live) return;
          setView(loaded);
          setError(null);
        })
        .catch((failure: unknown) => live && setError(failureMessage(failure)));
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [window, hours]);
  const current = view && view.window_minutes === window && view.horizon_hours === hours ? view : null;

  return (
    <section className="panel best-minute" data-testid="best-minute" data-state={error ? 'error' : (current?.state ?? 'loading')}>
      <div className="best-head">
        <h2>Best time to call</h2>
        <label>
          Windows of{' '}
          <select value={window} onChange={(e) => setWindow(Number(e.target.value))} data-testid="best-window">
            {BEST_MINUTE_WINDOWS.map((w) => <option key={w} value={w}>{w} min</option>)}
          </select>
        </label>
        <label>
          in the next{' '}
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))} data-testid="best-hours">
            {HOUR_CHOICES.map((h) => <option key={h} value={h}>{h} hours</option>)}
          </select>
        </label>
      </div>
      {error && <p className="form-error" role="alert">Could not read the audience: {error}</p>}
      {!current && !error && <p className="hint">Reading the audience…</p>}
      {current && <Suggestions view={current} onPick={onPick} />}
      {current && <PastMoments past={current.past} />}
    </section>
  );
}

function Suggestions({ view, onPick }: { view: BestMinuteView; onPick: ((at: string) => void) | null }) {
  if (view.state === 'no_chat') {
    return <p className="hint" data-testid="best-basis">No chat yet. Suggestions start once the marathon has had chat on an earlier day at the hours ahead.</p>;
  }
  const chatFor = roughSpan(view.basis.chat_minutes * 60_000);
  if (view.state === 'too_little_data') {
    return (
      <p className="best-basis" data-testid="best-basis">
        Too little data to suggest a time yet. The marathon has had chat for {chatFor}, and none of the next {view.horizon_hours} hours has been
        seen on an earlier day. The first suggestion comes at {teamTime(view.ready_at ?? view.computed_at)}.
      </p>
    );
  }
  const best = new Set(view.suggestions.map((s) => s.start));
  const top = Math.max(1, ...view.ahead.map((w) => w.predicted ?? 0));
  return (
    <>
      <ol className="best-list">
        {view.suggestions.map((s, i) => (
          <li key={s.start} data-testid="best-suggestion" data-start={s.start} data-predicted={s.predicted ?? ''}>
            <span className="best-rank">{i + 1}</span>
            <span className="best-when">{teamTime(s.start)}, for {view.window_minutes} min</span>
            <span className="best-reach">
              about <strong>{count(s.predicted ?? 0)}</strong> people chatting
              <PlatformSplit platforms={s.by_platform} />
              <span className="hint"> · from {s.days === 1 ? '1 earlier day' : `${s.days} earlier days`}</span>
            </span>
            {onPick && (
              <button type="button" className="secondary" data-testid="best-pick" onClick={() => onPick(s.start)}>Schedule a call here</button>
            )}
          </li>
        ))}
      </ol>
      {view.suggestions.length === 0 && <p className="hint">Every window seen so far already has a call moment scheduled.</p>}
      <div className="best-strip" role="img" aria-label={`Expected people chatting in each ${view.window_minutes}-minute window of the next ${view.horizon_hours} hours`}>
        {view.ahead.map((w) => (
          <span
            key={w.start}
            className={`best-bar${best.has(w.start) ? ' picked' : ''}${w.taken_by ? ' taken' : ''}${w.predicted === null ? ' unseen' : ''}`}
            style={{ height: `${w.predicted === null ? 100 : Math.max(3, (w.predicted / top) * 100)}%` }}
            title={barTitle(w)}
          />
        ))}
      </div>
      <div className="best-strip-axis hint">
        <span>{teamTime(view.ahead[0]?.start ?? view.computed_at)}</span>
        <span>{teamTime(view.ahead[view.ahead.length - 1]?.end ?? view.computed_at)}</span>
      </div>
      <p className="best-basis hint" data-testid="best-basis">
        Based on {count(view.basis.chat_minutes)} minutes of chat ({chatFor}) since {teamTime(view.basis.first_chat_at ?? view.computed_at)}.
        Each window is the count of different people who chatted in the same window on earlier days of this marathon, up to {view.basis.lookback_days}{' '}
        days back; the day before counts fully, each day further back half as much. Windows not yet seen on an earlier day are grey
        and never suggested; windows with a call already scheduled are left out. Guests, raids and the schedule are not taken into account.
      </p>
    </>
  );
}

function barTitle(w: ReachWindow): string {
  const when = `${teamTime(w.start)}: `;
  if (w.taken_by) return `${when}call moment for ${w.taken_by} already scheduled`;
  if (w.predicted === null) return `${when}not seen yet on an earlier day`;
  return `${when}about ${count(w.predicted)} people`;
}

function PlatformSplit({ platforms }: { platforms: PlatformReach[] }) {
  if (platforms.length < 2) return null;
  return (
    <span className="best-platforms">
      {' '}({platforms.map((p) => `${PLATFORM_NAMES[p.platform]} ${p.predicted === null ? '–' : count(p.predicted)}`).join(' · ')})
    </span>
  );
}

function PastMoments({ past }: { past: MomentReach[] }) {
  if (past.length === 0) return null;
  const platforms = [...new Set(past.flatMap((m) => m.by_platform.map((p) => p.platform)))];
  return (
    <div className="best-past">
      <h3>Past call moments: expected and actual</h3>
      <table data-testid="best-past">
        <thead>
          <tr>
            <th scope="col">Call moment</th>
            <th scope="col">Expected</th>
            <th scope="col">Actual</th>
            {platforms.length > 1 && platforms.map((p) => <th key={p} scope="col">{PLATFORM_NAMES[p]}</th>)}
          </tr>
        </thead>
        <tbody>
          {past.map((m) => (
            <tr key={m.moment_id} data-testid="best-past-moment" data-predicted={m.predicted ?? ''} data-actual={m.actual}>
              <th scope="row">{m.target_name} · {teamTime(m.at)}</th>
              <td title={m.predicted === null ? 'The marathon had not yet been live at that time on an earlier day' : `from ${m.days} earlier days`}>
                {m.predicted === null ? 'not known' : count(m.predicted)}
              </td>
              <td>{count(m.actual)}</td>
              {platforms.length > 1 &&
                platforms.map((platform) => {
                  const p = m.by_platform.find((b) => b.platform === platform);
                  return <td key={platform}>{p ? `${p.predicted === null ? '–' : count(p.predicted)} → ${count(p.actual ?? 0)}` : '–'}</td>;
                })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Different people who chatted in the {past[0]!.window_minutes} minutes from each moment; expected is what this model said from the days before it.</p>
    </div>
  );
}
