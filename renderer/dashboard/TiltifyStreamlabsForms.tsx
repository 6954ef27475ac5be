import { type FormEvent, useState } from 'react';
import type { RouteBody } from '../../shared/contract.js';
import { callApi } from '../lib/api.js';
import { useAction } from '../lib/use-action.js';

type Platform = 'tiltify' | 'streamlabs' | 'streamelements' | 'twitch-charity';

const LABELS: Record<Platform, string> = { tiltify: 'Tiltify', streamlabs: 'Streamlabs', streamelements: 'StreamElements', 'twitch-charity': 'Twitch Charity' };

interface Field {
  name: string;
  label: string;
  placeholder: string;
  secret?: boolean;
  optional?: boolean;
}

const FIELDS: Record<Platform, Field[]> = {
  tiltify: [
    { name: 'campaign_id', label: 'Campaign id', placeholder: 'From Tiltify: Setup → Information' },
    { name: 'client_id', label: 'Client id', placeholder: 'From your Tiltify developer application' },
    { name: 'client_secret', label: 'Client secret', placeholder: 'Kept on this computer, never shown again', secret: true },
    { name: 'webhook_signing_key', label: 'Webhook signing key (optional)', placeholder: 'Only if you forward webhooks through a tunnel', secret: true, optional: true },
    { name: 'base_url', label: 'API address (optional)', placeholder: 'https://v5api.tiltify.com', optional: true },
  ],
  streamlabs: [
    { name: 'socket_token', label: 'Socket API token', placeholder: 'Streamlabs → Settings → API Tokens', secret: true },
    { name: 'base_url', label: 'Socket address (optional)', placeholder: 'https://sockets.streamlabs.com', optional: true },
  ],
  streamelements: [
    { name: 'jwt', label: 'JWT token', placeholder: 'StreamElements → Channel settings → API → Show secrets', secret: true },
    { name: 'channel_id', label: 'Account ID (optional)', placeholder: 'Shown beside the JWT; found from the JWT if left empty', optional: true },
    { name: 'base_url', label: 'Gateway address (optional)', placeholder: 'wss://astro.streamelements.com', optional: true },
  ],
  'twitch-charity': [
    { name: 'channel', label: 'Channel', placeholder: 'Your Twitch channel name' },
    { name: 'oauth_token', label: 'User token', placeholder: 'Your own token with the channel:read:charity scope', secret: true },
    { name: 'server', label: 'EventSub address (optional)', placeholder: 'wss://eventsub.wss.twitch.tv/ws', optional: true },
    { name: 'api_url', label: 'API address (optional)', placeholder: 'https://api.twitch.tv', optional: true },
    { name: 'auth_url', label: 'Token check address (optional)', placeholder: 'https://id.twitch.tv', optional: true },
  ],
};

const HINTS: Record<Platform, string> = {
  tiltify: 'Donations arrive by polling Tiltify every 30 s, so no public address is needed. Tiltify’s own total shows beside ours.',
  streamlabs: 'Donations arrive live through the Streamlabs socket. The token stays on this computer and is never shown again.',
  streamelements: 'Tips arrive live through StreamElements’ gateway; a tip sent again after a reconnect counts once. The JWT stays on this computer and is never shown again.',
  'twitch-charity': 'Donations to your Twitch Charity campaign arrive live through EventSub, and Twitch’s own campaign total shows beside ours. The token stays on this computer.',
};

/** Adds a Tiltify campaign, a Streamlabs account, a StreamElements channel or a Twitch Charity campaign as a source; credentials go to the core only. */
export function TiltifyStreamlabsForm() {
  const [platform, setPlatform] = useState<Platform>('tiltify');
  const [values, setValues] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const { busy: sending, error, setError, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const name = (values.name ?? '').trim() || LABELS[platform];
    const missing = FIELDS[platform].find((f) => !f.optional && !(values[f.name] ?? '').trim());
    if (missing) {
      setError(`${missing.label} is needed.`);
      return;
    }
    const fields: Record<string, string> = {};
    for (const field of FIELDS[platform]) {
      const value = (values[field.name] ?? '').trim();
      if (value) fields[field.name] = value;
    }
    // The fields come from FIELDS[platform] and the required ones were checked just above.
    const body = { ...fields, kind: platform, name } as RouteBody<'POST /api/sources'>;
    setDone(null);
    const created = await run(() => callApi('POST /api/sources', { body }));
    if (!created) return;
    setValues({});
    setDone(`${created.name} added. Its status shows in the source list.`);
  };

  return (
    <div className="panel platform-source">
      <h2>Add a donation platform</h2>
      <form className="platform-form" data-testid="platform-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="segmented" role="radiogroup" aria-label="Platform">
          {(Object.keys(LABELS) as Platform[]).map((p) => (
            <button key={p} type="button" role="radio" aria-checked={platform === p} data-testid={`platform-${p}`}
              className={platform === p ? 'on' : ''} onClick={() => { setPlatform(p); setError(null); setDone(null); }}>
              {LABELS[p]}
            </button>
          ))}
        </div>
        <label>
          Name
          <input data-testid="platform-name" value={values.name ?? ''} maxLength={80}
            placeholder={LABELS[platform]}
            onChange={(e) => setValues({ ...values, name: e.target.value })} />
        </label>
        {FIELDS[platform].map((field) => (
          <label key={field.name}>
            {field.label}
            <input data-testid={`platform-${field.name}`} type={field.secret ? 'password' : 'text'} autoComplete="off"
              spellCheck={false} placeholder={field.placeholder} value={values[field.name] ?? ''}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })} />
          </label>
        ))}
        <p className="hint">{HINTS[platform]}</p>
        <button type="submit" className="secondary" data-testid="platform-submit" disabled={sending}>
          {sending ? 'Adding…' : `Add ${LABELS[platform]}`}
        </button>
        {error && <p className="form-error" role="alert" data-testid="platform-error">{error}</p>}
        {done && <p className="form-done" role="status" data-testid="platform-done">{done}</p>}
      </form>
    </div>
  );
}
