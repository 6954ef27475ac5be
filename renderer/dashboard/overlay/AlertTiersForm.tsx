import { useEffect, useState } from 'react';
import {
  ALERT_DURATION_MAX_S,
  ALERT_DURATION_MIN_S,
  ALERT_LOOKS,
  ALERT_SOUNDS,
  type AlertLook,
  type AlertSettings,
  type AlertSound,
  type AlertTier,
  type BuiltInSound,
  MAX_ALERT_TIERS,
  type SoundFileView,
  suggestedTiers,
} from '../../../shared/alert-tiers.js';
import { callApi, failureMessage } from '../../lib/api.js';
import { SoundFilesList } from './SoundFilesList.js';

const LOOK_NAMES: Record<AlertLook, string> = { standard: 'Standard', big: 'Big', epic: 'Epic' };
const SOUND_NAMES: Record<BuiltInSound, string> = { none: 'No sound', chime: 'Chime', coins: 'Coins', fanfare: 'Fanfare' };

function TierRow({ tier, index, sounds, saved, onChange, onRemove, onTest }: {
  tier: AlertTier;
  index: number;
  /** The owner's uploaded sounds, offered after the shipped ones. */
  sounds: SoundFileView[];
  /** A test alert shows the saved tiers: only a saved row can be tried. */
  saved: boolean;
  onChange: (tier: AlertTier) => void;
  onRemove: () => void;
  onTest: () => void;
}) {
  const set = <K extends keyof AlertTier>(name: K, value: AlertTier[K]) => onChange({ ...tier, [name]: value });
  return (
    <tr data-testid={`tier-${index}`}>
      <td>
        <input type="text" inputMode="decimal" value={tier.from} disabled={index === 0} aria-label={`Tier ${index + 1} from`} data-testid={`tier-${index}-from`}
          onChange={(e) => set('from', e.target.value.trim())} />
      </td>
      <td>
        <input type="number" min={ALERT_DURATION_MIN_S} max={ALERT_DURATION_MAX_S} step={1} value={tier.duration_s} aria-label={`Tier ${index + 1} seconds`}
          data-testid={`tier-${index}-seconds`} onChange={(e) => set('duration_s', Math.round(Number(e.target.value)) || ALERT_DURATION_MIN_S)} />
      </td>
      <td>
        <select value={tier.look} aria-label={`Tier ${index + 1} look`} data-testid={`tier-${index}-look`} onChange={(e) => set('look', e.target.value as AlertLook)}>
          {ALERT_LOOKS.map((look) => <option key={look} value={look}>{LOOK_NAMES[look]}</option>)}
        </select>
      </td>
      <td>
        <select value={tier.sound} aria-label={`Tier ${index + 1} sound`} data-testid={`tier-${index}-sound`} onChange={(e) => set('sound', e.target.value as AlertSound)}>
          {ALERT_SOUNDS.map((sound) => <option key={sound} value={sound}>{SOUND_NAMES[sound]}</option>)}
          {sounds.length > 0 && (
            <optgroup label="Your sounds">
              {sounds.map((file) => <option key={file.id} value={`file:${file.id}`}>{file.name}</option>)}
            </optgroup>
          )}
        </select>
      </td>
      <td className="ov-tier-volume">
        <input type="range" min={0} max={100} step={5} value={tier.volume} disabled={tier.sound === 'none'} aria-label={`Tier ${index + 1} volume`}
          data-testid={`tier-${index}-volume`} onChange={(e) => set('volume', Number(e.target.value))} />
        <span className="hint">{tier.volume}</span>
      </td>
      <td className="ov-tier-actions">
        <button type="button" className="quiet" disabled={!saved} title={saved ? undefined : 'Save the tiers first'} data-testid={`tier-${index}-test`} onClick={onTest}>Test</button>
        {index > 0 && <button type="button" className="quiet" aria-label={`Remove tier ${index + 1}`} onClick={onRemove}>Remove</button>}
      </td>
    </tr>
  );
}

/**
 * The owner's alert tiers by size, beside the alerts widget: each tier's threshold, duration,
 * look and sound, saved for every overlay at once, and a test alert to see and hear one.
 */
