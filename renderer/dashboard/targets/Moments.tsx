import { WallTimeInput } from '../../lib/WallTimeInput.js';
import { type FormEvent, useEffect, useState } from 'react';
import type { CallMomentView, TargetView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import { useNow } from '../../lib/use-now.js';
import { isoToLocal, localToIso } from './format.js';
import { defaultCommand } from '../../../shared/call-command.js';
import { CallMoment } from './CallMoment.js';

const WINDOW_MS = 10 * 60_000;

/**
 * The after-rate is only known once the ten minutes after a moment have passed; if chat is quiet
 * then, no live change brings it, so the target is read again at that point.
 */
function useSettledMoments(target: TargetView, now: number): CallMomentView[] {
  const [fresh, setFresh] = useState<{ from: TargetView; moments: CallMomentView[] } | null>(null);
  // Also when a moment's window opens or closes in quiet chat: its state moves with the clock.
  const unsettled = target.moments.some(
    (m) => (m.after_per_minute === null && Date.parse(m.at) + WINDOW_MS <= now) || (m.state === 'upcoming' && Date.parse(m.at) <= now) || (m.state === 'open' && Date.parse(m.ends_at) <= now),
  );
  const minute = Math.floor(now / 60_000);
  useEffect(() => {
    if (!unsettled) return;
    let live = true;
    callApi('GET /api/targets')
      .then(({ targets }) => {
        const found = targets.find((t) => t.id === target.id);
        if (live && found) setFresh({ from: target, moments: found.moments });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [unsettled, target, minute]);
  return fresh && fresh.from === target ? fresh.moments : target.moments;
}

/** Call moments: everyone posts the call at the same minute; the rate before and after shows whether it worked. */
export function Moments({ target, canSchedule, prefillAt = null }: { target: TargetView; canSchedule: boolean; prefillAt?: string | null }) {
  const now = useNow(15_000);
  const moments = useSettledMoments(target, now);
  const [at, setAt] = useState('');
  // A time picked from the best-minute suggestions fills the form in; scheduling stays the owner's press.
  useEffect(() => {
    if (prefillAt) setAt(isoToLocal(prefillAt));
  }, [prefillAt]);
  const [command, setCommand] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const iso = localToIso(at);
    if (!iso) {
      setError('Choose the date and time of the call moment.');
      return;
    }
    const saved = await run(() => callApi('POST /api/targets/:id/moments', { params: { id: target.id }, body: { at: iso, ...(command.trim() ? { command } : {}) } }));
    if (saved) {
      setAt('');
      setCommand('');
    }
  };
  if (!canSchedule && moments.length === 0) return null;
  return (
    <section className="moments" data-testid="moments">
      <h2>Call moments</h2>
      {moments.length === 0 && (
        <p className="hint">
          None yet. At a call moment, everyone posts the hashtag and the ask in the same minute. Viewers sign up beforehand by typing its command in chat;
          after the window you see who followed through.
        </p>
      )}
      <ol className="moment-list">
        {moments.map((m) => <CallMoment key={m.id} target={target} moment={m} canEdit={canSchedule} now={now} />)}
      </ol>
      {canSchedule && (
        <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
          <WallTimeInput value={at} onChange={(e) => setAt(e.target.value)} testId="moment-at" aria-label="Time of the call moment" />
          <input value={command} onChange={(e) => setCommand(e.target.value)} maxLength={60} placeholder={defaultCommand(target.name)} aria-label="Sign-up command (optional)" data-testid="moment-command-new" />
          <button type="submit" className="secondary" disabled={busy} data-testid="moment-submit">Schedule a call moment</button>
          {error && <p className="form-error" role="alert" data-testid="moment-error">{error}</p>}
        </form>
      )}
    </section>
  );
}

