import { useState } from 'react';
import { CHART_WINDOWS, type ChartWindowKey, bucketLabel } from '../../../shared/charts.js';
import { callApi } from '../../lib/api.js';
import { type SourceLabel, useSourceLabels } from '../store.js';
import { bucketTime, count, money } from './format.js';
import { IncentiveMoney } from './IncentiveMoney.js';
import { PacePanel } from './PacePanel.js';
import { SeriesCharts } from './SeriesCharts.js';
import { TopDonors } from './TopDonors.js';
import { useChartLoad } from './use-chart-load.js';
import './charts.css';

const isChartChannel = (s: Pick<SourceLabel, 'kind'>) => s.kind === 'twitch' || s.kind === 'demo';

/** The charts tab: any window of the marathon from the rollups, with pace, projection and top donors. */
export function ChartsView() {
  const channels = useSourceLabels(isChartChannel);
  const [window, setWindow] = useState<ChartWindowKey>('6h');
  const [source, setSource] = useState<string>('');
  const charts = useChartLoad(
    `${window}|${source}`,
    () => callApi('GET /api/charts', { query: { window, ...(source ? { source } : {}) } }),
    (view) => view.window.live,
  );
  const pace = useChartLoad('pace', () => callApi('GET /api/charts/pace'), (view) => view.phase !== 'ended');
  const view = charts.data;
  const withDay = view ? Date.parse(view.window.to) - Date.parse(view.window.from) >= 20 * 3_600_000 : false;

  return (
    <div className="charts-view" data-testid="charts-view" data-state={charts.current ? 'ready' : 'loading'} data-window={charts.current ? window : ''}>
      <div className="charts-toolbar">
        <div className="window-picker" role="group" aria-label="Window">
          {CHART_WINDOWS.map((w) => (
            <button
              key={w.key}
              type="button"
              className={w.key === window ? 'current' : ''}
              aria-pressed={w.key === window}
              data-testid={`charts-window-${w.key}`}
              onClick={() => setWindow(w.key)}
            >
              {w.label}
            </button>
          ))}
        </div>
        {channels.length > 0 && (
          <label className="inline">
            Chat from
            <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="charts-source">
              <option value="">All channels and sources</option>
              {channels.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
          </label>
        )}
        {view && (
          <span className="hint window-range" data-testid="charts-range">
            {bucketTime(view.window.from, true)} → {bucketTime(view.window.to, withDay)}
            {' · '}
            {view.window.live ? 'live' : 'fixed'} · chat per {bucketLabel(view.bucket_minutes)}
          </span>
        )}
        {!charts.current && <span className="hint" data-testid="charts-loading">Loading…</span>}
      </div>
      {charts.error && <p className="hint warning" role="alert">{charts.error}</p>}
      {view && (
        <div className="charts-figures" data-testid="charts-figures">
          <Figure id="raised" label="Raised in this window" value={money(view.totals.raised)} data={view.totals.raised.value} />
          <Figure id="donations" label="Donations" value={count(view.totals.donations)} data={String(view.totals.donations)} />
          <Figure id="messages" label="Chat messages" value={count(view.totals.messages)} data={String(view.totals.messages)} />
          <Figure id="chatters" label="Unique chatters (exact)" value={count(view.totals.chatters)} data={String(view.totals.chatters)} />
        </div>
      )}
      <div className="charts-grid">
        <section className="charts-main" aria-label="Charts">
          {view && <SeriesCharts view={view} />}
          {view && <IncentiveMoney window={window} withDay={withDay} />}
        </section>
        <aside className="charts-side" aria-label="Pace and donors">
          {pace.error && <p className="hint warning" role="alert">{pace.error}</p>}
          {pace.data && <PacePanel pace={pace.data} />}
          {pace.data && <TopDonors pace={pace.data} />}
        </aside>
      </div>
    </div>
  );
}

function Figure({ id, label, value, data }: { id: string; label: string; value: string; data: string }) {
  return (
    <div className="panel figure" data-testid={`figure-${id}`} data-value={data}>
      <span className="hint">{label}</span>
      <strong>{value}</strong>
    </div>
  );
}
