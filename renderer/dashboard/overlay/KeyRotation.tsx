import { useState } from 'react';

/** Rotating the key breaks every URL given out so far: said before, and asked twice. */
export function KeyRotation({ rotate }: { rotate: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const run = async () => {
    setRotating(true);
    try {
      await rotate();
      setConfirming(false);
    } finally {
      setRotating(false);
    }
  };
  return (
    <div className="panel ov-key" data-testid="overlay-key">
      <h2>Overlay key</h2>
      <p className="hint">
        Every overlay URL carries this key. It reads the screened overlay data and nothing else. Rotate it if a URL leaked
        (shown on stream, pasted in chat).
      </p>
      {confirming ? (
        <div className="confirm">
          <p className="warning-box" role="alert">
            Every overlay in OBS stops updating at once. Afterwards, copy each widget's new URL and paste it into its Browser
            source in OBS.
          </p>
          <div className="ov-confirm-buttons">
            <button type="button" className="danger" data-testid="overlay-rotate-confirm" disabled={rotating} onClick={() => void run()}>
              {rotating ? 'Rotating…' : 'Rotate the key now'}
            </button>
            <button type="button" className="quiet" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </div>
      ) : (
        <button type="button" className="quiet" data-testid="overlay-rotate" onClick={() => setConfirming(true)}>
          Rotate key…
        </button>
      )}
    </div>
  );
}
