import { useState } from 'react';
import type { ClaimView, ScreeningItem } from '../../../shared/views.js';
import { clockTime, displayAmount } from '../../lib/format.js';
import type { QueueOrder } from './reader-prefs.js';
import type { StageQueue } from './use-stage-queue.js';

interface Props {
  title: string;
  /** The stage to read on air: the reader's tools (minimum, reader view, mark older) show. */
  forReader: boolean;
  total: number;
  queue: StageQueue;
  order: QueueOrder;
  setOrder(order: QueueOrder): void;
  min: string;
  setMin(min: string): void;
  currency: string | null;
  openId: number | null;
  busy: boolean;
  me: string | null;
  claimOf(id: number): ClaimView | undefined;
  open(item: ScreeningItem): void;
  openReader(): void;
  readOlder(item: ScreeningItem): Promise<void>;
}

export function donorName(item: ScreeningItem): string {
  if (item.donation.anonymous) return 'Anonymous';
  return item.donation.donor_name?.trim() || 'No name given';
}

/** A stage's list beside the open item: its order, and for the reader the minimum and bulk tools. */
export function QueuePanel(props: Props) {
  const { queue, forReader, order, min } = props;
  const [confirming, setConfirming] = useState<number | null>(null);
  const shown = queue.items.length;
  const filtered = forReader && min.trim() !== '';
  return (
    <div className="panel" data-testid="queue-panel">
      <h2>
        {props.title}, {order === 'amount' ? 'largest first' : 'oldest first'}
      </h2>
      <div className="queue-tools">
        <label>
          Order
          <select value={order} onChange={(e) => props.setOrder(e.target.value === 'amount' ? 'amount' : 'age')} data-testid="queue-order">
            <option value="age">Oldest first</option>
            <option value="amount">Largest amount first</option>
          </select>
        </label>
        {forReader && (
          <>
            <label>
              Minimum{props.currency ? ` (${props.currency})` : ''}
              <input value={min} inputMode="decimal" placeholder="none" onChange={(e) => props.setMin(e.target.value)} data-testid="queue-min" />
            </label>
            <button type="button" className="primary" disabled={shown === 0} onClick={props.openReader} data-testid="reader-open">
              Reader view
            </button>
          </>
        )}
      </div>
      <p className="hint" data-testid="queue-summary">
        {filtered
          ? `${shown}${queue.more ? '+' : ''} at or above ${min.trim()} ${props.currency ?? ''} of ${props.total}; the others wait below the minimum (“Read up to here” marks them too).`
          : `${shown}${queue.more ? '+' : ''} shown of ${props.total}.`}
      </p>
      {queue.error && <p className="form-error" role="alert" data-testid="queue-error">{queue.error}</p>}
      {shown === 0 ? (
        <p className="hint" data-testid="queue-empty">Nothing here.</p>
      ) : (
        <ol className="queue-list" data-testid="screening-queue">
          {queue.items.map((item) => {
            const claim = props.claimOf(item.donation.id);
            const theirs = claim && claim.actor !== props.me;
            return (
              <li key={item.donation.id} className={`queue-row${theirs ? ' taken' : ''}${props.openId === item.donation.id ? ' current' : ''}`} data-testid="queue-row" data-donation-id={item.donation.id}>
                <button type="button" className="queue-open" disabled={Boolean(theirs) || props.busy} onClick={() => props.open(item)}>
                  <span className="queue-amount" data-testid="queue-amount">{displayAmount(item.donation.converted ?? item.donation.amount)}</span>
                  <span className="queue-donor" dir="auto">{donorName(item)}</span>
                  <span className="queue-message">{item.donation.message ?? ''}</span>
                </button>
                {theirs && <span className="badge taken-by" data-testid="taken-by">open by {claim.actor_name}</span>}
                {/* Why a message waits or was refused helps the moderators; on the reader's list every
                    row is approved, and "screening is off" on each of 800 rows only crowds it. */}
                {item.reason && !forReader && <span className="queue-reason">{item.reason}</span>}
                {forReader && confirming !== item.donation.id && (
                  <div className="queue-row-tools">
                    <button type="button" className="quiet" disabled={props.busy} onClick={() => setConfirming(item.donation.id)} data-testid="read-older">
                      Read up to here
                    </button>
                  </div>
                )}
                {forReader && confirming === item.donation.id && (
                  <div className="read-older-confirm" data-testid="read-older-confirm">
                    Mark read every approved message that arrived up to {clockTime(item.donation.received_at)}, this one included, whatever its amount?
                    <button type="button" className="primary" disabled={props.busy} data-testid="read-older-yes"
                      onClick={() => void props.readOlder(item).finally(() => setConfirming(null))}>
                      Mark read
                    </button>
                    <button type="button" className="quiet" onClick={() => setConfirming(null)}>Cancel</button>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {queue.more && (
        <button type="button" className="quiet" onClick={queue.loadMore} data-testid="queue-more">
          Show more
        </button>
      )}
    </div>
  );
}
