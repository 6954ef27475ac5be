import { type FormEvent, useState } from 'react';
import type { ScreeningMode, ScreeningSettings } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { readAmountInput } from '../../lib/amount-input.js';
import { useAction } from '../../lib/use-action.js';
import { useDashboard } from '../store.js';

const MODES: { value: ScreeningMode; label: string }[] = [
  { value: 'one_pass', label: 'One pass (a moderator approves each message)' },
  { value: 'two_pass', label: 'Two passes (a second moderator sends it to the reader)' },
  { value: 'none', label: 'Off (everything shows on the overlay at once)' },
];

/** The owner's rules: the mode, the word list, and the amount below which messages stay off the overlay. */
export function ScreeningSettingsForm({ settings }: { settings: ScreeningSettings }) {
  const currency = useDashboard((s) => s.campaign?.currency ?? 'EUR');
  const locale = useDashboard((s) => s.campaign?.locale);
  const [mode, setMode] = useState<ScreeningMode>(settings.mode);
  const [words, setWords] = useState(settings.words.join('\n'));
  const [min, setMin] = useState(settings.overlay_min?.value ?? '');
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    let overlayMin = null;
    if (min.trim() !== '') {
      const parsed = readAmountInput(min, currency, 'the minimum amount', locale);
      if (!parsed.ok) {
        setError(parsed.error);
        return;
      }
      overlayMin = parsed.value;
    }
    const list = words.split('\n').map((w) => w.trim()).filter((w) => w !== '');
    const done = await run(() => callApi('PUT /api/screening/settings', { body: { mode, words: list, overlay_min: overlayMin } }));
    if (done) setSaved(true);
  };

  return (
    <form className="panel screening-settings" onSubmit={(e) => void save(e)} data-testid="screening-settings">
      <h2>Screening rules</h2>
      <label>
        Mode
        <select value={mode} onChange={(e) => setMode(e.target.value as ScreeningMode)} data-testid="screening-mode-select">
          {MODES.map((m) => (
            <option key={m.value} value={m.value}>{m.label}</option>
          ))}
        </select>
      </label>
      <label>
        Words that deny a message (one per line; case and accents do not matter)
        <textarea rows={4} value={words} onChange={(e) => setWords(e.target.value)} data-testid="screening-words" />
      </label>
      <label>
        Messages show on the overlay from ({currency}; empty: any amount)
        <input inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} placeholder="5.00" data-testid="screening-min" />
      </label>
      {error && <p className="form-error" role="alert">{error}</p>}
      {saved && !error && <p className="form-done">Saved. New donations follow these rules.</p>}
      <button type="submit" className="secondary" disabled={busy}>Save rules</button>
    </form>
  );
}
