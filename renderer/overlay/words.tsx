import { Fragment, type ReactNode } from 'react';
import { type CampaignLocale, DEFAULT_LOCALE, type OverlayWords, isCampaignLocale, overlayWords, templateParts } from '../../shared/locales/index.js';
import { useOverlay } from './store.js';

/** The campaign's language on stream: its words and its locale code for numbers and money. */
export function useOverlayLocale(): { locale: CampaignLocale; words: OverlayWords } {
  const chosen = useOverlay((s) => s.campaign?.locale);
  const locale = isCampaignLocale(chosen) ? chosen : DEFAULT_LOCALE;
  return { locale, words: overlayWords(locale) };
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** Whether `count` takes the singular in `locale` (French says "0 don", English "0 donations"). */
export function isSingular(locale: string, count: number): boolean {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count) === 'one';
}

/**
 * A template of the words with its marks filled by elements: a donor's name goes in as its own
 * `<bdi>` (see renderer/lib/isolated.tsx), so an Arabic or Hebrew name keeps its order and leaves the sentence's.
 */
export function Sentence({ template, values }: { template: string; values: Readonly<Record<string, ReactNode>> }) {
  return (
    <>
      {templateParts(template).map((part, index) => (
        // The parts of one template never move, so their place is their key.
        <Fragment key={index}>{typeof part === 'string' ? part : (values[part.mark] ?? `{${part.mark}}`)}</Fragment>
      ))}
    </>
  );
}