export function AlertTiersForm({ currency }: { currency: string }) {
  const [saved, setSaved] = useState<AlertSettings | null>(null);
  const [draft, setDraft] = useState<AlertTier[]>([]);
  const [early, setEarly] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [sounds, setSounds] = useState<SoundFileView[]>([]);

  useEffect(() => {
    let current = true;
    callApi('GET /api/overlay/alerts')
      .then((settings) => {
        if (!current) return;
        setSaved(settings);
        setDraft(settings.tiers);
        setEarly(settings.early);
      })
      .catch((failure: unknown) => current && setMessage({ error: true, text: failureMessage(failure) }));
    return () => {
      current = false;
    };
  }, []);

  const tiersChanged = saved !== null && JSON.stringify(saved.tiers) !== JSON.stringify(draft);
  const changed = saved !== null && (JSON.stringify(saved.tiers) !== JSON.stringify(draft) || saved.early !== early);
  const save = async () => {
    try {
      const settings = await callApi('PUT /api/overlay/alerts', { body: { tiers: draft, early } });
      setSaved(settings);
      setDraft(settings.tiers);
      setEarly(settings.early);
      setMessage({ error: false, text: settings.tiers.length > 0 ? 'Saved: every overlay uses these tiers from its next alert.' : 'Saved: every alert looks the same again.' });
    } catch (failure) {
      setMessage({ error: true, text: failureMessage(failure) });
    }
  };
  const test = async (tier?: number) => {
    try {
      await callApi('POST /api/overlay/test-alert', { body: tier === undefined ? {} : { tier } });
      setMessage({ error: false, text: 'Test alert sent to every open overlay (and the preview above). Nothing was counted.' });
    } catch (failure) {
      setMessage({ error: true, text: failureMessage(failure) });
    }
  };
  const addTier = () => {
    const last = draft[draft.length - 1];
    setDraft([...draft, { from: '', duration_s: last?.duration_s ?? 8, look: 'big', sound: last?.sound ?? 'chime', volume: last?.volume ?? 70 }]);
  };

  return (
    <section className="ov-tiers" data-testid="alert-tiers" aria-label="Alert tiers">
      <div className="ov-head">
        <h3>Alert tiers by size</h3>
        <span className="hint">
          Amounts in {currency}. Donations by their amount, Twitch moments by what the campaign counts them as; raids use the first tier, milestones the last.
          With tiers, each tier’s seconds replace “Each alert” below.
        </span>
      </div>
      {draft.length === 0 ? (
        <p className="hint" data-testid="alert-tiers-none">
          No tiers: every alert looks the same, silent, for the “Each alert” seconds below.{' '}
          <button type="button" data-testid="alert-tiers-suggest" onClick={() => setDraft(suggestedTiers(currency))}>Use three tiers</button>
        </p>
      ) : (
        <table className="ov-tier-table">
          <thead>
            <tr><th>From ({currency})</th><th>Seconds</th><th>Look</th><th>Sound</th><th>Volume</th><th /></tr>
          </thead>
          <tbody>
            {draft.map((tier, index) => (
              <TierRow
                key={index}
                tier={tier}
                index={index}
                sounds={sounds}
                saved={!tiersChanged && index < (saved?.tiers.length ?? 0)}
                onChange={(next) => setDraft(draft.map((t, i) => (i === index ? next : t)))}
                onRemove={() => setDraft(draft.filter((_, i) => i !== index))}
                onTest={() => void test(index)}
              />
            ))}
          </tbody>
        </table>
      )}
      <SoundFilesList sounds={sounds} onSounds={setSounds} tiersSaved={saved?.tiers ?? []} />
      <label className="ov-field ov-toggle">
        <input type="checkbox" checked={early} data-testid="alert-early" onChange={(e) => setEarly(e.target.checked)} />
        <span>Alert at once with the donor’s name and amount while the message waits for screening (the message shows only once approved)</span>
      </label>
      <div className="ov-tier-buttons">
        {draft.length > 0 && draft.length < MAX_ALERT_TIERS && <button type="button" className="quiet" onClick={addTier}>Add a tier</button>}
        {draft.length > 0 && <button type="button" className="quiet" onClick={() => setDraft([])}>No tiers</button>}
        <button type="button" className="primary" disabled={!changed} data-testid="alert-tiers-save" onClick={() => void save()}>Save</button>
        <button type="button" data-testid="alert-test" onClick={() => void test()}>Send a test alert</button>
      </div>
      {message && (
        <p className={message.error ? 'form-error' : 'hint'} role={message.error ? 'alert' : 'status'} data-testid="alert-tiers-message">{message.text}</p>
      )}
    </section>
  );
}
