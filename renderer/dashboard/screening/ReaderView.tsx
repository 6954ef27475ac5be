import { useEffect, useRef, useState } from 'react';
import type { ScreeningItem } from '../../../shared/views.js';
import { clockTime, displayAmount } from '../../lib/format.js';

interface Props {
  items: ScreeningItem[];
  more: boolean;
  loadMore(): void;
  /** Marks one message read on air; resolves once the server answered. */
  markRead(item: ScreeningItem): Promise<void>;
  /** The decision just made that may still be taken back, if any. */
  undo: { id: number; label: string; run(): void } | null;
  busy: boolean;
  error: string | null;
  close(): void;
}

function donorName(item: ScreeningItem): string {
  if (item.donation.anonymous) return 'Anonymous';
  return item.donation.donor_name?.trim() || 'No name given';
}

/**
 * The host's view on stream: one message at a time in large type, in the queue's order, with
 * next and previous (arrows), mark read (R or Enter), undo (U) and close (Esc). A message
 * marked read leaves the queue; the one after it takes its place.
 */
export function ReaderView({ items, more, loadMore, markRead, undo, busy, error, close }: Props) {
  const [index, setIndex] = useState(0);
  const currentId = useRef<number | null>(null);
  // A message taken back shows again as soon as the list has it back.
  const comeBack = useRef<number | null>(null);
  if (comeBack.current !== null && items.some((i) => i.donation.id === comeBack.current)) {
    currentId.current = comeBack.current;
    comeBack.current = null;
  }
  // Follow the message on screen when the list is read again; if it left, stay at its place.
  const found = currentId.current === null ? -1 : items.findIndex((i) => i.donation.id === currentId.current);
  const at = found >= 0 ? found : Math.min(index, Math.max(items.length - 1, 0));
  const item = items[at] ?? null;
  currentId.current = item?.donation.id ?? null;
  useEffect(() => {
    if (at !== index) setIndex(at);
  }, [at, index]);

  useEffect(() => {
    if (more && at >= items.length - 3) loadMore();
  }, [more, at, items.length, loadMore]);

  const go = (step: number) => {
    const next = Math.min(Math.max(at + step, 0), Math.max(items.length - 1, 0));
    currentId.current = items[next]?.donation.id ?? null;
    setIndex(next);
  };

  const takeBack = () => {
    if (!undo) return;
    comeBack.current = undo.id;
    undo.run();
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'escape') close();
      else if (key === 'arrowright' || key === 'arrowdown' || key === 'j' || key === ' ') go(1);
      else if (key === 'arrowleft' || key === 'arrowup' || key === 'k') go(-1);
      else if ((key === 'r' || key === 'enter') && item && !busy) void markRead(item);
      else if (key === 'u' && undo && !busy) takeBack();
      else return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  const converted = item?.donation.converted;
  return (
    <div className="reader-view" role="dialog" aria-modal="true" aria-label="Reader view" data-testid="reader-view" data-busy={busy ? 'true' : 'false'}>
      <div className="reader-top">
        <span className="reader-position" data-testid="reader-position">
          {items.length === 0 ? 'Nothing left to read' : `${at + 1} of ${items.length}${more ? '+' : ''}`}
        </span>
        <button type="button" className="quiet" onClick={close} data-testid="reader-close">
          Close <kbd>Esc</kbd>
        </button>
      </div>
      {item ? (
        <article className="reader-card" data-testid="reader-item" data-donation-id={item.donation.id}>
          <div className="reader-amount" data-testid="reader-amount">
            {displayAmount(converted ?? item.donation.amount)}
            {converted && converted.currency !== item.donation.amount.currency && (
              <span className="reader-original"> ({displayAmount(item.donation.amount)})</span>
            )}
          </div>
          <div className="reader-donor" data-testid="reader-donor" dir="auto">{donorName(item)}</div>
          {item.donation.message ? (
            <p className="reader-message" data-testid="reader-message" dir="auto">{item.donation.message}</p>
          ) : (
            <p className="reader-message empty">No message.</p>
          )}
          <div className="hint">
            arrived <time dateTime={item.donation.received_at}>{clockTime(item.donation.received_at)}</time>
            {item.below_overlay_min && ' · below the overlay minimum: the overlay shows only name and amount'}
          </div>
        </article>
      ) : (
        <p className="reader-card reader-empty">Every message in this list has been read.</p>
      )}
      {error && <p className="form-error" role="alert" data-testid="reader-error">{error}</p>}
      <div className="reader-actions">
        <button type="button" disabled={at === 0} onClick={() => go(-1)} data-testid="reader-previous">
          Previous <kbd>←</kbd>
        </button>
        <button type="button" className="primary" disabled={!item || busy} onClick={() => item && void markRead(item)} data-testid="reader-read">
          Read on air <kbd>R</kbd>
        </button>
        <button type="button" disabled={at >= items.length - 1} onClick={() => go(1)} data-testid="reader-next">
          Next <kbd>→</kbd>
        </button>
        {undo && (
          <button type="button" className="quiet" disabled={busy} onClick={takeBack} data-testid="reader-undo">
            Undo “{undo.label}” <kbd>U</kbd>
          </button>
        )}
      </div>
    </div>
  );
}
