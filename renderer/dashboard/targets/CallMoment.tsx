import { type FormEvent, useState } from 'react';
import type { CallMomentView, CallResult, PublicTargetView, TargetPlatform } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { hourMinute, teamTime } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';
import { KIND_WORDS, answeredAfter, count, dateTime, perMinute, safeLink, shortTime } from './format.js';
import { PLATFORM_NAMES } from './PlatformCounts.js';

const STATE_WORDS: Record<CallMomentView['state'], string> = { upcoming: 'scheduled', open: 'open now', closed: 'closed' };

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`);

/** "×3.2" or "no usual rate": the lift of one row. */
function liftWords(result: CallResult): string {
  return result.lift.lift === null ? 'no usual rate' : `×${result.lift.lift.toFixed(2).replace(/\.?0+$/, '')}`;
}

/**
 * One call moment on the target's card: its sign-up command and live count; once the window has
 * opened, the follow-through per platform and together, the lift (and what it means), the parts
 * of the window a chat platform missed, and the answer that followed.
 */
export function CallMoment({ target, moment, canEdit, now }: { target: PublicTargetView; moment: CallMomentView; canEdit: boolean; now: number }) {
  const tag = target.hashtag_labels[0] ? `#${target.hashtag_labels[0]}` : 'the call';
  const { result } = moment;
  const rows: { key: TargetPlatform | 'together'; name: string; r: CallResult }[] = moment.by_platform.map((p) => ({ key: p.platform, name: PLATFORM_NAMES[p.platform], r: p }));
  if (rows.length !== 1) rows.push({ key: 'together', name: 'Together', r: result });
  const started = moment.state !== 'upcoming';
  return (
    <li className="call-moment" data-testid="moment" data-moment={moment.id} data-state={moment.state} data-signups={result.signups}
      data-followed={result.followed} data-others={result.others} data-after={moment.after_per_minute ?? ''} data-before={moment.before_per_minute}>
      <div className="call-moment-head">
        <strong>{dateTime(moment.at)}</strong>
        <span className={`call-state call-${moment.state}`} data-testid="moment-state">
          {STATE_WORDS[moment.state]}
          {moment.state === 'open' && ` until ${shortTime(moment.ends_at)}`}
        </span>
      </div>
      {moment.command !== null && (
        <p className="call-signups" data-testid="moment-signups">
          <span className="call-signups-count">{count(result.signups)}</span> signed up
          {moment.by_platform.length > 1 && ` (${moment.by_platform.map((p) => `${PLATFORM_NAMES[p.platform]} ${count(p.signups)}`).join(' · ')})`}
          {' '}by typing <code data-testid="moment-command">{moment.command}</code> in chat
          {moment.state === 'closed' ? '.' : `, to post ${tag} at ${shortTime(moment.at)}.`}
        </p>
      )}
      {moment.bot && moment.bot.words && (
        <p className={`hint call-bot call-bot-${moment.bot.state}`} data-testid="call-bot" data-state={moment.bot.state}>Chat bot: {moment.bot.words}</p>
      )}
      {canEdit && moment.state === 'upcoming' && moment.command !== null && <CommandForm targetId={target.id} moment={moment} />}
      {started && (
        <>
          <table className="call-results" data-testid="call-results">
            <caption>
              {moment.state === 'open' ? `Follow-through so far (the window closes at ${shortTime(moment.ends_at)})` : `Follow-through in the ${moment.window_minutes} minutes from ${shortTime(moment.at)}`}
            </caption>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">signed up</th>
                <th scope="col">of them posted</th>
                <th scope="col">others posted</th>
                <th scope="col">peak minute</th>
                <th scope="col">lift</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ key, name, r }) => (
                <tr key={key} data-testid="call-row" data-platform={key} data-signups={r.signups} data-followed={r.followed} data-others={r.others} className={key === 'together' ? 'together' : undefined}>
                  <th scope="row">{key === 'together' ? name : <span className={`platform-mark platform-${key}`}>{name}</span>}</th>
                  <td>{count(r.signups)}</td>
                  <td>{count(r.followed)} <span className="hint">{percent(r.followed, r.signups)}</span></td>
                  <td>{count(r.others)}</td>
                  <td className="call-peak">{r.peak ? <><span>{hourMinute(r.peak.minute)}</span> <span className="hint">{count(r.peak.posts)} posts</span></> : '—'}</td>
                  <td>{liftWords(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint" data-testid="call-lift">
            {result.lift.lift === null
              ? `Lift compares how often those who signed up posted ${tag} per minute in the window with the ${result.lift.minutes_before} minutes before it; they had not posted it before, so there is no usual rate to compare with.`
              : `Lift ×${result.lift.lift}: those who signed up posted ${tag} ${perMinute(result.lift.posts_in_window / result.lift.window_minutes)} times a minute in the window (${count(result.lift.posts_in_window)} posts in ${result.lift.window_minutes} min), against ${perMinute(Math.round((result.lift.posts_before / result.lift.minutes_before) * 10) / 10)} a minute in the ${result.lift.minutes_before} minutes before it (${count(result.lift.posts_before)} posts).`}
            {' '}Bots and your own account are not counted; deleted messages do not count.
          </p>
          <p className="hint">
            Mentions: {perMinute(moment.before_per_minute)}/min in the 10 min before →{' '}
            {moment.after_per_minute === null ? `after: measured at ${teamTime(Date.parse(moment.at) + 10 * 60_000)}` : `${perMinute(moment.after_per_minute)}/min in the 10 min after`}
          </p>
        </>
      )}
      {moment.missed.map((part) => (
        <p className="call-missed" role="status" data-testid="call-missed" key={`${part.source_id}-${part.from}`}>
          {PLATFORM_NAMES[part.platform]} ({part.source_name}) was not connected from {shortTime(part.from)} to {Date.parse(part.to) >= now - 60_000 && moment.state === 'open' ? 'now' : shortTime(part.to)}: posts there in that time could not be counted.
        </p>
      ))}
      {moment.answer && (
        <p className="call-answer" data-testid="call-answer">
          Answered {answeredAfter(moment.answer.after_s)} after this moment · {KIND_WORDS[moment.answer.kind]}: “{moment.answer.quote}”
          {safeLink(moment.answer.url) && <> · <a href={safeLink(moment.answer.url)!} target="_blank" rel="noreferrer noopener">the answer</a></>}
        </p>
      )}
    </li>
  );
}

/** The owner changes the sign-up command before the moment; refusals come back in words. */
function CommandForm({ targetId, moment }: { targetId: string; moment: CallMomentView }) {
  const [command, setCommand] = useState(moment.command ?? '');
  const { busy, error, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(() => callApi('PUT /api/targets/:id/moments/:momentId', { params: { id: targetId, momentId: moment.id }, body: { command } }));
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <input value={command} onChange={(e) => setCommand(e.target.value)} maxLength={60} aria-label="Sign-up command" data-testid="moment-command-input" />
      <button type="submit" className="secondary" disabled={busy || command === moment.command} data-testid="moment-command-save">Change the command</button>
      {error && <p className="form-error" role="alert" data-testid="moment-command-error">{error}</p>}
    </form>
  );
}
