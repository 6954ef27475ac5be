import { type FormEvent, useState } from 'react';
import type { SourceCreated } from '../../shared/views.js';
import { callApi, failureMessage } from '../lib/api.js';
import { CopyButton } from './CopyButton.js';
import { useDashboard } from './store.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, exampleBody, exampleScript } from './webhook-example.js';

/** The secret is shown once, right after creation: the app keeps only what it needs to check it. */
function NewWebhookSecret({ created, onDone }: { created: SourceCreated; onDone(): void }) {
  const currency = useDashboard((s) => s.campaign?.currency ?? 'EUR');
  const hookUrl = `${location.origin}${created.hook_path ?? ''}`;
  const secret = created.secret ?? '';
  const body = exampleBody(currency, new Date());
  return (
    <div className="new-secret" data-testid="webhook-created">
      <p className="warning-box">
        Copy the secret now: it is shown only once. Anyone with it can send donations to this hook.
      </p>
      <div className="kv">
        <span>Hook URL</span>
        <code data-testid="webhook-url">{hookUrl}</code>
        <CopyButton text={hookUrl} />
        <span>Secret</span>
        <code data-testid="webhook-secret">{secret}</code>
        <CopyButton text={secret} testId="webhook-secret-copy" />
      </div>
      <p className="hint">
        POST JSON to the hook URL with <code>{TIMESTAMP_HEADER}: &lt;unix seconds&gt;</code> and{' '}
        <code>{SIGNATURE_HEADER}: sha256=&lt;hex HMAC-SHA256 of "&lt;timestamp&gt;.&lt;raw body&gt;" with the secret&gt;</code>.
        Requests older than 5 minutes are refused; resending the same <code>id</code> is safe.
      </p>
      <h3>Example body</h3>
      <pre data-testid="webhook-example-body">{body}</pre>
      <h3>
        Try it from a terminal <CopyButton text={exampleScript(hookUrl, secret, body)} />
      </h3>
      <pre data-testid="webhook-example-script">{exampleScript(hookUrl, secret, body)}</pre>
      <button type="button" className="secondary" data-testid="webhook-done" onClick={onDone}>
        I have saved the secret
      </button>
    </div>
  );
}

/** Adds a signed webhook source for donation forms, bank or PayPal bridges, or any tool. */
export function WebhookSourceForm() {
  const [name, setName] = useState('');
  const [created, setCreated] = useState<SourceCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Give the source a name you will recognise, like "Donation form".');
      return;
    }
    setError(null);
    setSending(true);
    try {
      const source = await callApi('POST /api/sources', { body: { kind: 'webhook', name: trimmed } });
      setCreated(source);
      setName('');
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="panel webhook-source" id="add-webhook-source">
      <h2>Add a webhook source</h2>
      {created ? (
        <NewWebhookSecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <form className="inline-form" data-testid="webhook-form" onSubmit={(e) => void submit(e)} noValidate>
          <label className="grow">
            <span className="sr-only">Source name</span>
            <input data-testid="webhook-name" placeholder="Name, like “Donation form”" value={name} maxLength={100}
              onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="secondary" data-testid="webhook-submit" disabled={sending}>
            {sending ? 'Adding…' : 'Add'}
          </button>
          {error && <p className="form-error" role="alert" data-testid="webhook-error">{error}</p>}
        </form>
      )}
    </div>
  );
}
