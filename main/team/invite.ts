import { type TeamInvite, teamInvite } from '../../shared/team.js';

const PREFIX = 'tdteam1.';

/** The invite as one line to paste: shown once to the organizer, then only the desk has it. */
export const encodeInvite = (invite: TeamInvite): string => PREFIX + Buffer.from(JSON.stringify(invite)).toString('base64url');

export function decodeInvite(text: string): TeamInvite | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PREFIX)) return null;
  try {
    const parsed = teamInvite.safeParse(JSON.parse(Buffer.from(trimmed.slice(PREFIX.length), 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
