import { memo } from 'react';
import type { PaceView } from '../../../shared/charts.js';
import { count, money } from './format.js';

const windowName = (minutes: number) => (minutes < 60 ? `${minutes} min` : `${minutes / 60} h`);

/** How fast money comes in now, where that leads by the end, and the next milestone. */
export const PacePanel = memo(function PacePanel({ pace }: { pace: PaceView }) {
  return (
    <div className="panel pace-panel" data-testid="pace-panel" data-phase={pace.phase}>
      <h2>Pace and projection</h2>
      <div className="pace-raised">
        <span className="hint">Raised</span>
        <strong data-testid="pace-raised" data-value={pace.raised.value}>{money(pace.raised)}</strong>
        <span className="hint">of {money(pace.goal)}</span>
      </div>
      <table className="pace-table">
        <thead>
          <tr>
            <th scope="col" title={pace.phase === 'ended' ? 'The last minutes of the marathon' : 'The last minutes'}>Last</th>
            <th scope="col">Raised</th>
            <th scope="col">Per minute</th>
            <th scope="col">Per hour</th>
          </tr>
        </thead>
        <tbody>
          {pace.recent.map((w) => (
            <tr key={w.minutes} data-testid={`pace-${w.minutes}`} data-per-hour={w.per_hour.value}>
              <th scope="row">{windowName(w.minutes)}</th>
              <td>{money(w.raised)}</td>
              <td>{money(w.per_minute)}</td>
              <td>{money(w.per_hour)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint chat-pace">
        Chat: {pace.recent.map((w) => `${w.messages_per_minute.toLocaleString('en')} / min (${windowName(w.minutes)})`).join(' · ')}
      </p>
      {pace.projection ? (
        <div className="projection" data-testid="projection" data-value={pace.projection.amount.value}>
          <span className="hint">{pace.phase === 'ended' ? 'Final total' : `Projected by the end (${pace.projection.hours_remaining} h left)`}</span>
          <strong>{money(pace.projection.amount)}</strong>
          <p className="hint method">{pace.projection.method}</p>
        </div>
      ) : (
        <p className="hint">The projection starts with the marathon.</p>
      )}
      {pace.next_milestone ? (
        <p className="next-milestone" data-testid="charts-next-milestone">
          Next milestone: <strong>{pace.next_milestone.label}</strong> at {money(pace.next_milestone.amount)}
          <span className="hint"> · {money(pace.next_milestone.to_go)} to go</span>
        </p>
      ) : (
        <p className="hint">Every milestone is passed.</p>
      )}
      {pace.waiting_for_rate > 0 && (
        <p className="hint warning">{count(pace.waiting_for_rate)} donations wait for an exchange rate and are not counted above.</p>
      )}
    </div>
  );
});
