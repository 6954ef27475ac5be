import { useState } from 'react';
import { OVERLAY_PATH_PREFIX, OVERLAY_WIDGETS, type OverlayWidget } from '../../../shared/contract.js';
import { callApi } from '../../lib/api.js';
import { type OverlayOptions, WIDGET_INFO, parseOptions, widgetQuery } from '../../overlay/options.js';
import { CopyButton } from '../CopyButton.js';
import { useDashboard } from '../store.js';
import { AlertTiersForm } from './AlertTiersForm.js';
import { KeyRotation } from './KeyRotation.js';
import { OptionsForm } from './OptionsForm.js';
import { useOverlayInfo } from './use-overlay-info.js';
import { WidgetPreview } from './WidgetPreview.js';
import './overlay-tab.css';

const STORAGE_PREFIX = 'telethon-desk.overlay.';

/** The options last chosen for a widget on this computer, read back through the overlay's own checks. */
function storedOptions(widget: OverlayWidget): OverlayOptions {
  let query = '';
  try {
    query = localStorage.getItem(STORAGE_PREFIX + widget) ?? '';
  } catch {
    // storage refused (private window): defaults
  }
  const params = new URLSearchParams(query);
  return parseOptions((name) => params.get(name)).options;
}

function storeOptions(widget: OverlayWidget, query: string): void {
  try {
    localStorage.setItem(STORAGE_PREFIX + widget, query);
  } catch {
    // storage refused: the options live until the tab is closed
  }
}

/** The OBS overlay: each widget previewed live, its options, its URL to copy, and the key. */
export function OverlayTab() {
  const currency = useDashboard((s) => s.campaign?.currency ?? 'EUR');
  const overlay = useOverlayInfo();
  const { info, error } = overlay;
  const [selected, setSelected] = useState<OverlayWidget>('total');
  const [options, setOptions] = useState(() => Object.fromEntries(OVERLAY_WIDGETS.map((w) => [w, storedOptions(w)])) as Record<OverlayWidget, OverlayOptions>);

  const rotate = async () => {
    try {
      overlay.set(await callApi('POST /api/overlay/rotate-key'));
    } catch (failure) {
      overlay.fail(failure);
    }
  };

  const about = WIDGET_INFO[selected];
  const query = info ? widgetQuery(selected, info.key, options[selected]) : '';
  const base = info?.widgets.find((w) => w.name === selected)?.url;
  // The URL for OBS names the app's own address; the preview stays on the dashboard's origin.
  const obsUrl = base ? `${base.split('?')[0]}?${query}` : '';
  const previewUrl = `${OVERLAY_PATH_PREFIX}${selected}?${query}`;
  const change = (next: OverlayOptions) => {
    setOptions((all) => ({ ...all, [selected]: next }));
    if (info) storeOptions(selected, widgetQuery(selected, info.key, next).replace(/^key=[^&]*&?/, ''));
  };

  return (
    <div className="overlay-tab" data-testid="overlay-tab">
      <aside className="ov-list">
        <div className="panel">
          <h2>Widgets for OBS</h2>
          <p className="hint">In OBS, add a Browser source per widget and paste its URL. Backgrounds are transparent.</p>
          <ul className="ov-widgets">
            {OVERLAY_WIDGETS.map((widget) => (
              <li key={widget}>
                <button
                  type="button"
                  className={widget === selected ? 'ov-widget current' : 'ov-widget'}
                  aria-pressed={widget === selected}
                  data-testid={`overlay-pick-${widget}`}
                  onClick={() => setSelected(widget)}
                >
                  {WIDGET_INFO[widget].title}
                </button>
              </li>
            ))}
          </ul>
        </div>
        {info && <KeyRotation rotate={rotate} />}
      </aside>
      <section className="ov-main panel" aria-label={`${about.title} widget`} data-widget={selected}>
        <div className="ov-head">
          <h2>{about.title}</h2>
          <span className="hint">{about.what}</span>
        </div>
        {error && <p className="form-error" role="alert" data-testid="overlay-error">{error}</p>}
        {info && (
          <>
            <div className="hook-url" data-testid="overlay-widget" data-widget={selected}>
              <code data-testid="overlay-url">{obsUrl}</code>
              <CopyButton text={obsUrl} testId="overlay-copy" label="Copy URL" />
            </div>
            <WidgetPreview src={previewUrl} width={about.width} height={about.height} title={about.title} />
            {selected === 'alerts' && <AlertTiersForm currency={currency} />}
            <OptionsForm widget={selected} options={options[selected]} currency={currency} onChange={change} />
          </>
        )}
      </section>
    </div>
  );
}
