import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { fill } from '../../../shared/locales/index.js';
import { isSingular, useOverlayLocale } from '../words.js';

/**
 * The team event's total (every desk's, in the team currency) and, under it, the desks with what
 * each raised. Shows nothing while this desk is in no team. Text only, never HTML.
 */
export function OverlayTeamTotal({ options }: { options: OverlayOptions }) {
  const team = useOverlay((s) => s.team);
  const { locale, words } = useOverlayLocale();
  if (!team) return null;
  const shown = team.desks.slice(0, options.count);
  return (
    <section className="overlay-team card" data-testid="team-total-widget">
      <h1 className="team-name ov-text">{team.name}</h1>
      <div className="amount ov-text" data-testid="team-total" data-value={team.total.value} data-currency={team.total.currency}>
        {overlayAmount(team.total, options, locale)}
      </div>
      {options.goal && (
        <div className="team-goal ov-text" data-testid="team-goal">
          {fill(words.teamGoal, { amount: overlayAmount(team.goal, options, locale) })}
        </div>
      )}
      <ol className="team-desks">
        {shown.map((desk) => (
          <li key={desk.name} className="team-desk ov-text" data-testid="team-desk">
            <span className="team-desk-name">{desk.name}</span>
            <span className="team-desk-raised" data-value={desk.raised.value}>{overlayAmount(desk.raised, options, locale)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The team's targets board: mentions and distinct callers across every desk's chat, and who answered first. */
export function OverlayTeamBoard(_: { options: OverlayOptions }) {
  const team = useOverlay((s) => s.team);
  const { locale, words } = useOverlayLocale();
  if (!team) return null;
  const count = (one: string, other: string, n: number) => fill(isSingular(locale, n) ? one : other, { count: n.toLocaleString(locale) });
  return (
    <section className="overlay-team-board card" data-testid="team-board-widget">
      <h1 className="team-name ov-text">{team.name}</h1>
      <ul className="team-targets">
        {team.targets.map((target) => (
          <li key={target.name} className={target.answered ? 'team-target answered ov-text' : 'team-target ov-text'} data-testid="team-target">
            <span className="team-target-name">{target.name}</span>
            <span className="team-target-count" data-testid="team-target-mentions" data-mentions={target.mentions} data-callers={target.callers}>
              {count(words.teamCallsOne, words.teamCallsOther, target.mentions)} · {count(words.teamPeopleOne, words.teamPeopleOther, target.callers)}
            </span>
            <span className="team-target-state">
              {target.answered ? (target.answered_on ? fill(words.teamAnsweredOn, { desk: target.answered_on }) : words.teamAnswered) : words.teamWaiting}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
