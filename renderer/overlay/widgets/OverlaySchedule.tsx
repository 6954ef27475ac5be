import { fill } from '../../../shared/locales/index.js';
import { Isolated } from '../../lib/isolated.js';
import { useNow } from '../../lib/use-now.js';
import { spanWords } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { useOverlayLocale } from '../words.js';

/** "Now" and "Up next" from the run schedule: titles and who is on, and when the next one is expected (slid with the actual starts). */
export function OverlaySchedule(_: { options: OverlayOptions }) {
  const schedule = useOverlay((s) => s.schedule);
  const now = useNow(15_000);
  const { words } = useOverlayLocale();
  const current = schedule.segments.find((s) => s.id === schedule.current_id);
  // Before the first segment started: the first one still to come is next.
  const next = schedule.segments.find((s) => s.id === schedule.next_id) ?? (current ? undefined : schedule.segments.find((s) => Date.parse(s.expected_end) > now));
  if (!current && !next) return null;
  return (
    <section className="overlay-schedule card" data-testid="schedule">
      {current && (
        <div className="schedule-slot now" data-testid="schedule-now" data-id={current.id}>
          <div className="schedule-label ov-text">{words.nowOn}</div>
          <Isolated className="schedule-title ov-text" testId="schedule-now-title" text={current.title} />
          {current.runners && <Isolated className="schedule-runners ov-text" text={current.runners} />}
        </div>
      )}
      {next && (
        <div className="schedule-slot next" data-testid="schedule-next" data-id={next.id}>
          <div className="schedule-label ov-text">
            {words.upNext}
            {Date.parse(next.expected_start) > now ? <span className="schedule-when"> · {fill(words.segmentIn, { span: spanWords(Date.parse(next.expected_start) - now, words) })}</span> : null}
          </div>
          <Isolated className="schedule-title ov-text" testId="schedule-next-title" text={next.title} />
          {next.runners && <Isolated className="schedule-runners ov-text" text={next.runners} />}
        </div>
      )}
    </section>
  );
}
