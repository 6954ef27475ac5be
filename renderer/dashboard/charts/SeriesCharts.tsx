import { type ReactElement, useMemo } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type ChartsView, bucketLabel } from '../../../shared/charts.js';
import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { AXIS, TOOLTIP_STYLE } from '../PaceChart.js';
import { bucketRange, bucketTime, count, money } from './format.js';

const TARGET_COLOURS = ['#f26b6b', '#6cb6ff', '#4cc38a', '#c792ea', '#f0a24a', '#7fdbca'];
const MARGIN = { top: 6, right: 8, bottom: 0, left: 0 };

function ChartBox({ id, title, points, empty, children }: { id: string; title: string; points: number; empty?: string | null; children: ReactElement }) {
  return (
    <div className="panel chart-panel" data-testid={`chart-${id}`} data-points={points}>
      <h2>{title}</h2>
      <div className="chart-area">
        {empty ? (
          <p className="hint">{empty}</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}

/** The window's four series, each at most ~1,000 points, drawn without animation (they refresh live). */
export function SeriesCharts({ view }: { view: ChartsView }) {
  const withDay = Date.parse(view.window.to) - Date.parse(view.window.from) >= 20 * 3_600_000;
  const tick = (iso: string) => bucketTime(iso, withDay);
  // Grid and axes shared by the four charts. Recharts reads its axes from the chart's direct
  // children, so they come as an array of elements rather than a wrapper component.
  const frame = [
    <CartesianGrid key="grid" stroke="#232b3b" vertical={false} />,
    <XAxis key="x" dataKey="start" tickFormatter={tick} {...AXIS} minTickGap={48} />,
    <YAxis key="y" width={60} {...AXIS} allowDecimals={false} tickCount={4} />,
  ];
  const step = view.bucket_minutes;
  const moneyStep = view.money_bucket_minutes;

  const rows = useMemo(() => {
    const scale = isCurrencyCode(view.currency) ? 10 ** minorUnitExponent(view.currency) : 100;
    const moneyRows = view.money.map((b) => ({ start: b.start, raised: b.raised_minor / scale, bucket: b }));
    const chatRows = view.chat.map((b) => ({ ...b, per_minute: Math.round((b.messages / b.minutes) * 10) / 10 }));
    const targetRows = view.chat.map((b, i) => {
      const row: Record<string, string | number> = { start: b.start };
      for (const t of view.targets) row[t.id] = t.points[i]?.mentions ?? 0;
      return row;
    });
    return { moneyRows, chatRows, targetRows };
  }, [view]);

  return (
    <div className="series-charts">
      <ChartBox id="money" title={`Money per ${bucketLabel(moneyStep)}`} points={rows.moneyRows.length}>
        <BarChart data={rows.moneyRows} margin={MARGIN}>
          {frame}
          <Tooltip
            contentStyle={TOOLTIP_STYLE}
            cursor={{ fill: 'rgba(255,255,255,0.06)' }}
            labelFormatter={(start) => bucketRange(String(start), moneyStep)}
            formatter={(_v, _n, item) => {
              const bucket = (item.payload as { bucket: ChartsView['money'][number] }).bucket;
              return [`${money(bucket.raised)} (${count(bucket.donations)} donations)`, 'Raised'];
            }}
          />
          <Bar dataKey="raised" fill="#f5b942" isAnimationActive={false} />
        </BarChart>
      </ChartBox>
      <ChartBox id="messages" title={step === 1 ? 'Chat messages per minute' : `Chat messages per minute (average per ${bucketLabel(step)})`} points={rows.chatRows.length}>
        <AreaChart data={rows.chatRows} margin={MARGIN}>
          {frame}
          <Tooltip
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(start) => bucketRange(String(start), step)}
            formatter={(_v, _n, item) => {
              const b = item.payload as ChartsView['chat'][number] & { per_minute: number };
              return [`${b.per_minute} / min · ${count(b.messages)} in all · busiest minute ${count(b.peak_minute_messages)}`, 'Messages'];
            }}
          />
          <Area dataKey="per_minute" stroke="#6cb6ff" fill="#6cb6ff" fillOpacity={0.25} isAnimationActive={false} dot={false} />
        </AreaChart>
      </ChartBox>
      <ChartBox id="chatters" title={`Unique chatters per ${bucketLabel(step)} (exact)`} points={rows.chatRows.length}>
        <AreaChart data={rows.chatRows} margin={MARGIN}>
          {frame}
          <Tooltip
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(start) => bucketRange(String(start), step)}
            formatter={(value) => [count(Number(value)), 'People who wrote']}
          />
          <Area dataKey="chatters" stroke="#4cc38a" fill="#4cc38a" fillOpacity={0.2} isAnimationActive={false} dot={false} />
        </AreaChart>
      </ChartBox>
      <ChartBox
        id="targets"
        title={`Mentions per target per ${bucketLabel(step)}`}
        points={view.targets.length === 0 ? 0 : rows.targetRows.length}
        empty={view.targets.length > 0 ? null : view.source ? 'Mentions are counted across all channels: choose all channels to see them.' : 'No targets yet.'}
      >
          <LineChart data={rows.targetRows} margin={MARGIN}>
            {frame}
            <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(start) => bucketRange(String(start), step)} formatter={(value, name) => [count(Number(value)), String(name)]} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {view.targets.map((t, i) => (
              <Line key={t.id} dataKey={t.id} name={t.name} stroke={TARGET_COLOURS[i % TARGET_COLOURS.length]} dot={false} isAnimationActive={false} strokeWidth={1.5} />
            ))}
          </LineChart>
      </ChartBox>
    </div>
  );
}
