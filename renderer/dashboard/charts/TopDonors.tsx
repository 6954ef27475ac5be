import { memo } from 'react';
import type { PaceView } from '../../../shared/charts.js';
import { useDashboard } from '../store.js';
import { count, money } from './format.js';

/** The largest donors by their sum in campaign currency. Names are text; anonymous donors are never named. */
export const TopDonors = memo(function TopDonors({ pace }: { pace: PaceView }) {
  const isViewer = useDashboard((s) => s.role === 'viewer');
  return (
    <div className="panel top-donors" data-testid="top-donors">
      <h2>Top donors</h2>
      {pace.top_donors.length === 0 ? (
        <p className="hint">No named donors yet.</p>
      ) : (
        <ol>
          {pace.top_donors.map((d) => (
            <li key={`${d.rank}-${d.name}`} data-testid="top-donor" data-total={d.total.value}>
              <span className="donor-rank">{d.rank}</span>
              <span className="donor-name" title={d.name}>{d.name}</span>
              <span className="donor-total">{money(d.total)}</span>
              <span className="donor-count hint">{count(d.donations)}×</span>
            </li>
          ))}
        </ol>
      )}
      {pace.anonymous.donations > 0 && (
        <p className="hint" data-testid="anonymous-donors">
          Anonymous or unnamed: {money(pace.anonymous.total)} from {count(pace.anonymous.donations)} donations
        </p>
      )}
      <p className="hint">Sums in {pace.currency}, refunds and corrections included; a donor is the name as given.</p>
      {isViewer && <p className="hint" data-testid="top-donors-screened">A donor is named here once the stream has shown one of their donations.</p>}
    </div>
  );
});
