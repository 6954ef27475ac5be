import { type ReactNode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { OVERLAY_NAMESPACE, OVERLAY_PATH_PREFIX, OVERLAY_WIDGETS, type OverlayChange, type OverlaySnapshot, type OverlayWidget } from '../../shared/contract.js';
import { followHub } from '../lib/hub-client.js';
import { FONTS, type OverlayOptions, parseOptions } from './options.js';
import { OverlayTotal } from './OverlayTotal.js';
import { useOverlay } from './store.js';
import { OverlayCallSignups } from './widgets/OverlayCallSignups.js';
import { OverlayAlerts } from './widgets/OverlayAlerts.js';
import { OverlayClock } from './widgets/OverlayClock.js';
import { OverlayCombined } from './widgets/OverlayCombined.js';
import { OverlayGoal } from './widgets/OverlayGoal.js';
import { OverlayLeaderboard } from './widgets/OverlayLeaderboard.js';
import { OverlayMoment } from './widgets/OverlayMoment.js';
import { OverlayPrize } from './widgets/OverlayPrize.js';
import { OverlayTargets } from './widgets/OverlayTargets.js';
import { OverlayTeamBoard, OverlayTeamTotal } from './widgets/OverlayTeam.js';
import { OverlayTicker } from './widgets/OverlayTicker.js';
import { OverlayBidWar } from './widgets/OverlayBidWar.js';
import { OverlayIncentives } from './widgets/OverlayIncentives.js';
import { OverlaySchedule } from './widgets/OverlaySchedule.js';
import './overlay.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('the page has no #root element');

const params = new URLSearchParams(location.search);
const key = params.get('key') ?? '';
const name = location.pathname.slice(OVERLAY_PATH_PREFIX.length);
const widget: OverlayWidget = (OVERLAY_WIDGETS as readonly string[]).includes(name) ? (name as OverlayWidget) : 'total';
const { options, rejected } = parseOptions((option) => params.get(option));

const WIDGETS: Record<OverlayWidget, (options: OverlayOptions) => ReactNode> = {
  total: (o) => <OverlayTotal options={o} />,
  goal: (o) => <OverlayGoal options={o} />,
  ticker: (o) => <OverlayTicker options={o} />,
  alerts: (o) => <OverlayAlerts options={o} />,
  targets: (o) => <OverlayTargets options={o} />,
  clock: (o) => <OverlayClock options={o} />,
  moment: (o) => <OverlayMoment options={o} />,
  combined: (o) => <OverlayCombined options={o} />,
  leaderboard: (o) => <OverlayLeaderboard options={o} />,
  prize: (o) => <OverlayPrize options={o} />,
  incentives: (o) => <OverlayIncentives options={o} />,
  bidwar: (o) => <OverlayBidWar options={o} />,
  schedule: (o) => <OverlaySchedule options={o} />,
  'team-total': (o) => <OverlayTeamTotal options={o} />,
  'team-board': (o) => <OverlayTeamBoard options={o} />,
  'call-signups': (o) => <OverlayCallSignups options={o} />,
};

// Only validated values reach CSS, and only as custom properties set through the CSSOM.
const html = document.documentElement;
html.style.setProperty('--text', options.color);
html.style.setProperty('--accent', options.accent);
html.style.setProperty('--panel', options.panel ?? 'transparent');
html.style.setProperty('--font', FONTS[options.font]);
html.style.setProperty('--scale', String(options.scale));
html.dataset.widget = widget;
html.dataset.align = options.align;
html.dataset.panel = options.panel ? 'on' : 'off';
// A value the page could not read is kept at its default; this says which, for the streamer's
// browser tools and the tests, never on screen.
if (rejected.length > 0) html.dataset.rejectedOptions = rejected.join(' ');

/** The combined layout is drawn at 1920×1080 and zoomed to the source's size (laid out again, so crisp). */
function fitCanvas(): void {
  if (widget !== 'combined') return;
  html.style.setProperty('--fit', String(Math.min(innerWidth / 1920, innerHeight / 1080)));
}
fitCanvas();
addEventListener('resize', fitCanvas);

const store = useOverlay.getState();
followHub<OverlaySnapshot, OverlayChange>(OVERLAY_NAMESPACE, { key }, {
  snapshot: store.applySnapshot,
  change: store.applyChange,
  connection: store.setConnection,
});

/**
 * Nothing but the widget is drawn: on a lost connection the last state stays on screen (viewers
 * should never see an error), and only data attributes tell a test or a curious streamer.
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
  return <>{WIDGETS[widget](options)}</>;
}

createRoot(rootElement).render(<Overlay />);
