import { CopyButton } from './CopyButton.js';
import { useOverlayInfo } from './overlay/use-overlay-info.js';

/** The total's URL for OBS at hand on the Live view; the other widgets, options and key are in the Overlay tab. */
export function OverlayLink() {
  const { info, error } = useOverlayInfo();

  const total = info?.widgets.find((widget) => widget.name === 'total');
  return (
    <div className="panel overlay-link" id="overlay-for-obs" data-testid="overlay-link">
      <h2>Overlay for OBS</h2>
      <p className="hint">Add a Browser source in OBS and paste this URL: the total, on a transparent background.</p>
      {total && (
        <div className="hook-url" data-testid="overlay-widget" data-widget={total.name}>
          <code data-testid="overlay-url">{total.url}</code>
          <CopyButton text={total.url} testId="overlay-copy" />
        </div>
      )}
      {error && <p className="form-error" role="alert" data-testid="overlay-error">{error}</p>}
      <p className="hint">The goal bar, latest donations, alerts, targets board, clock and their options: the Overlay tab.</p>
    </div>
  );
}
