import type { SourceLabel } from './store.js';
import { useChatView } from './ChatLive.js';

/** One channel or all, shared by the chat panels (choosing in one chooses in both). */
export function ChatChannelSelect({ channels, testId }: { channels: readonly SourceLabel[]; testId: string }) {
  const source = useChatView((s) => s.source);
  return (
    <select aria-label="Channel" data-testid={testId} value={source ?? ''} onChange={(e) => useChatView.setState({ source: e.target.value || null })}>
      <option value="">All channels</option>
      {channels.map((c) => (
        <option key={c.id} value={c.id}>{c.name}</option>
      ))}
    </select>
  );
}
