import type { SourceKind, SourceView } from '../../../shared/views.js';

/** Sources whose chat the desk reads: the chat panels offer these. */
export const CHAT_SOURCE_KINDS: readonly SourceKind[] = ['twitch', 'youtube', 'x', 'demo'];

const NAMES: Record<string, string> = { twitch: 'Twitch', youtube: 'YouTube', x: 'X', demo: 'Demo' };

export const isChatSource = (source: Pick<SourceView, 'kind'>): boolean => CHAT_SOURCE_KINDS.includes(source.kind);

/** "Twitch", "YouTube": the small label on each chat line and in the per-channel figures. */
export const platformName = (kind: string | null | undefined): string => (kind ? (NAMES[kind] ?? kind) : 'Chat');
