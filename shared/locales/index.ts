import { en, type OverlayWords } from './en.js';
import { fr } from './fr.js';

export type { OverlayWords } from './en.js';

/**
 * The languages a campaign can be shown in on stream. A new language is one file beside these
 * (typed `satisfies OverlayWords`) and one line here; its code is a BCP 47 tag that Intl knows,
 * since numbers and money are written the way that locale writes them.
 */
export const LOCALES = {
  en,
  fr,
} as const satisfies Record<string, OverlayWords>;

export type CampaignLocale = keyof typeof LOCALES;
export const CAMPAIGN_LOCALES = Object.keys(LOCALES) as CampaignLocale[];
export const DEFAULT_LOCALE: CampaignLocale = 'en';

export function isCampaignLocale(value: unknown): value is CampaignLocale {
  return typeof value === 'string' && Object.hasOwn(LOCALES, value);
}

/** The words of a campaign's language; English for a code this version does not know. */
export function overlayWords(locale: string | undefined): OverlayWords {
  return isCampaignLocale(locale) ? LOCALES[locale] : LOCALES[DEFAULT_LOCALE];
}

/**
 * A template's marks filled in: fill('{donor} donated', { donor: 'Ada' }) → 'Ada donated'. A mark
 * with no value is left as written, so a mistake shows on screen rather than vanishing.
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (mark, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : mark));
}

/**
 * A template cut around its marks, for text that must stay apart from the words (a donor's name
 * in its own bidi-isolated element): '{donor} donated' → ['', {mark:'donor'}, ' donated'].
 */
export function templateParts(template: string): (string | { mark: string })[] {
  return template.split(/(\{\w+\})/).map((part) => (/^\{\w+\}$/.test(part) ? { mark: part.slice(1, -1) } : part));
}

/** The marks a template uses, sorted: the same in every language for one key. */
export function templateMarks(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
