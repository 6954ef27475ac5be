import { isCurrencyCode } from '../../shared/currencies.js';
import { amountLimitError } from '../../shared/money.js';
import type { PledgePart } from '../../shared/views.js';
import type { Db } from '../store/database.js';
import type { ChatEvent } from './ingest.js';

/** Subs or bits one chat event may pledge: far above Twitch's own limits, so the sums stay exact. */
const PLEDGE_COUNT_MAX = 1_000_000;

/**
 * The pledges of one chat batch, summed in memory and written once at the end of its
 * transaction: units per source (pledge_totals), what they are made of (pledge_parts) and paid
 * messages per currency (paid_message_totals). Only events that were new are added, so a
 * redelivered line counts nothing.
 */
export class PledgeTally {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      totals: db.prepare(
        `INSERT INTO pledge_totals (source_id, unit, count) VALUES (?, ?, ?)
         ON CONFLICT (source_id, unit) DO UPDATE SET count = count + excluded.count`,
      ),
      parts: db.prepare(
        `INSERT INTO pledge_parts (source_id, unit, part, lines, count) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (source_id, unit, part) DO UPDATE SET lines = lines + excluded.lines, count = count + excluded.count`,
      ),
      paid: db.prepare(
        `INSERT INTO paid_message_totals (source_id, currency, messages, amount_minor) VALUES (?, ?, ?, ?)
         ON CONFLICT (source_id, currency) DO UPDATE SET messages = messages + excluded.messages,
           amount_minor = amount_minor + excluded.amount_minor`,
      ),
    };
  }

  /** A new batch: an empty sum. */
  begin(): PledgeBatch {
    return new PledgeBatch(this.sql);
  }
}

type Statements = PledgeTally['sql'];
type Sum = { source: string; key: string; part?: PledgePart; lines: number; count: number };

export class PledgeBatch {
  private readonly units = new Map<string, Sum>();
  private readonly parts = new Map<string, Sum>();
  private readonly paid = new Map<string, Sum>();

  constructor(private readonly sql: Statements) {}

  /** Adds what one newly stored event pledged; an unreadable pledge adds nothing. */
  add(event: ChatEvent): void {
    const pledge = event.pledge;
    if (pledge && Number.isSafeInteger(pledge.count) && pledge.count > 0 && pledge.count <= PLEDGE_COUNT_MAX) {
      sum(this.units, event.sourceId, pledge.unit, pledge.count);
      sum(this.parts, event.sourceId, pledge.unit, pledge.count, pledge.part ?? 'earlier');
    }
    const paid = event.paid;
    if (paid && isCurrencyCode(paid.currency) && paid.minor > 0 && amountLimitError(paid.minor, paid.currency) === null) {
      sum(this.paid, event.sourceId, paid.currency, paid.minor);
    }
  }

  get empty(): boolean {
    return this.units.size === 0 && this.paid.size === 0;
  }

  /** Writes the sums, inside the batch's transaction. */
  write(): void {
    for (const s of this.units.values()) this.sql.totals.run(s.source, s.key, s.count);
    for (const s of this.parts.values()) this.sql.parts.run(s.source, s.key, s.part, s.lines, s.count);
    for (const s of this.paid.values()) this.sql.paid.run(s.source, s.key, s.lines, s.count);
  }
}

function sum(into: Map<string, Sum>, source: string, key: string, count: number, part?: PledgePart): void {
  const id = `${source}\u0000${key}\u0000${part ?? ''}`;
  const entry = into.get(id);
  if (entry) {
    entry.lines += 1;
    entry.count += count;
  } else {
    into.set(id, { source, key, ...(part ? { part } : {}), lines: 1, count });
  }
}
