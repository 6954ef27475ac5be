import { fill } from '../../../shared/locales/index.js';
import { clockSpan } from '../../lib/format.js';
import { Isolated } from '../../lib/isolated.js';
import { useNow } from '../../lib/use-now.js';
import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { isSingular, useOverlayLocale } from '../words.js';
import { prizeToShow } from './prize-to-show.js';

/**
 * The prize to win now: its title, the minimum donation in the campaign currency and the time
 * left in its window; after its draw, the winners as the overlay may name them (an anonymous
 * donor, or one whose donation is not approved, is "Anonymous"). Titles and names are text.
 */
export function OverlayPrize({ options }: { options: OverlayOptions }) {
  const prizes = useOverlay((s) => s.prizes);
  const now = useNow(1000);
  const { locale, words } = useOverlayLocale();
  const shown = prizeToShow(prizes, now);
  if (!shown) return null;
  const { prize, phase } = shown;
  const minimum = overlayAmount(prize.minimum, options, locale);
  const time =
    phase === 'open' ? fill(words.prizeClosesIn, { span: clockSpan(Date.parse(prize.closes_at) - now) })
    : phase === 'upcoming' ? fill(words.prizeOpensIn, { span: clockSpan(Date.parse(prize.opens_at) - now) })
    : phase === 'closed' ? words.prizeClosed
    : null;
  return (
    <section className="overlay-prize card" data-testid="prize" data-phase={phase} data-prize={prize.id}>
      <div className="prize-head ov-text">{phase === 'drawn' ? words.prizeWinners : words.prizeToWin}</div>
      <Isolated text={prize.title} className="prize-title ov-text" testId="prize-title" />
      {phase === 'drawn' ? (
        <ol className="prize-winners">
          {prize.winners_drawn.map((winner) => (
            <li key={winner.position} className="prize-winner ov-text" data-testid="prize-winner" data-place={winner.position}>
              <span className="prize-place">{winner.position}</span>
              <Isolated text={winner.name ?? words.anonymous} className={winner.name === null ? 'prize-name anonymous' : 'prize-name'} testId="prize-winner-name" />
            </li>
          ))}
        </ol>
      ) : (
        <>
          <div className="prize-minimum ov-text" data-testid="prize-minimum" data-value={prize.minimum.value}>{fill(words.prizeMinimum, { amount: minimum })}</div>
          <div className="prize-time ov-text" data-testid="prize-time">{time}</div>
          {phase !== 'upcoming' && (
            <div className="prize-entries ov-text" data-testid="prize-entries">
              {fill(isSingular(locale, prize.entries) ? words.prizeEntriesOne : words.prizeEntriesOther, { count: prize.entries })}
            </div>
          )}
        </>
      )}
    </section>
  );
}
