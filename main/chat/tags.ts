/**
 * Hashtags and @mentions in chat text, as the campaign counts them.
 *
 * Decisions (the tests in tags.test.ts hold them):
 * - Text is NFKC-normalised, lower-cased, and normalised again: full-width "＃ＥＲＤＯＧＡＮ" and
 *   "#erdogan" are one tag. Lower-casing is the locale-free one (Turkish "İ" becomes "i̇").
 * - A hashtag is "#" then letters, marks, digits or "_", with at least one letter, not glued to a
 *   word before it ("C#", "abc#def" are not tags). It ends at anything else, so a trailing "!",
 *   "." or "…" is never part of it. Longer than 100 characters: not a tag (emoji and spam walls).
 * - Invisible format characters (zero-width space, joiners, LRM/RLM, bidi embeddings and
 *   isolates, BOM) never make a look-alike count as the real tag: one at the end of a tag is
 *   dropped, one inside a tag discards the whole tag — except ZWNJ/ZWJ between two letters of a
 *   script that needs them (Persian, Urdu, Indic), which stay part of the word.
 * - A tag that mixes Latin with Cyrillic or Greek letters ("#Erdоgan" with a Cyrillic "о") is
 *   a look-alike and is discarded rather than counted as a second, confusable tag.
 * - A mention is "@" then a Twitch login (ASCII letters, digits, "_", 1-25), lower-cased.
 */

const TAG_MAX = 100;
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_\p{Cf}])#([\p{L}\p{M}\p{N}_\p{Cf}]+)/gu;
const MENTION = /(?<![\p{L}\p{M}\p{N}_])@([a-z0-9_]{1,25})(?![\p{L}\p{M}\p{N}_])/gu;
const MAYBE = /[#@\uFF03\uFF20\uFE5F\uFE6B]/;
const FORMAT = /\p{Cf}/u;
const TRAILING_FORMAT = /\p{Cf}+$/u;
const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_WITH_LATIN = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
/** Letters of scripts whose words legitimately contain ZWNJ/ZWJ. */
const JOINING_SCRIPT = /[\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Syriac}]/u;

export interface ChatTags {
  hashtags: string[];
  mentions: string[];
}

const NONE: ChatTags = { hashtags: [], mentions: [] };

/** The canonical form both extraction and look-ups use. */
export function canonicalTag(tag: string): string {
  return tag.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Distinct hashtags (without "#") and mentions (without "@") of one message. */
export function extractTags(text: string): ChatTags {
  if (!MAYBE.test(text)) return NONE;
  const folded = canonicalTag(text);
  const hashtags = new Set<string>();
  for (const match of folded.matchAll(HASHTAG)) {
    const tag = cleanHashtag(match[1] ?? '');
    if (tag !== null) hashtags.add(tag);
  }
  const mentions = new Set<string>();
  for (const match of folded.matchAll(MENTION)) if (match[1]) mentions.add(match[1]);
  if (hashtags.size === 0 && mentions.size === 0) return NONE;
  return { hashtags: [...hashtags], mentions: [...mentions] };
}

function cleanHashtag(raw: string): string | null {
  const tag = raw.replace(TRAILING_FORMAT, '');
  if (tag.length === 0 || tag.length > TAG_MAX || !LETTER.test(tag)) return null;
  if (FORMAT.test(tag) && !joinersOnlyWhereScriptsNeedThem(tag)) return null;
  if (LATIN.test(tag) && CONFUSABLE_WITH_LATIN.test(tag)) return null;
  return tag;
}

function joinersOnlyWhereScriptsNeedThem(tag: string): boolean {
  const chars = [...tag];
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i] ?? '';
    if (!FORMAT.test(c)) continue;
    if (c !== '\u200C' && c !== '\u200D') return false;
    const before = chars[i - 1] ?? '';
    const after = chars[i + 1] ?? '';
    if (!JOINING_SCRIPT.test(before) || !JOINING_SCRIPT.test(after)) return false;
  }
  return true;
}
