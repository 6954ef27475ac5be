import { displayAmount } from '../lib/format.js';
import { useDashboard } from './store.js';

/** Where the money came from: per source and per original currency, in campaign currency. */
export function Breakdown() {
  const totals = useDashboard((s) => s.totals);
  if (!totals) return null;
  return (
    <div className="panel breakdown">
      <div className="breakdown-part">
        <h2>By source</h2>
        {totals.by_source.length === 0 && <p className="hint">No money yet.</p>}
        <table>
          <tbody>
            {totals.by_source.map((row) => (
              <tr key={row.source_id} data-testid="source-total">
                <th scope="row" title={row.name}>{row.name}</th>
                <td className="count">{row.donations}</td>
                <td className="money">{displayAmount(row.raised)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="breakdown-part">
        <h2>By currency</h2>
        {totals.by_currency.length === 0 && <p className="hint">No money yet.</p>}
        <table>
          <tbody>
            {totals.by_currency.map((row) => (
              <tr key={row.currency} data-testid="currency-total">
                <th scope="row">{row.currency}</th>
                <td className="money original">{displayAmount(row.amount)}</td>
                <td className="money">
                  {row.currency === totals.raised.currency ? '' : `= ${displayAmount(row.raised)}`}
                  {row.unconverted > 0 && (
                    <div className="warning" data-testid="unconverted">{row.unconverted} waiting for an exchange rate</div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
