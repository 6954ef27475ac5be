import type { Money } from '../../../shared/money.js';
import type { Db } from '../../store/database.js';

export interface SyncState {
  pollFrom: string | null;
  polledAt: number | null;
  webhookAt: number | null;
  total: { minor: number; currency: string; at: number } | null;
}

interface SyncRow {
  poll_from: string | null;
  polled_at: number | null;
  webhook_at: number | null;
  total_minor: number | null;
  total_currency: string | null;
  total_at: number | null;
}

/** What a platform source last learnt (platform_sync): polling's resume point, webhooks, total. */
export class PlatformSync {
  constructor(private readonly db: Db) {}

  get(sourceId: string): SyncState | null {
    const row = this.db.prepare<[string], SyncRow>('SELECT * FROM platform_sync WHERE source_id = ?').get(sourceId);
    if (!row) return null;
    return {
      pollFrom: row.poll_from,
      polledAt: row.polled_at,
      webhookAt: row.webhook_at,
      total:
        row.total_minor === null || row.total_currency === null || row.total_at === null
          ? null
          : { minor: row.total_minor, currency: row.total_currency, at: row.total_at },
    };
  }

  private ensure(sourceId: string): void {
    this.db.prepare('INSERT INTO platform_sync (source_id) VALUES (?) ON CONFLICT (source_id) DO NOTHING').run(sourceId);
  }

  webhookArrived(sourceId: string, at: number): void {
    this.ensure(sourceId);
    this.db.prepare('UPDATE platform_sync SET webhook_at = ? WHERE source_id = ?').run(at, sourceId);
  }

  polled(sourceId: string, pollFrom: string | null, at: number): void {
    this.ensure(sourceId);
    this.db.prepare('UPDATE platform_sync SET poll_from = COALESCE(?, poll_from), polled_at = ? WHERE source_id = ?').run(pollFrom, at, sourceId);
  }

  /** The platform's own running total; an older report never replaces a newer one. */
  platformTotal(sourceId: string, total: Money, reportedAt: number): void {
    this.ensure(sourceId);
    this.db
      .prepare(
        `UPDATE platform_sync SET total_minor = ?, total_currency = ?, total_at = ?
         WHERE source_id = ? AND (total_at IS NULL OR total_at <= ?)`,
      )
      .run(total.minor, total.currency, reportedAt, sourceId, reportedAt);
  }
}
