/**
 * The pieces every time chart on the dashboard is drawn with (the Charts tab's four, the Live
 * tab's pace and chat charts): axes given their ticks, rows that mark the unfinished bucket, and
 * the money and rate charts, each memoised on its rows so a refresh redraws only what moved.
 */
import { type ReactElement, memo, useMemo, useRef } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Amount } from '../../../shared/money.js';
import { type ValueAxis, valueAxis } from './axes.js';
import { bucketRange, bucketTime, count, money } from './format.js';

export const AXIS = { stroke: '#7d8799', fontSize: 11, tickLine: false } as const;
export const LEGEND_STYLE = { fontSize: 12 };
export const TOOLTIP_STYLE = { background: '#1b2130', border: '1px solid #333c50', borderRadius: 6, fontSize: 12 };
export const CHART_MARGIN = { top: 6, right: 8, bottom: 0, left: 0 };
export const PARTIAL_DASH = '4 3';
export const NOT_OVER = ' · so far: this one is not over';

/** What the charts of one window share: their time axis, and whether the last bucket is still filling. */
export interface TimeFrame {
  /** The bucket starts (ISO) labelled on the axis (see timeTicks). */
  ticks: string[];
  withDay: boolean;
  /** The bucket width in minutes. */
  step: number;
  /** The window ends now: its last bucket is unfinished (drawn dashed or pale). */
  live: boolean;
}

/**
 * One point of a series. A live window's last bucket holds the current, unfinished minute: drawn
 * with the others it always looks like a fall. It is drawn apart instead (a dashed segment from
 * the last finished bucket, a paler bar), and its tooltip says it is not over.
 */
export interface Row<B> {
  start: string;
  bucket: B;
  /** The value on the solid series (null on the unfinished bucket). */
  done: number | null;
  /** The value on the dashed series: the unfinished bucket and the one before it, else null. */
  partial: number | null;
  isPartial: boolean;
}

export function rowsOf<B extends { start: string }>(buckets: readonly B[], value: (b: B) => number, live: boolean): Row<B>[] {
  const last = buckets.length - 1;
  return buckets.map((bucket, i) => {
    const v = value(bucket);
    const isPartial = live && i === last;
    return { start: bucket.start, bucket, done: isPartial ? null : v, partial: live && i >= last - 1 ? v : null, isPartial };
  });
}

export const sameRow = <B,>(a: Row<B>, b: Row<B>): boolean => a.start === b.start && a.done === b.done && a.partial === b.partial;

/**
 * The grid and both axes, with their ticks given: Recharts then neither formats nor measures a
 * label per point. Recharts reads its axes from the chart's direct children, so they come as an
 * array of elements rather than a wrapper component.
 *
 * Recharts 3 keeps each axis's and tooltip's settings in its own store, written from an effect
 * whenever a prop changes identity, and every write draws the chart's parts again, synchronously.
 * So the elements (with their formatters, arrays and styles) are made once per frame and axis,
 * not at every redraw: a refresh with new points then writes only the data.
 */
function frameOf(frame: TimeFrame, y: ValueAxis, yWidth = 60): ReactElement[] {
  return [
    <CartesianGrid key="grid" stroke="#232b3b" vertical={false} />,
    <XAxis key="x" dataKey="start" ticks={frame.ticks} interval={0} tickFormatter={(iso: string) => bucketTime(iso, frame.withDay)} {...AXIS} />,
    <YAxis key="y" width={yWidth} {...AXIS} domain={y.domain} ticks={y.ticks} interval={0} tickFormatter={count} allowDataOverflow />,
  ];
}

/** frameOf, made again only when the frame, the value axis or the width changes. */
export function useFrame(frame: TimeFrame, y: ValueAxis, yWidth?: number): ReactElement[] {
  return useMemo(() => frameOf(frame, y, yWidth), [frame, y, yWidth]);
}

/**
 * A value axis that keeps its identity while its domain and ticks stay the same (most refreshes
 * move the last bucket only, not the axis).
 */
