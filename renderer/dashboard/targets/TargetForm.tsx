import { WallTimeInput } from '../../lib/WallTimeInput.js';
import { type FormEvent, useState } from 'react';
import { TARGET_PLATFORMS, type TargetInput, type TargetPlatform, type TargetView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import { dateTime, isoToLocal, localToIso } from './format.js';

const PLATFORM_LABELS: Record<TargetPlatform, { label: string; placeholder: string }> = {
  twitch: { label: 'Twitch login', placeholder: 'rterdogan' },
  x: { label: 'X / Twitter handle', placeholder: '@RTErdogan' },
  youtube: { label: 'YouTube channel', placeholder: '@YouTube' },
  other: { label: 'Elsewhere', placeholder: 'instagram.com/brand' },
};

type StartChoice = 'keep' | 'now' | 'at';

/**
 * Adds a target, or edits one: name, handles per platform, the hashtags that call on it, the
 * ask, and when the call starts. The server checks everything and its refusal is shown as is.
 */
export function TargetForm({ target, onDone, onCancel }: { target: TargetView | null; onDone: (target: TargetView) => void; onCancel?: () => void }) {
  const [name, setName] = useState(target?.name ?? '');
  const [hashtags, setHashtags] = useState(target ? target.hashtag_labels.map((t) => `#${t}`).join(' ') : '');
  const [handles, setHandles] = useState<Record<TargetPlatform, string>>(() => {
    const initial = { twitch: '', x: '', youtube: '', other: '' };
    for (const h of target?.handles ?? []) initial[h.platform] = initial[h.platform] ? `${initial[h.platform]} ${h.handle}` : h.handle;
    return initial;
  });
  const [ask, setAsk] = useState(target?.ask ?? '');
  const [start, setStart] = useState<StartChoice>(target ? 'keep' : 'now');
  const [startAt, setStartAt] = useState(target ? isoToLocal(target.call_started_at) : '');
  const { busy, error, setError, run } = useAction();
  const prefix = target ? 'target-edit' : 'target-new';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: TargetInput = {
      name,
      hashtags: hashtags.split(/[\s,]+/).filter(Boolean),
      handles: TARGET_PLATFORMS.flatMap((platform) => handles[platform].split(/[\s,]+/).filter(Boolean).map((handle) => ({ platform, handle }))),
      ask,
    };
    if (start === 'now') input.call_starts_at = new Date().toISOString();
    if (start === 'at') {
      const at = localToIso(startAt);
      if (!at) {
        setError('Choose the date and time the call starts.');
        return;
      }
      input.call_starts_at = at;
    }
    const saved = await run(() =>
      target ? callApi('PUT /api/targets/:id', { params: { id: target.id }, body: input }) : callApi('POST /api/targets', { body: input }),
    );
    if (saved) onDone(saved.target);
  };

  return (
    <form className="target-form" onSubmit={(e) => void submit(e)} data-testid={`${prefix}-form`} noValidate>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="President Erdoğan" data-testid={`${prefix}-name`} maxLength={120} />
      </label>
      <label>
        Hashtags that call on them
        <input value={hashtags} onChange={(e) => setHashtags(e.target.value)} placeholder="#ErdoganHelpRohingya" data-testid={`${prefix}-hashtags`} />
      </label>
      <fieldset className="target-handles">
        <legend>Their accounts (an @handle in chat counts as a call)</legend>
        {TARGET_PLATFORMS.map((platform) => (
          <label key={platform}>
            {PLATFORM_LABELS[platform].label}
            <input
              value={handles[platform]}
              onChange={(e) => setHandles({ ...handles, [platform]: e.target.value })}
              placeholder={PLATFORM_LABELS[platform].placeholder}
              data-testid={`${prefix}-handle-${platform}`}
            />
          </label>
        ))}
      </fieldset>
      <label>
        What is asked of them
        <textarea value={ask} onChange={(e) => setAsk(e.target.value)} rows={2} placeholder="Open the corridor to the camps" data-testid={`${prefix}-ask`} />
      </label>
      <fieldset className="target-start">
        <legend>The call starts</legend>
        {target && (
          <label className="radio">
            <input type="radio" checked={start === 'keep'} onChange={() => setStart('keep')} /> as set ({dateTime(target.call_started_at)})
          </label>
        )}
        <label className="radio">
          <input type="radio" checked={start === 'now'} onChange={() => setStart('now')} data-testid={`${prefix}-start-now`} /> now
        </label>
        <label className="radio">
          <input type="radio" checked={start === 'at'} onChange={() => setStart('at')} data-testid={`${prefix}-start-at`} /> at
          <WallTimeInput value={startAt} onChange={(e) => (setStartAt(e.target.value), setStart('at'))} testId={`${prefix}-start-time`} />
        </label>
      </fieldset>
      {error && <p className="form-error" role="alert" data-testid={`${prefix}-error`}>{error}</p>}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid={`${prefix}-submit`}>
          {busy ? 'Saving…' : target ? 'Save changes' : 'Add target'}
        </button>
        {onCancel && (
          <button type="button" className="quiet" onClick={onCancel}>Cancel</button>
        )}
      </div>
      {target && <p className="hint">Changing hashtags or handles counts the past chat again from the log.</p>}
    </form>
  );
}
