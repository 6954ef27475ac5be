import { type FormEvent, useState } from 'react';
import type { RouteBody } from '../../../shared/contract.js';
import { SOURCE_CREDENTIAL_FIELDS } from '../../../shared/source-credentials.js';
import type { SourceView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import './polling.css';

/**
 * The owner pastes a new token on a running source (the platform refused the old one, or it was
 * rotated): the same source keeps its channel or campaign, its cursors and its counts, and
 * reconnects with the new credential. Fields left empty keep what the source had.
 */
export function ReplaceCredential({ source }: { source: SourceView }) {
  const fields = SOURCE_CREDENTIAL_FIELDS[source.kind];
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  if (!fields) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const given = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
    if (Object.keys(given).length === 0) {
      setError(`Paste the new ${fields[0]?.label.toLowerCase() ?? 'credential'} first.`);
      return;
    }
    const saved = await run(() => callApi('PUT /api/sources/:id/credential', { params: { id: source.id }, body: given as RouteBody<'PUT /api/sources/:id/credential'> }));
    if (!saved) return;
    setValues({});
    setOpen(false);
    setDone(`New ${Object.keys(given).length === 1 ? 'credential' : 'credentials'} saved: ${source.name} reconnects with ${Object.keys(given).length === 1 ? 'it' : 'them'}.`);
  };

  if (!open) {
    return (
      <div className="replace-credential">
        <button type="button" className="quiet" data-testid="source-replace-credential" onClick={() => { setOpen(true); setDone(null); }}>
          Replace credentials
        </button>
        {done && <p className="form-done" role="status" data-testid="source-credential-done">{done}</p>}
      </div>
    );
  }
  return (
    <form className="platform-form replace-credential" data-testid="source-credential-form" onSubmit={(e) => void submit(e)} noValidate>
      {fields.map((field) => (
        <label key={field.key}>
          {field.label}{field.optional ? ' (optional: empty keeps the current one)' : ''}
          <input data-testid={`source-credential-${field.key}`} type={field.secret ? 'password' : 'text'} autoComplete="off" spellCheck={false}
            value={values[field.key] ?? ''} onChange={(e) => { setValues({ ...values, [field.key]: e.target.value }); setError(null); }} />
        </label>
      ))}
      <p className="hint">The source keeps what it reads and everything it counted; only the credential changes. It is kept on this computer and never shown again.</p>
      <div className="button-row">
        <button type="submit" className="secondary" data-testid="source-credential-save" disabled={busy}>{busy ? 'Saving…' : 'Save and reconnect'}</button>
        <button type="button" className="quiet" onClick={() => { setOpen(false); setValues({}); setError(null); }}>Cancel</button>
      </div>
      {error && <p className="form-error" role="alert" data-testid="source-credential-error">{error}</p>}
    </form>
  );
}
