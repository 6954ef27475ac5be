import { create } from 'zustand';
import { useLiveLoad } from '../lib/use-live-load.js';
import { useDashboard } from './store.js';

export const CHAT_WINDOWS = [
  { key: '15m', label: '15 min', minutes: 15 },
  { key: '1h', label: '1 h', minutes: 60 },
  { key: '6h', label: '6 h', minutes: 360 },
  { key: 'all', label: 'Whole marathon', minutes: null },
] as const;
export type ChatWindowKey = (typeof CHAT_WINDOWS)[number]['key'];

/** What the chat panels look at: one channel (a source id) or all, and a window of time. */
export const useChatView = create<{ source: string | null; window: ChatWindowKey }>()(() => ({ source: null, window: '1h' }));

/** At most one reload a second, however fast chat arrives. */
const MIN_GAP_MS = 1_000;

/**
 * Calls back when chat arrived (a minute's chat count moved; money alone does not count) or was
 * cleared. A subscription, not a selector: the hub moves the minutes several times a second, and
 * the panels that read chat are drawn again only when their answer comes, not at every move.
 */
export const whenChatMoves = (moved: () => void) =>
  useDashboard.subscribe((state, previous) => {
    if (state.chatMoves !== previous.chatMoves || state.chatCleared !== previous.chatCleared) moved();
  });

/**
 * Loads with `load` now and again whenever `key` changes or the staff hub says chat arrived
 * (a minute's chat count moved) or was cleared: throttled to one load per MIN_GAP_MS, latest
 * answer wins. The data stays on screen while a reload runs; a new question starts empty.
 */
export function useLiveChatLoad<T>(key: string, load: () => Promise<T>): { data: T | null; error: string | null; reload(): void } {
  const live = useLiveLoad(key, load, { gapMs: MIN_GAP_MS, subscribe: whenChatMoves });
  return { data: live.current ? live.data : null, error: live.error, reload: live.reload };
}
