import { useState } from 'react';
import { DEMO_OPENED_PARAM } from '../../../shared/demo.js';
import { callApi, failureMessage } from '../../lib/api.js';
import './demo.css';

/**
 * Starts a simulated marathon on its own port and data folder, and opens its dashboard in a tab
 * of its own beside this one, which stays as it is. Where no tab can be opened (the desktop
 * window, a blocked pop-up) the demo opens here instead; its "Back to my campaign" returns.
 */
export function DemoButton({ className, label = 'Try the demo' }: { className?: string; label?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);

  const openDemo = async () => {
    setBusy(true);
    setError(null);
    // Opened during the click: a tab opened after the request would count as a pop-up.
    const tab = window.open('', '_blank');
    try {
      const { url } = await callApi('POST /api/demo');
      if (tab && !tab.closed) {
        // The demo's page has no hold on this one (it is another server's page).
        tab.opener = null;
        tab.location.href = `${url}&${DEMO_OPENED_PARAM}=tab`;
        setOpened(url);
        setBusy(false);
      } else {
        location.assign(url);
      }
    } catch (failure) {
      tab?.close();
      setError(failureMessage(failure));
      setBusy(false);
    }
  };

  return (
    <span className={className}>
      <button type="button" className="secondary" data-testid="demo-button" disabled={busy} onClick={() => void openDemo()}>
        {busy ? 'Starting the demo…' : label}
      </button>
      {opened && (
        <span className="demo-opened" role="status" data-testid="demo-opened">
          The demo is open in another tab; your campaign stays here.
        </span>
      )}
      {error && <span className="form-error" role="alert">{error}</span>}
    </span>
  );
}
