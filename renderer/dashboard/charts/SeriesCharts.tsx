import { type ReactElement, memo, useMemo } from 'react';
import { Legend, Line, LineChart, ResponsiveContainer, Tooltip } from 'recharts';
import { type ChartsView, bucketLabel } from '../../../shared/charts.js';
import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { useInTurn, useSteadyRows } from '../../lib/use-steady.js';
import { timeTicks } from './axes.js';
import { CHART_MARGIN, LEGEND_STYLE, MoneyChart, NOT_OVER, PARTIAL_DASH, RateChart, TOOLTIP_STYLE, type TimeFrame, rowsOf, sameRow, uniqueByName, useFrame, useSteadyAxis } from './chart-parts.js';
import { bucketRange, count } from './format.js';

const TARGET_COLOURS = ['#f26b6b', '#6cb6ff', '#4cc38a', '#c792ea', '#f0a24a', '#7fdbca'];

type ChatBucket = ChartsView['chat'][number];

/**
 * One chart of the window. `turn`: the charts are drawn one after the other, each in an animation
 * frame of its own (useInTurn), when the tab opens and at each refresh.
 */
function ChartBox({ id, title, points, empty, turn, children }: { id: string; title: string; points: number; empty?: string | null; turn: number; children: ReactElement }) {
  const chart = useInTurn<ReactElement | null>(children, turn, null);
  return (
    <div className="panel chart-panel" data-testid={`chart-${id}`} data-points={points}>
      <h2>{title}</h2>
      <div className="chart-area">
        {empty ? (
          <p className="hint">{empty}</p>
        ) : (
          chart && (
            <ResponsiveContainer width="100%" height="100%">
              {chart}
            </ResponsiveContainer>
          )
        )}
      </div>
    </div>
  );
}

interface TargetRow {
  start: string;
  isPartial: boolean;
  values: Record<string, number | null>;
}

const TargetsChart = memo(function TargetsChart({ rows, targets, frame }: { rows: TargetRow[]; targets: readonly { id: string; name: string }[]; frame: TimeFrame }) {
  const y = useSteadyAxis(() => rows.flatMap((r) => Object.values(r.values).map((v) => v ?? 0)), [rows], true);
  const axes = useFrame(frame, y);
  // Made once per target list and frame: Recharts stores each line's settings, written again
  // (and the chart drawn again) whenever a prop such as dataKey changes identity.
  const parts = useMemo(
    () => [
      <Tooltip
        key="tooltip"
        contentStyle={TOOLTIP_STYLE}
        labelFormatter={(start) => bucketRange(String(start), frame.step)}
        payloadUniqBy={uniqueByName}
        formatter={(value, name, item) => [`${count(Number(value))}${(item.payload as TargetRow).isPartial ? NOT_OVER : ''}`, String(name)]}
      />,
      <Legend key="legend" wrapperStyle={LEGEND_STYLE} />,
      ...targets.flatMap((t, i) => {
        const colour = TARGET_COLOURS[i % TARGET_COLOURS.length];
        const solid = <Line key={t.id} dataKey={(r: TargetRow) => r.values[t.id]} name={t.name} stroke={colour} dot={false} isAnimationActive={false} strokeWidth={1.5} />;
        if (!frame.live) return [solid];
        return [
          solid,
          <Line
            key={`${t.id}-partial`}
            dataKey={(r: TargetRow) => r.values[`${t.id}:partial`]}
            name={t.name}
            legendType="none"
            stroke={colour}
            strokeDasharray={PARTIAL_DASH}
            dot={false}
            isAnimationActive={false}
            strokeWidth={1.5}
          />,
        ];
      }),
    ],
    [targets, frame.step, frame.live],
  );
  return (
    <LineChart data={rows} margin={CHART_MARGIN}>
      {axes}
      {parts}
    </LineChart>
  );
});

const sameTargetRow = (a: TargetRow, b: TargetRow) =>
  a.start === b.start && a.isPartial === b.isPartial && Object.keys(a.values).length === Object.keys(b.values).length && Object.entries(a.values).every(([k, v]) => b.values[k] === v);

