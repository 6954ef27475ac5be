import { useState } from 'react';
import { failureMessage } from './api.js';

/**
 * A live list's newest page with the older pages the reader asked for, newest first. Older pages
 * belong to one question (`key`: a channel, a filter...) and are dropped when it changes; an
 * item the newest page holds again is shown once. `fetchOlder(before)` reads the page before a
 * cursor; `order` gives each item's place (higher is newer).
 */
export function useOlderPages<T>(
  key: string,
  newestPage: { items: T[]; next: number | null } | null,
  order: (item: T) => number,
  fetchOlder: (before: number) => Promise<{ items: T[]; next: number | null }>,
): { items: T[]; next: number | null; loading: boolean; error: string | null; loadOlder(): Promise<void> } {
  const [older, setOlder] = useState<{ key: string; items: T[]; next: number | null } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kept = older && older.key === key ? older : null;
  const newest = newestPage?.items ?? [];
  const lowest = newest.length > 0 ? order(newest[newest.length - 1]!) : Number.MAX_SAFE_INTEGER;
  const items = kept ? [...newest, ...kept.items.filter((item) => order(item) < lowest)] : newest;
  const next = kept ? kept.next : (newestPage?.next ?? null);
  const loadOlder = async () => {
    if (next === null) return;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchOlder(next);
      setOlder({ key, items: [...(kept?.items ?? []), ...page.items], next: page.next });
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setLoading(false);
    }
  };
  return { items, next, loading, error, loadOlder };
}
