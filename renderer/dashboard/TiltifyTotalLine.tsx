import type { SourceView } from '../../shared/views.js';
import { amountMinor, groupDecimal } from '../lib/format.js';

const PLATFORM_NAMES: Partial<Record<SourceView['kind'], string>> = { tiltify: 'Tiltify', streamlabs: 'Streamlabs', 'twitch-charity': 'Twitch Charity' };

/**
 * The platform's own total beside ours ("Tiltify says 12,345.67 EUR — we count 12,340.00 EUR"),
 * highlighted when they differ, and the source's warning. Exact: compared in minor units.
 */
export function PlatformTotalLine({ source }: { source: SourceView }) {
  const total = source.platform_total;
  return (
    <>
      {total && (() => {
        const differs = amountMinor(total.amount) !== amountMinor(total.counted) || total.amount.currency !== total.counted.currency;
        const platform = PLATFORM_NAMES[source.kind] ?? source.name;
        return (
          <p className={`platform-total${differs ? ' differs' : ''}`} data-testid="platform-total" data-differs={differs}>
            {platform} says <strong>{groupDecimal(total.amount.value)} {total.amount.currency}</strong> — we count{' '}
            <strong>{groupDecimal(total.counted.value)} {total.counted.currency}</strong>
            {differs ? <span className="differs-note"> · they differ: compare the export with {platform}’s list</span> : <span className="same-note"> ✓</span>}
          </p>
        );
      })()}
      {source.warning && <p className="source-warning" data-testid="source-warning">{source.warning}</p>}
    </>
  );
}
