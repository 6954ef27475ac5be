import { useState } from 'react';

export type QueueOrder = 'age' | 'amount';

const ORDER_KEY = 'telethon.reader.order';
const MIN_KEY = 'telethon.reader.min';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    if (value === '') localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // A browser that keeps nothing still sorts; the choice just does not outlive the page.
  }
}

/**
 * How this person lists the queue (oldest or largest first) and the reader's minimum amount:
 * kept in this browser across reloads, since each reader and moderator chooses their own.
 */
export function useReaderPrefs(): { order: QueueOrder; setOrder(order: QueueOrder): void; min: string; setMin(min: string): void } {
  const [order, setOrderState] = useState<QueueOrder>(() => (stored(ORDER_KEY) === 'amount' ? 'amount' : 'age'));
  const [min, setMinState] = useState<string>(() => stored(MIN_KEY) ?? '');
  return {
    order,
    setOrder(next) {
      store(ORDER_KEY, next);
      setOrderState(next);
    },
    min,
    setMin(next) {
      store(MIN_KEY, next.trim());
      setMinState(next);
    },
  };
}
