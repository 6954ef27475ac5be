import { type ChangeEvent, useEffect, useState } from 'react';
import { type AlertTier, MAX_SOUND_FILE_BYTES, MAX_SOUND_FILES, type SoundFileView } from '../../../shared/alert-tiers.js';
import { callApi, failureMessage } from '../../lib/api.js';

/** A file's bytes as base64, read in the browser (the upload is JSON, like every API body). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * The owner's own alert sounds: upload a short file (MP3, Ogg, WAV...), then choose it for a
 * tier above. A sound a saved tier plays cannot be removed; the server says so in words.
 */
export function SoundFilesList({ sounds, onSounds, tiersSaved }: {
  sounds: SoundFileView[];
  onSounds: (sounds: SoundFileView[]) => void;
  /** Reloads the list when the saved tiers change (which tiers use which file). */
  tiersSaved: AlertTier[];
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const tiersKey = JSON.stringify(tiersSaved.map((tier) => tier.sound));

  useEffect(() => {
    let current = true;
    callApi('GET /api/overlay/sounds')
      .then((answer) => current && onSounds(answer.sounds))
      .catch((failure: unknown) => current && setMessage({ error: true, text: failureMessage(failure) }));
    return () => {
      current = false;
    };
  }, [tiersKey, onSounds]);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setMessage(null);
    if (file.size > MAX_SOUND_FILE_BYTES) {
      setMessage({ error: true, text: `${file.name} is ${kilobytes(file.size)}, over ${kilobytes(MAX_SOUND_FILE_BYTES)}: use a shorter or more compressed sound (MP3 or Ogg).` });
      input.value = '';
      return;
    }
    setBusy(true);
    try {
      const { sound } = await callApi('POST /api/overlay/sounds', { body: { name: file.name.slice(0, 80), data: await readBase64(file) } });
      onSounds([...sounds.filter((s) => s.id !== sound.id), sound]);
      setMessage({ error: false, text: `${sound.name} is uploaded: choose it in a tier's Sound, then save the tiers.` });
    } catch (failure) {
      setMessage({ error: true, text: failureMessage(failure) });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  const remove = async (sound: SoundFileView) => {
    try {
      await callApi('DELETE /api/overlay/sounds/:id', { params: { id: sound.id } });
      onSounds(sounds.filter((s) => s.id !== sound.id));
      setMessage({ error: false, text: `${sound.name} is removed.` });
    } catch (failure) {
      setMessage({ error: true, text: failureMessage(failure) });
    }
  };

  return (
    <div className="ov-sounds" data-testid="sound-files">
      <div className="ov-sounds-head">
        <strong>Your sounds</strong>
        <span className="hint">MP3, Ogg, WAV, FLAC, M4A or WebM, up to {kilobytes(MAX_SOUND_FILE_BYTES)}; played at the tier’s volume, cut when the alert leaves.</span>
      </div>
      {sounds.length > 0 && (
        <ul className="ov-sounds-list">
          {sounds.map((sound) => (
            <li key={sound.id} data-testid="sound-file" data-sound-id={sound.id}>
              <span className="ov-sound-name" dir="auto">{sound.name}</span>
              <span className="hint">{sound.type.replace('audio/', '')} · {kilobytes(sound.bytes)}{sound.used_by.length > 0 ? ` · tier ${sound.used_by.join(', ')}` : ''}</span>
              <button type="button" className="quiet" aria-label={`Remove ${sound.name}`} data-testid="sound-file-remove" onClick={() => void remove(sound)}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      {sounds.length < MAX_SOUND_FILES && (
        <label className="ov-sound-upload">
          <span className="ov-sound-button">{busy ? 'Uploading…' : 'Upload a sound'}</span>
          <input type="file" accept="audio/*" disabled={busy} data-testid="sound-file-input" onChange={(e) => void upload(e)} />
        </label>
      )}
      {message && <p className={message.error ? 'form-error' : 'hint'} role={message.error ? 'alert' : 'status'} data-testid="sound-files-message">{message.text}</p>}
    </div>
  );
}