export function useSteadyAxis(values: () => number[], deps: readonly unknown[], zeroBased: boolean): ValueAxis {
  const held = useRef<ValueAxis | null>(null);
  return useMemo(() => {
    const next = valueAxis(values(), zeroBased);
    const before = held.current;
    if (before && sameNumbers(before.domain, next.domain) && sameNumbers(before.ticks, next.ticks)) return before;
    held.current = next;
    return next;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, zeroBased]);
}

const sameNumbers = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

const MONEY_CURSOR = { fill: 'rgba(255,255,255,0.06)' };
/** A tooltip lists a series once, though its solid and dashed parts are two. */
export const uniqueByName = (entry: { name?: unknown }) => String(entry.name);

/** A money bucket: exact minor units, and the amount to show. */
export interface MoneyBucket {
  start: string;
  raised: Amount;
  raised_minor: number;
  donations: number;
}

/** Money per bucket, from 0 up (below 0 only where refunds outweighed donations, in red). */
export const MoneyChart = memo(function MoneyChart({ rows, frame, scale, yWidth }: { rows: Row<MoneyBucket>[]; frame: TimeFrame; scale: number; yWidth?: number }) {
  const y = useSteadyAxis(() => rows.map((r) => r.bucket.raised_minor / scale), [rows, scale], false);
  const shown = useMemo(() => rows.map((r) => ({ ...r, raised: r.bucket.raised_minor / scale })), [rows, scale]);
  const axes = useFrame(frame, y, yWidth);
  const tooltip = useMemo(
    () => (
      <Tooltip
        contentStyle={TOOLTIP_STYLE}
        cursor={MONEY_CURSOR}
        labelFormatter={(start) => bucketRange(String(start), frame.step)}
        formatter={(_v, _n, item) => {
          const row = item.payload as Row<MoneyBucket>;
          const refunds = row.bucket.raised_minor < 0 ? ' · refunds outweighed donations' : '';
          return [`${money(row.bucket.raised)} (${count(row.bucket.donations)} donations)${refunds}${row.isPartial ? NOT_OVER : ''}`, 'Raised'];
        }}
      />
    ),
    [frame.step],
  );
  return (
    <BarChart data={shown} margin={CHART_MARGIN}>
      {axes}
      {y.domain[0] < 0 && <ReferenceLine y={0} stroke="#7d8799" />}
      {tooltip}
      <Bar dataKey="raised" fill="#f5b942" isAnimationActive={false}>
        {shown.map((r) => (
          <Cell key={r.start} fill={r.bucket.raised_minor < 0 ? '#f26b6b' : '#f5b942'} fillOpacity={r.isPartial ? 0.45 : 1} />
        ))}
      </Bar>
    </BarChart>
  );
});

interface RateChartProps<B> {
  rows: Row<B>[];
  frame: TimeFrame;
  colour: string;
  name: string;
  describe: (bucket: B) => string;
  yWidth?: number;
}

function RateChartOf<B>({ rows, frame, colour, name, describe, yWidth }: RateChartProps<B>) {
  const y = useSteadyAxis(() => rows.map((r) => r.done ?? r.partial ?? 0), [rows], true);
  const axes = useFrame(frame, y, yWidth);
  const tooltip = useMemo(
    () => (
      <Tooltip
        contentStyle={TOOLTIP_STYLE}
        labelFormatter={(start) => bucketRange(String(start), frame.step)}
        payloadUniqBy={uniqueByName}
        formatter={(_v, _n, item) => {
          const row = item.payload as Row<B>;
          return [`${describe(row.bucket)}${row.isPartial ? NOT_OVER : ''}`, name];
        }}
      />
    ),
    [frame.step, describe, name],
  );
  return (
    <AreaChart data={rows} margin={CHART_MARGIN}>
      {axes}
      {tooltip}
      <Area dataKey="done" name={name} stroke={colour} fill={colour} fillOpacity={0.25} isAnimationActive={false} dot={false} />
      {frame.live && (
        <Area dataKey="partial" name={name} stroke={colour} strokeDasharray={PARTIAL_DASH} fill={colour} fillOpacity={0.08} isAnimationActive={false} dot={false} />
      )}
    </AreaChart>
  );
}

/** A count or rate per bucket as an area, its unfinished last bucket dashed. */
export const RateChart = memo(RateChartOf) as <B>(props: RateChartProps<B>) => ReactElement;
