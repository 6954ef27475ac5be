import { useEffect, useState } from 'react';
import type { OverlayTargetView } from '../../../shared/views.js';
import type { OverlayOptions } from '../options.js';
import { useOverlay } from '../store.js';
import { Isolated } from '../../lib/isolated.js';
import { Sentence, useOverlayLocale } from '../words.js';

/** setTimeout's own limit is about 24 days; a wait is cut into hours and looked at again. */
const MAX_WAIT_MS = 3_600_000;

interface ActiveMoment {
  target: OverlayTargetView;
  at: number;
}

/** The moment on now (the latest one begun less than `seconds` ago) and when the picture next changes. */
function momentAt(targets: OverlayTargetView[], now: number, seconds: number): { active: ActiveMoment | null; nextChange: number } {
  let active: ActiveMoment | null = null;
  let nextChange = now + MAX_WAIT_MS;
  for (const target of targets) {
    for (const iso of target.moments) {
      const at = Date.parse(iso);
      const ends = at + seconds * 1000;
      if (at <= now && now < ends) {
        if (!active || at > active.at) active = { target, at };
        nextChange = Math.min(nextChange, ends);
      } else if (at > now) {
        nextChange = Math.min(nextChange, at);
      }
    }
  }
  return { active, nextChange };
}

/**
 * The call-moment card: from a scheduled moment's minute, for `seconds`, the hashtag to post and
 * what is asked. Nothing is drawn between moments; the page wakes only when one begins or ends.
 */
export function OverlayMoment({ options }: { options: OverlayOptions }) {
  const targets = useOverlay((s) => s.targets);
  const [now, setNow] = useState(() => Date.now());
  const { words } = useOverlayLocale();
  const { active, nextChange } = momentAt(targets, now, options.seconds);

  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now()), Math.max(50, Math.min(MAX_WAIT_MS, nextChange - Date.now() + 20)));
    return () => clearTimeout(timer);
  }, [nextChange]);

  if (!active) return <div className="overlay-moment" data-testid="moment" data-active="false" />;
  const { target } = active;
  const tag = target.hashtags[0];
  return (
    <div className="overlay-moment" data-testid="moment" data-active="true">
      <div key={`${target.id}-${active.at}`} className="moment-card card">
        <div className="moment-head ov-text">{words.postItNow}</div>
        <div className="moment-tag ov-text" data-testid="moment-tag">{tag ? <bdi dir="auto">#{tag}</bdi> : <Isolated text={target.name} />}</div>
        <div className="moment-ask ov-text" data-testid="moment-ask" dir="auto">{target.ask}</div>
        <div className="moment-who ov-text"><Sentence template={words.callingOn} values={{ name: <Isolated text={target.name} /> }} /></div>
      </div>
    </div>
  );
}
