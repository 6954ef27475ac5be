import { type IncentiveChartsView, MAX_CHARTED_INCENTIVES, MONEY_BUCKET_MINUTES, bucketMinutesFor } from '../../shared/charts.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import type { PublicIncentiveView } from '../../shared/incentives.js';
import { formatMinor } from '../../shared/money.js';
import type { Db } from '../store/database.js';
import type { ChartWindow } from './series.js';

const iso = (minute: number) => new Date(minute * 60_000).toISOString();

/**
 * The money each incentive had over a window, from its per-minute money (kept with the running
 * totals at each assignment, main/incentives/running.ts): what it had before the window, then
 * bucket by bucket. Work is bounded by the buckets (MAX_CHART_POINTS) times the incentives shown.
 */
export class IncentiveMoneyQueries {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      before: db.prepare<[number], { incentive_id: number; raised: number }>(
        'SELECT incentive_id, SUM(raised_minor) AS raised FROM incentive_minutes WHERE minute < ? GROUP BY incentive_id',
      ),
      buckets: db.prepare<{ from: number; to: number; step: number }, { incentive_id: number; bucket: number; raised: number }>(
        `SELECT incentive_id, (minute / CAST(@step AS INTEGER)) * CAST(@step AS INTEGER) AS bucket, SUM(raised_minor) AS raised FROM incentive_minutes
         WHERE minute BETWEEN @from AND @to GROUP BY incentive_id, bucket`,
      ),
    };
  }

  /** `incentives`: the public list (its totals settled just now), so archived ones stay out. */
  series(window: ChartWindow, incentives: PublicIncentiveView[], currency: CurrencyCode): IncentiveChartsView {
    const step = bucketMinutesFor(window.to - window.from + 1, MONEY_BUCKET_MINUTES);
    const minorOf = (value: string) => BigInt(value.replace('.', ''));
    const shown = [...incentives]
      .sort((a, b) => (minorOf(b.total.value) > minorOf(a.total.value) ? 1 : minorOf(b.total.value) < minorOf(a.total.value) ? -1 : a.id - b.id))
      .slice(0, MAX_CHARTED_INCENTIVES);
    const before = new Map(this.sql.before.all(window.from).map((r) => [r.incentive_id, r.raised]));
    const inWindow = new Map<number, Map<number, number>>();
    for (const row of this.sql.buckets.all({ from: window.from, to: window.to, step })) {
      let byBucket = inWindow.get(row.incentive_id);
      if (!byBucket) inWindow.set(row.incentive_id, (byBucket = new Map()));
      byBucket.set(row.bucket, row.raised);
    }
    const first = Math.floor(window.from / step) * step;
    const money = (minor: number) => ({ value: formatMinor(minor, currency), currency });
    return {
      window: { from: iso(window.from), to: iso(window.to + 1), live: window.live },
      bucket_minutes: step,
      incentives: shown.map((incentive) => {
        let raised = before.get(incentive.id) ?? 0;
        const byBucket = inWindow.get(incentive.id);
        const points: { start: string; raised: { value: string; currency: string } }[] = [];
        for (let bucket = first; bucket <= window.to; bucket += step) {
          raised += byBucket?.get(bucket) ?? 0;
          points.push({ start: iso(Math.max(bucket, window.from)), raised: money(raised) });
        }
        return { id: incentive.id, name: incentive.name, kind: incentive.kind, total: incentive.total, points };
      }),
    };
  }
}
