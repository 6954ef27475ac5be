import { useEffect, useState } from 'react';
import type { OverlayInfo } from '../../shared/views.js';
import { callApi, failureMessage } from '../lib/api.js';
import { CopyButton } from './CopyButton.js';

/** The overlay URLs to paste into OBS as a Browser source, and a way to invalidate them. */
export function OverlayLink() {
  const [info, setInfo] = useState<OverlayInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);

  useEffect(() => {
    let current = true;
    callApi('GET /api/overlay')
      .then((answer) => current && setInfo(answer))
      .catch((failure: unknown) => current && setError(failureMessage(failure)));
    return () => {
      current = false;
    };
  }, []);

  const rotate = async () => {
    setRotating(true);
    setError(null);
    try {
      setInfo(await callApi('POST /api/overlay/rotate-key'));
      setConfirming(false);
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setRotating(false);
    }
  };

  return (
    <div className="panel overlay-link" data-testid="overlay-link">
      <h2>Overlay for OBS</h2>
      <p className="hint">In OBS, add a Browser source and paste this URL. Its background is transparent.</p>
      {info?.widgets.map((widget) => (
        <div className="hook-url" key={widget.name} data-testid="overlay-widget" data-widget={widget.name}>
          <span className="widget-name">{widget.name}</span>
          <code data-testid="overlay-url">{widget.url}</code>
          <CopyButton text={widget.url} testId="overlay-copy" />
        </div>
      ))}
      {error && <p className="form-error" role="alert" data-testid="overlay-error">{error}</p>}
      {confirming ? (
        <div className="confirm">
          <span>Overlays already in OBS stop updating until you paste the new URL.</span>
          <button type="button" className="danger" data-testid="overlay-rotate-confirm" disabled={rotating} onClick={() => void rotate()}>
            {rotating ? 'Rotating…' : 'Rotate now'}
          </button>
          <button type="button" className="quiet" onClick={() => setConfirming(false)}>Cancel</button>
        </div>
      ) : (
        <button type="button" className="quiet" data-testid="overlay-rotate" onClick={() => setConfirming(true)}>
          Rotate key
        </button>
      )}
    </div>
  );
}
