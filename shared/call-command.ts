import { type Result, fail, ok } from './result.js';

/** "!call" then at most one more word: lower-case ASCII letters, digits and "_". */
const COMMAND = /^![a-z0-9_]{1,20}( [a-z0-9_]{1,24})?$/;
/** A word as typed in chat: printable ASCII only (no look-alike letters, no invisible ones). */
const ASCII_WORD = /^[\x21-\x7E]+$/;

/**
 * The default sign-up command of a target's moments: "!call" and the first word of its name in
 * plain letters ("Erdoğan Office" → "!call erdogan"); "!call" alone when nothing is left.
 */
export function defaultCommand(targetName: string): string {
  const first = targetName.trim().split(/\s+/, 1)[0] ?? '';
  const plain = first.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 24);
  return plain ? `!call ${plain}` : '!call';
}

/** The owner's command as sent: trimmed, one space between words, lower case; refused in words. */
export function readCommand(input: unknown): Result<string> {
  if (typeof input !== 'string') return fail('command must be text such as "!call erdogan"');
  const trimmed = input.trim().replace(/ +/g, ' ');
  if (!/^[\x20-\x7E]*$/.test(trimmed)) {
    return fail('command must be typed in plain letters (a to z, digits, "_"): look-alike or invisible characters would let people sign up with a command others cannot type');
  }
  const command = trimmed.toLowerCase();
  if (!COMMAND.test(command)) return fail('command must start with "!" and have at most two words of letters, digits or "_", such as "!call erdogan"');
  return ok(command);
}

/**
 * The commands a chat message could be typing: its first word, and its first two words, lower
 * case. A message counts only when those words are ASCII exactly as typed and unchanged by NFKC:
 * "！ｃａｌｌ", "!cаll" (Cyrillic а) or "!ca\u200Bll" sign nobody up.
 */
export function commandsTyped(text: string): string[] {
  const words = text.replace(/^ +/, '').split(/ +/, 2);
  const first = words[0] ?? '';
  if (!first.startsWith('!') || !typedAsAscii(first)) return [];
  const one = first.toLowerCase();
  const second = words[1];
  return second !== undefined && typedAsAscii(second) ? [one, `${one} ${second.toLowerCase()}`] : [one];
}

const typedAsAscii = (word: string) => ASCII_WORD.test(word) && word.normalize('NFKC') === word;

/** Accounts that are never a person joining a call: common chat bots (plus the campaign's own bot). */
export const KNOWN_BOTS = new Set(['nightbot', 'streamelements', 'streamlabs', 'moobot', 'fossabot', 'wizebot', 'soundalerts', 'sery_bot', 'botrixoficial', 'commanderroot']);
