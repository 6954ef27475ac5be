import type { OverlayCallView, OverlayTargetView } from '../../../shared/views.js';
import { countIn } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { Sentence, isSingular, useOverlayLocale } from '../words.js';

/** The call to show: the one open now, else the next to come (soonest first). */
function callToShow(targets: OverlayTargetView[], now: number): { target: OverlayTargetView; call: OverlayCallView } | null {
  let best: { target: OverlayTargetView; call: OverlayCallView } | null = null;
  for (const target of targets) {
    for (const call of target.calls) {
      if (Date.parse(call.ends_at) <= now) continue;
      const open = Date.parse(call.at) <= now;
      const bestOpen = best !== null && Date.parse(best.call.at) <= now;
      if (!best || (open && !bestOpen) || (open === bestOpen && Date.parse(call.at) < Date.parse(best.call.at))) best = { target, call };
    }
  }
  return best;
}

/**
 * Crowdspeaking sign-ups on stream: "1,240 people will post #Tag at 21:00 — type !call erdogan
 * to join", the count climbing as chat signs up; during the window, "post it now". Nothing is
 * drawn when no call is coming.
 */
export function OverlayCallSignups(_: { options: OverlayOptions }) {
  const targets = useOverlay((s) => s.targets);
  const now = useNow(5_000);
  const { locale, words } = useOverlayLocale();
  const shown = callToShow(targets, now);
  if (!shown) return <div className="overlay-call-signups" data-testid="call-signups" data-active="false" />;
  const { target, call } = shown;
  const open = Date.parse(call.at) <= now;
  const one = isSingular(locale, call.signups);
  const template = open ? (one ? words.callOpenOne : words.callOpenOther) : one ? words.callSignupsOne : words.callSignupsOther;
  const tag = target.hashtags[0] ? `#${target.hashtags[0]}` : target.name;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(Date.parse(call.at));
  return (
    <div className="overlay-call-signups" data-testid="call-signups" data-active="true" data-state={open ? 'open' : 'upcoming'} data-signups={call.signups}>
      <div className="call-signups-card card">
        <div className="call-signups-line ov-text" data-testid="call-signups-line">
          <Sentence
            template={template}
            values={{
              count: <span className="call-signups-count" data-testid="call-signups-count">{countIn(locale, call.signups)}</span>,
              tag: <bdi dir="auto" className="call-signups-tag">{tag}</bdi>,
              time,
            }}
          />
        </div>
        <div className="call-signups-join ov-text" data-testid="call-signups-join">
          <Sentence template={words.callJoin} values={{ command: <code className="call-signups-command">{call.command}</code> }} />
        </div>
      </div>
    </div>
  );
}
