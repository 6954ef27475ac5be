import { type FormEvent, useState } from 'react';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import '../TwitchChat.css';
import './youtube.css';

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

/** A short name for the source list: the handle, or "YouTube <id>". */
function nameFor(video: string): string {
  const handle = /@([A-Za-z0-9._-]{3,30})/.exec(video);
  if (handle) return `@${handle[1]} on YouTube`;
  const id = /(?:v=|youtu\.be\/|\/live\/)([A-Za-z0-9_-]{11})/.exec(video)?.[1] ?? (VIDEO_ID.test(video) ? video : null);
  return id ? `YouTube ${id}` : 'YouTube live chat';
}

/**
 * Follows a YouTube live chat: a video link (or a channel handle, whose live broadcast is found)
 * and a Data API key. The key is kept by the app encrypted and never shown again.
 */
export function YouTubeSourceForm() {
  const [video, setVideo] = useState('');
  const [key, setKey] = useState('');
  const [quota, setQuota] = useState('10000');
  const [done, setDone] = useState<string | null>(null);
  const { busy: sending, error, setError, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const link = video.trim();
    if (!link) return setError('Paste the live video’s link (youtube.com/watch?v=…, youtu.be/…, youtube.com/live/…) or the channel’s @handle.');
    if (!key.trim()) return setError('Enter a YouTube Data API key: Google Cloud console → APIs & Services → Credentials → Create credentials → API key.');
    const units = Number(quota.replace(/[\s,]/g, ''));
    if (!Number.isSafeInteger(units) || units < 100) return setError('The daily quota is a whole number of units: 10,000 unless Google granted this key’s project more.');
    setDone(null);
    const created = await run(() =>
      callApi('POST /api/sources', { body: { kind: 'youtube', name: nameFor(link), video: link, api_key: key.trim(), daily_quota: units } }),
    );
    if (!created) return;
    setDone(`Added ${created.name}. Its live state and quota show under Sources.`);
    setVideo('');
    setKey('');
  };

  return (
    <div className="panel youtube-source">
      <h2>Add a YouTube live chat</h2>
      <form className="twitch-form" data-testid="youtube-form" onSubmit={(e) => void submit(e)} noValidate>
        <label className="grow">
          Live video link or channel handle
          <input data-testid="youtube-video" placeholder="https://www.youtube.com/watch?v=… or @channel" value={video} maxLength={300}
            autoComplete="off" spellCheck={false} onChange={(e) => { setVideo(e.target.value); setDone(null); }} />
        </label>
        <div className="inline-form yt-fields">
          <label className="grow">
            YouTube Data API key
            <input data-testid="youtube-key" type="password" value={key} maxLength={200} autoComplete="new-password" spellCheck={false}
              onChange={(e) => setKey(e.target.value)} />
          </label>
          <label>
            Units a day
            <input data-testid="youtube-quota-input" inputMode="numeric" value={quota} maxLength={12} size={9} onChange={(e) => setQuota(e.target.value)} />
          </label>
          <button type="submit" className="secondary" data-testid="youtube-submit" disabled={sending}>
            {sending ? 'Adding…' : 'Add'}
          </button>
        </div>
        <p className="hint">
          An API key is the supported way (signing in with a Google account is not offered): it reads any public live chat. A
          key’s project has 10,000 quota units a day unless Google granted more, shared with anything else using it; the app
          spreads its reads so they last until the daily reset and shows what is left. The key is stored encrypted and never
          shown again.
        </p>
        {error && <p className="form-error" role="alert" data-testid="youtube-error">{error}</p>}
        {done && <p className="form-done" role="status" data-testid="youtube-done">{done}</p>}
      </form>
    </div>
  );
}
