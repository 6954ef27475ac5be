import type { ScreeningState } from '../../shared/views.js';
import type { Db } from '../store/database.js';

/** How a stage of the queue is listed: oldest first, or largest amount (in campaign currency) first. */
export type QueueOrder = 'age' | 'amount';
export const QUEUE_ORDERS: readonly QueueOrder[] = ['age', 'amount'];

/** Where a page of the queue starts: after this item, in the page's order. */
export interface QueuePosition {
  seq: number;
  /** The item's amount in campaign minor units (NO_AMOUNT without a rate); only for 'amount'. */
  amount: number;
}

/** A donation without a rate has no amount in campaign currency: it sorts after every other. */
export const NO_AMOUNT = Number.MIN_SAFE_INTEGER;
const START: QueuePosition = { seq: 0, amount: Number.MAX_SAFE_INTEGER };
const BATCH = 400;

interface Bound {
  state: string;
  first_pass: number;
  min: number;
  after_seq: number;
  after_amount: number;
  limit: number;
}

// The amount a donation counts for now: its first amount plus its applied corrections, as
// DonationQueries shows it, so the order is the one the reader sees.
const CURRENT_AMOUNT = `COALESCE(d.campaign_minor + COALESCE((SELECT SUM(c.campaign_delta_minor) FROM donation_corrections c
                                  WHERE c.donation_seq = d.event_seq AND c.applied = 1), 0), ${NO_AMOUNT})`;
// first_pass -1: either; 0: not passed yet (pending); 1: passed once (two-pass's second look).
const IN_STAGE = `d.type = 'donation' AND d.screening = @state AND (@first_pass = -1 OR (m.first_pass_by IS NOT NULL) = @first_pass)`;

/**
 * The queue of one stage in either order, read in bounded batches from a keyset position. The
 * amount order reads the stage's items once per batch (the stage is the queue itself, never the
 * marathon's history: items leave it when decided); the age order walks donations_queue.
 */
export class QueueOrderQueries {
  private readonly byAge;
  private readonly byAmount;

  constructor(db: Db) {
    this.byAge = db.prepare<[Bound], { seq: number; amount: number }>(
      `SELECT seq, amount FROM (
         SELECT d.event_seq AS seq, ${CURRENT_AMOUNT} AS amount
         FROM donations d LEFT JOIN screening_marks m ON m.donation_seq = d.event_seq
         WHERE ${IN_STAGE} AND d.event_seq > @after_seq ORDER BY d.event_seq
       ) WHERE amount >= @min LIMIT @limit`,
    );
    this.byAmount = db.prepare<[Bound], { seq: number; amount: number }>(
      `SELECT seq, amount FROM (
         SELECT d.event_seq AS seq, ${CURRENT_AMOUNT} AS amount
         FROM donations d LEFT JOIN screening_marks m ON m.donation_seq = d.event_seq
         WHERE ${IN_STAGE}
       ) WHERE amount >= @min AND (amount < @after_amount OR (amount = @after_amount AND seq > @after_seq))
       ORDER BY amount DESC, seq LIMIT @limit`,
    );
  }

  /**
   * The items of a stage from a position on, in order. `min`: only items of at least this many
   * campaign minor units (items without a rate are then left out: their amount is unknown).
   */
  *walk(state: ScreeningState, firstPass: -1 | 0 | 1, order: QueueOrder, options: { min?: number | null; after?: QueuePosition | null } = {}): Generator<QueuePosition> {
    let position = options.after ?? START;
    const min = options.min ?? NO_AMOUNT;
    const query = order === 'amount' ? this.byAmount : this.byAge;
    for (;;) {
      const rows = query.all({ state, first_pass: firstPass, min, after_seq: position.seq, after_amount: position.amount, limit: BATCH });
      if (rows.length === 0) return;
      for (const row of rows) {
        position = { seq: row.seq, amount: row.amount };
        yield position;
      }
      if (rows.length < BATCH) return;
    }
  }
}

/** The cursor a client sends back for the next page: "<seq>" (age) or "<amount>:<seq>" (amount). */
export function queueCursor(order: QueueOrder, position: QueuePosition): string {
  return order === 'amount' ? `${position.amount}:${position.seq}` : String(position.seq);
}

export function parseQueueCursor(order: QueueOrder, text: string): QueuePosition | null {
  const match = order === 'amount' ? /^(-?\d{1,16}):(\d{1,16})$/.exec(text) : /^()(\d{1,16})$/.exec(text);
  if (!match) return null;
  const seq = Number(match[2]);
  const amount = order === 'amount' ? Number(match[1]) : START.amount;
  if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(amount)) return null;
  return { seq, amount };
}
