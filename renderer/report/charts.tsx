/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The report's charts as plain SVG: Recharts 3 lays its charts out in effects, so rendered on
 * the server (renderToStaticMarkup) it draws an empty box. These draw the same series with the
 * dashboard's own axes (timeTicks, valueAxis from the Charts tab), with fixed sizes, no script.
 */
import type { ReactElement } from 'react';
import { timeTicks, valueAxis } from '../dashboard/charts/axes.js';
import { bucketTime, count } from '../dashboard/charts/format.js';

export const WIDTH = 920;
const HEIGHT = 220;
const LEFT = 80;
const RIGHT = 12;
const TOP = 10;
const BOTTOM = 24;
export const SERIES_COLOURS = ['#c2410c', '#1d4ed8', '#15803d', '#7e22ce', '#b45309', '#0e7490'];

export interface Series {
  name: string;
  values: number[];
  colour: string;
}

interface ChartProps {
  /** Bucket starts (ISO), one per value. */
  starts: string[];
  bucketMinutes: number;
  series: Series[];
  kind: 'bars' | 'lines';
  /** How a value on the axis is written (money: "€1,200"). */
  label?: (value: number) => string;
  title: string;
}

/** A time chart: bars (one series) or lines, axes labelled like the dashboard's. */
export function TimeChart({ starts, bucketMinutes, series, kind, label = count, title }: ChartProps): ReactElement {
  const n = starts.length;
  const y = valueAxis(series.flatMap((s) => s.values), true);
  const [bottom, top] = y.domain;
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const xOf = (i: number) => LEFT + (n <= 1 ? 0 : (i / n) * plotW);
  const yOf = (v: number) => TOP + plotH - ((v - bottom) / (top - bottom || 1)) * plotH;
  const withDay = n > 0 && Date.parse(starts[n - 1] ?? '') - Date.parse(starts[0] ?? '') >= 20 * 3_600_000;
  const ticks = new Set(timeTicks(starts, bucketMinutes));
  const barW = Math.max(1, plotW / Math.max(n, 1) - (n > 200 ? 0 : 1));
  const round = (v: number) => Math.round(v * 10) / 10;
  return (
    <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} className="chart">
      {y.ticks.map((t) => (
        <g key={`y${t}`}>
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={round(yOf(t))} y2={round(yOf(t))} className="grid" />
          <text x={LEFT - 6} y={round(yOf(t)) + 4} textAnchor="end" className="axis">{label(t)}</text>
        </g>
      ))}
      {starts.map((start, i) =>
        ticks.has(start) ? (
          <text key={`x${start}`} x={round(xOf(i))} y={HEIGHT - 6} textAnchor="middle" className="axis">{bucketTime(start, withDay)}</text>
        ) : null,
      )}
      {kind === 'bars'
        ? series.slice(0, 1).map((s) =>
            s.values.map((v, i) =>
              v === 0 ? null : <rect key={`${s.name}${i}`} x={round(xOf(i))} y={round(Math.min(yOf(v), yOf(0)))} width={round(barW)} height={round(Math.abs(yOf(0) - yOf(v)))} fill={s.colour} />,
            ),
          )
        : series.map((s) => (
            <polyline
              key={s.name}
              fill="none"
              stroke={s.colour}
              strokeWidth={1.4}
              points={s.values.map((v, i) => `${round(xOf(i) + barW / 2)},${round(yOf(v))}`).join(' ')}
            />
          ))}
      <line x1={LEFT} x2={WIDTH - RIGHT} y1={round(yOf(0))} y2={round(yOf(0))} className="zero" />
    </svg>
  );
}

/** The names and colours of a chart's lines. */
export function Legend({ series }: { series: Series[] }): ReactElement {
  return (
    <p className="legend">
      {series.map((s) => (
        <span key={s.name}>
          <span className="swatch" style={{ background: s.colour }} />
          {s.name}
        </span>
      ))}
    </p>
  );
}
