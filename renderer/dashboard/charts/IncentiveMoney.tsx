import { memo, useMemo } from 'react';
import { Legend, Line, LineChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { ChartWindowKey, IncentiveChartsView } from '../../../shared/charts.js';
import { callApi } from '../../lib/api.js';
import { displayAmount } from '../../lib/format.js';
import type { Amount } from '../../../shared/money.js';
import { useSteadyRows } from '../../lib/use-steady.js';
import { timeTicks } from './axes.js';
import { CHART_MARGIN, LEGEND_STYLE, TOOLTIP_STYLE, type TimeFrame, useFrame, useSteadyAxis } from './chart-parts.js';
import { bucketRange } from './format.js';
import { useChartLoad } from './use-chart-load.js';

const COLOURS = ['#ffc233', '#6cb6ff', '#4cc38a', '#f26b6b', '#c792ea', '#f0a24a', '#7fdbca', '#e0e0e0', '#ff8fb1', '#9ccc65'];

interface Row {
  start: string;
  /** For the chart's scale only; the tooltip shows the exact amount. */
  values: Record<string, number>;
  exact: Record<string, Amount>;
}

/** What each incentive and bid war had raised over the window (cumulative: a line only climbs, or drops at a refund). */
const Lines = memo(function Lines({ view, withDay }: { view: IncentiveChartsView; withDay: boolean }) {
  const rows = useMemo<Row[]>(() => {
    const starts = view.incentives[0]?.points.map((p) => p.start) ?? [];
    return starts.map((start, k) => ({
      start,
      values: Object.fromEntries(view.incentives.map((i) => [String(i.id), Number(i.points[k]?.raised.value ?? 0)])),
      exact: Object.fromEntries(view.incentives.map((i) => [String(i.id), i.points[k]?.raised ?? i.total])),
    }));
  }, [view]);
  const y = useSteadyAxis(() => rows.flatMap((r) => Object.values(r.values)), [rows], false);
  const first = rows[0]?.start;
  const last = rows[rows.length - 1]?.start;
  const frame = useMemo<TimeFrame>(
    () => ({ ticks: timeTicks(rows.map((r) => r.start), view.bucket_minutes), withDay, step: view.bucket_minutes, live: view.window.live }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [first, last, withDay, view.bucket_minutes, view.window.live],
  );
  const axes = useFrame(frame, y);
  // The tooltip and lines keep their identity while the incentives stay the same (see useFrame).
  const list = useSteadyRows(
    useMemo(() => view.incentives.map((i) => ({ id: String(i.id), name: i.name })), [view.incentives]),
    (a, b) => a.id === b.id && a.name === b.name,
  );
  const parts = useMemo(() => {
    const names = new Map(list.map((i) => [i.id, i.name]));
    return [
      <Tooltip
        key="tooltip"
        contentStyle={TOOLTIP_STYLE}
        labelFormatter={(start) => bucketRange(String(start), frame.step)}
        formatter={(value, _name, item) => {
          const id = String(item.dataKey).replace(/^values\./, '');
          const exact = (item.payload as Row).exact[id];
          return [exact ? displayAmount(exact) : String(value), names.get(id) ?? ''];
        }}
      />,
      <Legend key="legend" wrapperStyle={LEGEND_STYLE} />,
      ...list.map((incentive, i) => (
        <Line key={incentive.id} dataKey={`values.${incentive.id}`} name={incentive.name} stroke={COLOURS[i % COLOURS.length]} dot={false} isAnimationActive={false} strokeWidth={1.5} type="stepAfter" />
      )),
    ];
  }, [list, frame.step]);
  return (
    <LineChart data={rows} margin={CHART_MARGIN}>
      {axes}
      {parts}
    </LineChart>
  );
});

/** The charts tab's panel: money per incentive over the window picked above. */
export function IncentiveMoney({ window, withDay }: { window: ChartWindowKey; withDay: boolean }) {
  const load = useChartLoad(`incentives|${window}`, () => callApi('GET /api/charts/incentives', { query: { window } }), (view) => view.window.live);
  const view = load.data;
  const empty = !view ? null : view.incentives.length === 0 ? 'No incentive or bid war yet: plan them in the Incentives tab.' : null;
  return (
    <div className="panel chart-panel" data-testid="chart-incentives" data-incentives={view?.incentives.length ?? 0}>
      <h2>Money per incentive</h2>
      {load.error && <p className="hint warning" role="alert">{load.error}</p>}
      {view && view.incentives.length > 0 && (
        <ul className="incentive-money-list" data-testid="incentive-money-list">
          {view.incentives.map((i, k) => (
            <li key={i.id} data-testid="incentive-money" data-total={i.total.value}>
              <span className="swatch" style={{ background: COLOURS[k % COLOURS.length] }} />
              <bdi>{i.name}</bdi> <strong>{displayAmount(i.total)}</strong>
            </li>
          ))}
        </ul>
      )}
      <div className="chart-area">
        {empty ? <p className="hint">{empty}</p> : view && (
          <ResponsiveContainer width="100%" height="100%">
            <Lines view={view} withDay={withDay} />
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}