/** The window's four series, each at most ~1,000 points, drawn without animation (they refresh live). */
export const SeriesCharts = memo(function SeriesCharts({ view }: { view: ChartsView }) {
  const step = view.bucket_minutes;
  const moneyStep = view.money_bucket_minutes;
  const live = view.window.live;
  const withDay = Date.parse(view.window.to) - Date.parse(view.window.from) >= 20 * 3_600_000;
  const scale = isCurrencyCode(view.currency) ? 10 ** minorUnitExponent(view.currency) : 100;

  const moneyRows = useSteadyRows(
    useMemo(() => rowsOf(view.money, (b) => b.raised_minor, live), [view.money, live]),
    sameRow,
  );
  const messageRows = useSteadyRows(
    useMemo(() => rowsOf(view.chat, (b) => Math.round((b.messages / b.minutes) * 10) / 10, live), [view.chat, live]),
    sameRow,
  );
  const chatterRows = useSteadyRows(
    useMemo(() => rowsOf(view.chat, (b) => b.chatters, live), [view.chat, live]),
    sameRow,
  );
  const targetRows = useSteadyRows(
    useMemo(() => {
      const last = view.chat.length - 1;
      return view.chat.map((b, i) => {
        const isPartial = live && i === last;
        const values: Record<string, number | null> = {};
        for (const t of view.targets) {
          const v = t.points[i]?.mentions ?? 0;
          values[t.id] = isPartial ? null : v;
          values[`${t.id}:partial`] = live && i >= last - 1 ? v : null;
        }
        return { start: b.start, isPartial, values };
      });
    }, [view.chat, view.targets, live]),
    sameTargetRow,
  );
  const targets = useSteadyRows(
    useMemo(() => view.targets.map((t) => ({ id: t.id, name: t.name })), [view.targets]),
    (a, b) => a.id === b.id && a.name === b.name,
  );

  const firstChat = view.chat[0]?.start;
  const lastChat = view.chat[view.chat.length - 1]?.start;
  const firstMoney = view.money[0]?.start;
  const lastMoney = view.money[view.money.length - 1]?.start;
  // The frames change only when the window moves to a new bucket, not at every refresh.
  const chatFrame = useMemo<TimeFrame>(
    () => ({ ticks: timeTicks(view.chat.map((b) => b.start), step), withDay, step, live }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [firstChat, lastChat, step, withDay, live],
  );
  const moneyFrame = useMemo<TimeFrame>(
    () => ({ ticks: timeTicks(view.money.map((b) => b.start), moneyStep), withDay, step: moneyStep, live }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [firstMoney, lastMoney, moneyStep, withDay, live],
  );

  return (
    <div className="series-charts" data-live={live}>
      <ChartBox id="money" title={`Money per ${bucketLabel(moneyStep)}`} points={moneyRows.length} turn={0}>
        <MoneyChart rows={moneyRows} frame={moneyFrame} scale={scale} />
      </ChartBox>
      <ChartBox id="messages" title={step === 1 ? 'Chat messages per minute' : `Chat messages per minute (average per ${bucketLabel(step)})`} points={messageRows.length} turn={1}>
        <RateChart rows={messageRows} frame={chatFrame} colour="#6cb6ff" name="Messages" describe={describeMessages} />
      </ChartBox>
      <ChartBox id="chatters" title={`Unique chatters per ${bucketLabel(step)} (exact)`} points={chatterRows.length} turn={2}>
        <RateChart rows={chatterRows} frame={chatFrame} colour="#4cc38a" name="People who wrote" describe={describeChatters} />
      </ChartBox>
      <ChartBox
        id="targets"
        title={`Mentions per target per ${bucketLabel(step)}`}
        points={view.targets.length === 0 ? 0 : targetRows.length}
        turn={3}
        empty={view.targets.length > 0 ? null : view.source ? 'Mentions are counted across all channels: choose all channels to see them.' : 'No targets yet.'}
      >
        <TargetsChart rows={targetRows} targets={targets} frame={chatFrame} />
      </ChartBox>
    </div>
  );
});

const describeMessages = (b: ChatBucket) =>
  `${Math.round((b.messages / b.minutes) * 10) / 10} / min · ${count(b.messages)} in all · busiest minute ${count(b.peak_minute_messages)}`;
const describeChatters = (b: ChatBucket) => count(b.chatters);
