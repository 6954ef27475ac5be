import { useMemo } from 'react';
import { ResponsiveContainer } from 'recharts';
import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { minorAmount } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { useInTurn, useSteadyRows, useThrottledStore } from '../lib/use-steady.js';
import { timeTicks } from './charts/axes.js';
import { MoneyChart, RateChart, type TimeFrame, rowsOf, sameRow } from './charts/chart-parts.js';
import { count } from './charts/format.js';
import { paceRows } from './pace.js';
import { type DashboardState, useDashboard } from './store.js';

/** However fast chat flows, the pace charts redraw at most this often. */
const PACE_REDRAW_MS = 2_000;
const selectMinutes = (s: DashboardState) => s.minutes;
const iso = (minute: number) => new Date(minute * 60_000).toISOString();
const describeMinute = (b: { messages: number }) => count(b.messages);

/**
 * How fast money and chat are moving: money per 5 minutes and chat messages per minute over the
 * last three hours. Each chart redraws only when its own points move (chat at most every
 * PACE_REDRAW_MS, money when money comes); the current minute and 5 minutes are drawn as
 * unfinished.
 */
export function PaceChart() {
  // The hub sends minutes several times a second while chat flows: a chart redrawn every two
  // seconds reads the same to a streamer and costs a fraction.
  const minutes = useThrottledStore(useDashboard, selectMinutes, PACE_REDRAW_MS);
  const currency = useDashboard((s) => s.campaign?.currency ?? 'EUR');
  const nowMinute = Math.floor(useNow(15_000) / 60_000);
  const scale = isCurrencyCode(currency) ? 10 ** minorUnitExponent(currency) : 100;

  const rows = useMemo(() => {
    const { chat, money } = paceRows(minutes, nowMinute);
    // The last bucket is unfinished when it holds the minute going on now.
    const current = Math.floor(Date.now() / 60_000);
    const chatBuckets = chat.map((m) => ({ start: iso(m.minute), messages: m.messages }));
    const moneyBuckets = money.map((b) => ({
      start: iso(b.minute),
      raised_minor: b.raisedMinor,
      raised: minorAmount(b.raisedMinor, currency) ?? { value: String(b.raisedMinor), currency },
      donations: b.donations,
    }));
    const lastChat = chat[chat.length - 1]?.minute ?? -1;
    const lastMoney = money[money.length - 1]?.minute ?? -1;
    return {
      chat: rowsOf(chatBuckets, (b) => b.messages, lastChat === current),
      money: rowsOf(moneyBuckets, (b) => b.raised_minor, lastMoney + 5 > current),
      chatLive: lastChat === current,
      moneyLive: lastMoney + 5 > current,
    };
  }, [minutes, nowMinute, currency]);
  const chat = useSteadyRows(rows.chat, sameRow);
  const money = useSteadyRows(rows.money, sameRow);

  const firstChat = chat[0]?.start;
  const lastChat = chat[chat.length - 1]?.start;
  const chatFrame = useMemo<TimeFrame>(
    () => ({ ticks: timeTicks(chat.map((r) => r.start), 1), withDay: false, step: 1, live: rows.chatLive }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [firstChat, lastChat, rows.chatLive],
  );
  const firstMoney = money[0]?.start;
  const lastMoney = money[money.length - 1]?.start;
  const moneyFrame = useMemo<TimeFrame>(
    () => ({ ticks: timeTicks(money.map((r) => r.start), 5), withDay: false, step: 5, live: rows.moneyLive }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [firstMoney, lastMoney, rows.moneyLive],
  );
  const chatSeen = chat.some((r) => (r.done ?? r.partial ?? 0) > 0);
  // Drawn a frame after the money chart when both move together (one long task otherwise).
  const chatChart = useInTurn(
    useMemo(() => <RateChart rows={chat} frame={chatFrame} colour="#6cb6ff" name="Messages" describe={describeMinute} yWidth={52} />, [chat, chatFrame]),
    1,
    null,
  );

  return (
    <div className="panel pace" data-testid="pace-chart">
      <h2>Money per 5 minutes</h2>
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <MoneyChart rows={money} frame={moneyFrame} scale={scale} yWidth={52} />
        </ResponsiveContainer>
      </div>
      <h2>
        Chat messages per minute
        {!chatSeen && <span className="hint"> · none yet</span>}
      </h2>
      <div className="chart">
        {chatChart && (
          <ResponsiveContainer width="100%" height="100%">
            {chatChart}
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}
