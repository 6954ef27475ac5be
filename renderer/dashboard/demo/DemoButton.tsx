import { useState } from 'react';
import { callApi, failureMessage } from '../lib/api.js';

/** Starts a simulated marathon on its own port and data folder, then opens its dashboard. */
export function DemoButton({ className }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const openDemo = async () => {
    setBusy(true);
    setError(null);
    try {
      const { url } = await callApi('POST /api/demo');
      location.assign(url);
    } catch (failure) {
      setError(failureMessage(failure));
      setBusy(false);
    }
  };

  return (
    <span className={className}>
      <button type="button" className="secondary" data-testid="demo-button" disabled={busy} onClick={() => void openDemo()}>
        {busy ? 'Starting the demo…' : 'Try the demo'}
      </button>
      {error && <span className="form-error" role="alert">{error}</span>}
    </span>
  );
}
