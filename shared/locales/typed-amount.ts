import { type Result, fail, ok } from '../result.js';
import type { CampaignLocale } from './index.js';

/**
 * How a language writes an amount by hand. English: "50,000.50" (spaces as groups are read
 * too: "50 000.50"). French: "50 000,50", the groups split by a space, a no-break space or a
 * narrow no-break space (what a French keyboard, Word and Intl each put there); "12.50" is read
 * as a decimal point too, since many keyboards type one.
 */
interface TypedNumbers {
  decimal: string;
  /** Characters that split the whole part in groups of three. */
  groups: string;
  /** The other convention's decimal mark, read only where it cannot be mistaken for a group. */
  foreignDecimal: string | null;
  /** An example in this language's writing, for the sentences. */
  example: string;
  name: string;
}

const SPACES = ' \u00a0\u202f\u2009';

const TYPED: Record<CampaignLocale, TypedNumbers> = {
  en: { decimal: '.', groups: `,${SPACES}`, foreignDecimal: null, example: '1,250.50', name: 'English' },
  // The example's space is a no-break one, so a hint never breaks the number across lines.
  fr: { decimal: ',', groups: SPACES, foreignDecimal: '.', example: '1\u00a0250,50', name: 'French' },
};

/** How `locale` writes an amount, as an example for a form's hint: "1,250.50" or "1 250,50". */
export function typedExample(locale: CampaignLocale): string {
  return TYPED[locale].example;
}

/** An exact decimal string as a form shows it for editing in `locale`: "10000.50" → "10000,50" in French. */
export function typedValue(value: string, locale: CampaignLocale): string {
  return value.replace('.', TYPED[locale].decimal);
}

/**
 * Reads an amount as someone typed it in `locale` into a plain decimal string ("50 000,50" →
 * "50000.50"), exactly: only characters are moved, no number is ever made. Refuses what could
 * be read two ways ("1.500" in French: one and a half, or fifteen hundred?) and groups that are
 * not of three digits ("25,50" in English), with a sentence saying how to write it. The
 * decimals a currency allows are checked afterwards (parseDecimalMinor).
 */
export function readTypedDecimal(typed: string, locale: CampaignLocale): Result<string> {
  const rules = TYPED[locale];
  const text = typed.trim();
  if (text === '') return fail('is empty');
  if (/^[-+−]/.test(text)) return fail(`must be written without a sign, like ${rules.example}`);
  const allowed = new Set([...'0123456789', rules.decimal, ...rules.groups, ...(rules.foreignDecimal ?? '')]);
  const stray = [...text].find((c) => !allowed.has(c));
  if (stray !== undefined) {
    if (locale === 'fr' && stray === ',') return fail(`"${text}" mixes marks: write it like ${rules.example}`);
    return fail(`"${text}" is not an amount: write it with digits, like ${rules.example}`);
  }

  let decimalMark = rules.decimal;
  if (rules.foreignDecimal && text.includes(rules.foreignDecimal)) {
    const pieces = text.split(rules.foreignDecimal);
    if (text.includes(rules.decimal) || pieces.length > 2) {
      return fail(`"${text}" mixes marks: in ${rules.name} write it like ${rules.example}`);
    }
    // "12.50" is a decimal point; "1.500" could be a thousands mark as well: asked, not guessed.
    if ((pieces[1] ?? '').length === 3) {
      return fail(`"${text}" could be read two ways: write ${pieces[0]} ${pieces[1]} for thousands, or ${pieces[0]}${rules.decimal}${pieces[1]} for decimals`);
    }
    decimalMark = rules.foreignDecimal;
  }

  const parts = text.split(decimalMark);
  if (parts.length > 2) return fail(`"${text}" has more than one decimal mark: write it like ${rules.example}`);
  const [whole = '', fraction] = parts;
  if (fraction !== undefined && !/^\d+$/.test(fraction)) {
    return fail(fraction === '' ? `"${text}" ends with its decimal mark: write the decimals, or leave the mark out` : `"${text}" has a space or mark among its decimals: write it like ${rules.example}`);
  }
  const digits = readGroups(whole, rules.groups);
  if (digits === null) {
    if (locale === 'en' && /,\d{1,2}$/.test(whole) && fraction === undefined) {
      return fail(`"${text}": in English a comma separates thousands (like ${rules.example}); write the decimals after a point: ${whole.replace(/,(\d{1,2})$/, '.$1')}`);
    }
    return fail(`"${text}" is grouped oddly: groups of three digits, like ${rules.example}`);
  }
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  return ok(fraction === undefined ? trimmed : `${trimmed}.${fraction}`);
}

/** "50 000" → "50000"; null unless every group after the first has three digits. */
function readGroups(whole: string, groups: string): string | null {
  if (whole === '') return null;
  const split = whole.split(new RegExp(`[${groups.replace(/[\\\]^-]/g, '\\$&')}]`));
  const [first = '', ...rest] = split;
  if (rest.length === 0) return /^\d+$/.test(first) ? first : null;
  if (!/^\d{1,3}$/.test(first) || rest.some((group) => !/^\d{3}$/.test(group))) return null;
  return split.join('');
}
