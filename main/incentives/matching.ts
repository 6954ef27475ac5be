import { matchKey } from '../../shared/incentives.js';
import { extractTags } from '../chat/tags.js';

/** What a donor chose, as a platform field or CSV column carries it. */
export interface DonorChoice {
  /** An incentive or bid war (its name or tag), or one of a bid war's options by name. */
  incentive?: string | null | undefined;
  /** A new option the donor proposes for the bid war named in `incentive`. */
  new_option?: string | null | undefined;
  /** What a Tiltify donor picked: linked to an incentive or option by the owner (tiltify_items). */
  tiltify?: { poll_option_id: string | null; target_id: string | null; reward_id: string | null } | undefined;
}

/** The words after which a donor names what their money is for: "for RohingyaHope", "pour RohingyaHope". */
const FOR_WORDS = new Set(['for', 'pour']);
/** How many words after "for" may make up a name ("for Love Army"). */
const NAME_WORDS_MAX = 4;
const WORD = /[\p{L}\p{M}\p{N}_\p{Cf}]+/gu;

/**
 * The names a message gives, in the order written, folded with matchKey: its hashtags (as
 * chat counts them: look-alike mixed scripts are dropped) and the one to four words after
 * "for"/"pour" (each run of words as one candidate, longest first).
 */
export function namesInMessage(message: string): string[] {
  const found: string[] = [];
  for (const tag of extractTags(message).hashtags) {
    const key = matchKey(tag);
    if (key) found.push(key);
  }
  const words = [...message.normalize('NFKC').matchAll(WORD)].map((m) => m[0]);
  words.forEach((word, i) => {
    if (!FOR_WORDS.has(word.toLowerCase())) return;
    for (let n = Math.min(NAME_WORDS_MAX, words.length - i - 1); n >= 1; n -= 1) {
      const key = matchKey(words.slice(i + 1, i + 1 + n).join(''));
      if (key) found.push(key);
    }
  });
  return found;
}
