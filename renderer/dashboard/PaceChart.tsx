import { useMemo } from 'react';
import { Area, AreaChart, Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { displayAmount, minorAmount } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { minuteLabel, paceRows } from './pace.js';
import { useDashboard } from './store.js';

export const AXIS = { stroke: '#7d8799', fontSize: 11, tickLine: false } as const;
export const TOOLTIP_STYLE = { background: '#1b2130', border: '1px solid #333c50', borderRadius: 6, fontSize: 12 };

/** How fast money and chat are moving: money per 5 minutes and chat messages per minute. */
export function PaceChart() {
  const minutes = useDashboard((s) => s.minutes);
  const currency = useDashboard((s) => s.campaign?.currency ?? 'EUR');
  const nowMinute = Math.floor(useNow(15_000) / 60_000);
  const scale = isCurrencyCode(currency) ? 10 ** minorUnitExponent(currency) : 100;

  const rows = useMemo(() => {
    const { chat, money } = paceRows(minutes, nowMinute);
    // Only the bar height is a float; the tooltip shows the exact integer sum.
    return { chat, money: money.map((b) => ({ ...b, raised: b.raisedMinor / scale })) };
  }, [minutes, nowMinute, scale]);

  const chatSeen = rows.chat.some((m) => m.messages > 0);

  const moneyText = (minor: number) => {
    const amount = minorAmount(minor, currency);
    return amount ? displayAmount(amount) : String(minor);
  };

  return (
    <div className="panel pace" data-testid="pace-chart">
      <h2>Money per 5 minutes</h2>
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows.money} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <XAxis dataKey="minute" tickFormatter={minuteLabel} {...AXIS} minTickGap={40} />
            <YAxis width={52} {...AXIS} allowDecimals={false} tickCount={3} />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              cursor={{ fill: 'rgba(255,255,255,0.06)' }}
              labelFormatter={(minute) => `${minuteLabel(Number(minute))} – ${minuteLabel(Number(minute) + 5)}`}
              formatter={(_value, _name, item) => {
                const bucket = item.payload as { raisedMinor: number; donations: number };
                return [`${moneyText(bucket.raisedMinor)} (${bucket.donations} donations)`, 'Raised'];
              }}
            />
            <Bar dataKey="raised" fill="#f5b942" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <h2>
        Chat messages per minute
        {!chatSeen && <span className="hint"> · none yet</span>}
      </h2>
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={rows.chat} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <XAxis dataKey="minute" tickFormatter={minuteLabel} {...AXIS} minTickGap={40} />
            <YAxis width={52} {...AXIS} allowDecimals={false} tickCount={3} />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              labelFormatter={(minute) => minuteLabel(Number(minute))}
              formatter={(value, name) => [String(value), name === 'messages' ? 'Messages' : 'Chatters']}
            />
            <Area dataKey="messages" stroke="#6cb6ff" fill="#6cb6ff" fillOpacity={0.25} isAnimationActive={false} dot={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
