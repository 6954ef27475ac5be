import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { OVERLAY_NAMESPACE, type OverlayChange, type OverlaySnapshot } from '../../shared/contract.js';
import { followHub } from '../lib/hub-client.js';
import { OverlayTotal } from './OverlayTotal.js';
import { useOverlay } from './store.js';
import './overlay.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('the page has no #root element');

const params = new URLSearchParams(location.search);
const key = params.get('key') ?? '';
const showGoal = params.get('goal') !== '0';

const store = useOverlay.getState();
followHub<OverlaySnapshot, OverlayChange>(OVERLAY_NAMESPACE, { key }, {
  snapshot: store.applySnapshot,
  change: store.applyChange,
  connection: store.setConnection,
});

/**
 * Nothing but the widget is drawn: on a lost connection the last total stays on screen (viewers
 * should never see an error), and only a data attribute tells a test or a curious streamer.
 */
function Overlay() {
  const ready = useOverlay((s) => s.ready);
  const connection = useOverlay((s) => s.connection);
  useEffect(() => {
    rootElement?.setAttribute('data-state', ready ? 'ready' : 'loading');
  }, [ready]);
  useEffect(() => {
    rootElement?.setAttribute('data-connection', connection);
  }, [connection]);
  return <OverlayTotal showGoal={showGoal} />;
}

createRoot(rootElement).render(<Overlay />);
