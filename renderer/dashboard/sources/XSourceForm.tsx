import { type FormEvent, useState } from 'react';
import type { RouteBody } from '../../../shared/contract.js';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';

const DEFAULT_INTERVAL_S = 60;

/**
 * Adds X posts as a source: the app's bearer token (kept by the core, never shown again) and how
 * often to search. What is searched comes from the targets: their hashtags, X handles and own posts.
 */
export function XSourceForm() {
  const [name, setName] = useState('');
  const [token, setToken] = useState('');
  const [interval, setInterval] = useState(String(DEFAULT_INTERVAL_S));
  const [baseUrl, setBaseUrl] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (!token.trim()) {
      setError('The bearer token is needed: X developer portal → your app → Keys and tokens.');
      return;
    }
    const seconds = Number(interval);
    if (!Number.isInteger(seconds) || seconds < 15 || seconds > 3_600) {
      setError('Search every 15 to 3600 seconds.');
      return;
    }
    const body: RouteBody<'POST /api/sources'> = {
      kind: 'x',
      name: name.trim() || 'X posts',
      bearer_token: token.trim(),
      poll_interval_s: seconds,
      ...(baseUrl.trim() ? { base_url: baseUrl.trim() } : {}),
    };
    const created = await run(() => callApi('POST /api/sources', { body }));
    if (!created) return;
    setToken('');
    setDone(`${created.name} added: posts calling on your targets are searched every ${seconds} s.`);
  };

  return (
    <div className="panel platform-source" data-testid="x-source">
      <h2>Add X posts</h2>
      <form className="platform-form" data-testid="x-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          Name
          <input data-testid="x-name" value={name} maxLength={80} placeholder="X posts" onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Bearer token
          <input data-testid="x-bearer-token" type="password" autoComplete="off" spellCheck={false}
            placeholder="Developer portal → your app → Keys and tokens" value={token} onChange={(e) => { setToken(e.target.value); setError(null); }} />
        </label>
        <label>
          Search every (seconds)
          <input data-testid="x-interval" inputMode="numeric" value={interval} onChange={(e) => setInterval(e.target.value)} />
        </label>
        <label>
          API address (optional)
          <input data-testid="x-base-url" spellCheck={false} placeholder="https://api.x.com/2" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
        </label>
        <p className="hint">
          Each target’s hashtags and X handles are searched in recent posts, and its own account’s posts become
          candidate answers. Requests are spread to fit X’s rate limit; the token stays on this computer and is never shown again.
        </p>
        <button type="submit" className="secondary" data-testid="x-submit" disabled={busy}>{busy ? 'Adding…' : 'Add X posts'}</button>
        {error && <p className="form-error" role="alert" data-testid="x-error">{error}</p>}
        {done && <p className="form-done" role="status" data-testid="x-done">{done}</p>}
      </form>
    </div>
  );
}
