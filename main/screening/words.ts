/**
 * The screening word list: a message or donor name that contains a listed word or phrase is
 * denied automatically, with the word as the reason. Matching is on whole words, folded for
 * case, accents, full-width letters and look-alike digits people use to dodge lists
 * ("Ｆｒｅｅ", "frée" and "FREE" all match "free"; "class" does not match "ass").
 */

const WORDS_MAX = 500;
const WORD_MAX = 60;

/** NFKD folds full-width and compatibility letters; marks (accents) are then dropped. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function tokens(text: string): string[] {
  // Zero-width characters inside a word would split it: they are removed, not treated as spaces.
  return foldText(text.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Cleans a list the owner typed: trimmed, folded, deduplicated; refuses what cannot be a word. */
export function parseWordList(input: unknown): { ok: true; words: string[] } | { ok: false; error: string } {
  if (!Array.isArray(input)) return { ok: false, error: 'words must be a list of words or short phrases' };
  if (input.length > WORDS_MAX) return { ok: false, error: `the word list can hold at most ${WORDS_MAX} entries` };
  const words: string[] = [];
  const seen = new Set<string>();
  for (const entry of input) {
    if (typeof entry !== 'string') return { ok: false, error: 'each word must be text' };
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    if ([...trimmed].length > WORD_MAX) return { ok: false, error: `"${trimmed.slice(0, 20)}…" is longer than ${WORD_MAX} characters` };
    if (tokens(trimmed).length === 0) return { ok: false, error: `"${trimmed}" has no letters or digits to match` };
    const key = tokens(trimmed).join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(trimmed);
  }
  return { ok: true, words };
}

/** A matcher for one list: the first listed word or phrase found in the text, or null. */
export function wordMatcher(words: readonly string[]): (text: string) => string | null {
  const phrases = words.map((word) => ({ word, parts: tokens(word) })).filter((p) => p.parts.length > 0);
  if (phrases.length === 0) return () => null;
  return (text) => {
    const found = tokens(text);
    if (found.length === 0) return null;
    for (const phrase of phrases) {
      const [first] = phrase.parts;
      for (let i = 0; i + phrase.parts.length <= found.length; i++) {
        if (found[i] !== first) continue;
        if (phrase.parts.every((part, k) => found[i + k] === part)) return phrase.word;
      }
    }
    return null;
  };
}
