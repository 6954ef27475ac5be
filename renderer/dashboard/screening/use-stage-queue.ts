import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScreeningItem } from '../../../shared/views.js';
import type { RouteResponse } from '../../../shared/contract.js';
import { callApi, failureMessage } from '../../lib/api.js';
import type { QueueOrder } from './reader-prefs.js';

const PAGE = 100;

export interface StageQueue {
  items: ScreeningItem[];
  /** More items after the last one shown. */
  more: boolean;
  loadMore(): void;
  /** Why the list could not be read (a minimum the server refused, the app gone). */
  error: string | null;
}

/**
 * One stage's list in the order chosen, in pages from the server. Read again when donations or
 * counts change (`refreshKey`), as many pages as were shown, so "Show more" is not lost.
 */
export function useStageQueue(stage: string, order: QueueOrder, min: string, refreshKey: unknown): StageQueue {
  const [items, setItems] = useState<ScreeningItem[]>([]);
  const [more, setMore] = useState(false);
  const [pages, setPages] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  useEffect(() => setPages(1), [stage, order, min]);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void (async () => {
        const read: ScreeningItem[] = [];
        let after: string | null = null;
        try {
          for (let page = 0; page < pagesRef.current; page += 1) {
            const answer: RouteResponse<'GET /api/screening/queue'> = await callApi('GET /api/screening/queue', {
              query: {
                stage: stage as 'pending',
                limit: String(PAGE),
                order,
                ...(min.trim() ? { min: min.trim() } : {}),
                ...(after ? { after } : {}),
              },
            });
            read.push(...answer.items);
            after = answer.next;
            if (!after) break;
          }
          if (!live) return;
          setItems(read);
          setMore(after !== null);
          setError(null);
        } catch (failure) {
          if (live) setError(failureMessage(failure));
        }
      })();
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [stage, order, min, pages, refreshKey]);

  const loadMore = useCallback(() => setPages((n) => n + 1), []);
  return { items, more, loadMore, error };
}
