import { type FormEvent, useState } from 'react';
import { callApi, failureMessage } from '../lib/api.js';
import './TwitchChat.css';

const CHANNEL = /^[A-Za-z0-9_]{1,25}$/;

/**
 * Follows a Twitch channel's chat. No account is needed (chat is read anonymously); a login and
 * OAuth token are optional, kept by the app encrypted, and never shown again.
 */
export function TwitchSourceForm() {
  const [channel, setChannel] = useState('');
  const [login, setLogin] = useState('');
  const [token, setToken] = useState('');
  const [signIn, setSignIn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const name = channel.trim().replace(/^#/, '').replace(/^https?:\/\/(www\.)?twitch\.tv\//i, '').replace(/\/.*$/, '');
    if (!CHANNEL.test(name)) {
      setError('Enter the channel name as in its address twitch.tv/<name>: letters, digits and "_", at most 25.');
      return;
    }
    if (signIn && token.trim() !== '' && login.trim() === '') {
      setError('With a token, also enter the account name the token belongs to.');
      return;
    }
    setError(null);
    setDone(null);
    setSending(true);
    try {
      const created = await callApi('POST /api/sources', {
        body: {
          kind: 'twitch',
          name: `#${name.toLowerCase()}`,
          channel: name,
          ...(signIn && login.trim() ? { login: login.trim() } : {}),
          ...(signIn && token.trim() ? { oauth_token: token.trim() } : {}),
        },
      });
      setDone(`Added ${created.name}. Its status shows under Sources.`);
      setChannel('');
      setLogin('');
      setToken('');
      setSignIn(false);
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="panel twitch-source">
      <h2>Add a Twitch channel</h2>
      <form className="twitch-form" data-testid="twitch-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="inline-form">
          <label className="grow">
            <span className="sr-only">Channel name</span>
            <input data-testid="twitch-channel" placeholder="Channel name, like “alca”" value={channel} maxLength={60}
              autoComplete="off" spellCheck={false} onChange={(e) => { setChannel(e.target.value); setDone(null); }} />
          </label>
          <button type="submit" className="secondary" data-testid="twitch-submit" disabled={sending}>
            {sending ? 'Adding…' : 'Add'}
          </button>
        </div>
        <label className="checkbox">
          <input type="checkbox" data-testid="twitch-sign-in" checked={signIn} onChange={(e) => setSignIn(e.target.checked)} />
          Sign in with a Twitch account (optional)
        </label>
        {signIn && (
          <div className="field-row">
            <label className="grow">
              Account name
              <input data-testid="twitch-login" value={login} maxLength={25} autoComplete="off" spellCheck={false}
                onChange={(e) => setLogin(e.target.value)} />
            </label>
            <label className="grow">
              OAuth token
              <input data-testid="twitch-token" type="password" value={token} maxLength={220} autoComplete="new-password"
                spellCheck={false} onChange={(e) => setToken(e.target.value)} />
            </label>
          </div>
        )}
        <p className="hint">
          Chat is read without an account. A token only gives the connection a name; it is stored encrypted and never shown
          again.
        </p>
        {error && <p className="form-error" role="alert" data-testid="twitch-error">{error}</p>}
        {done && <p className="form-done" role="status" data-testid="twitch-done">{done}</p>}
      </form>
    </div>
  );
}
