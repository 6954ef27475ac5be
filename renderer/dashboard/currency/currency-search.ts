import { OFFERED_CURRENCY_CODES } from '../../../shared/currencies.js';

export interface CurrencyChoice {
  code: string;
  /** The currency's English name ("Euro"), or the code where the browser does not know it. */
  name: string;
}

let choices: CurrencyChoice[] | null = null;

/** Every currency a picker offers, with its name, made once. */
export function currencyChoices(): readonly CurrencyChoice[] {
  if (choices) return choices;
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'currency' });
  } catch {
    // no Intl.DisplayNames: codes only
  }
  choices = OFFERED_CURRENCY_CODES.map((code) => ({ code, name: names?.of(code) ?? code }));
  return choices;
}

/**
 * The choices that match what was typed, best first: the exact code, codes starting with it,
 * names with a word starting with it, then names containing it. "eur" and "euro" both find EUR;
 * "yen" finds JPY; an empty query lists everything in code order.
 */
export function searchCurrencies(query: string, all: readonly CurrencyChoice[] = currencyChoices()): CurrencyChoice[] {
  const typed = query.trim().toLowerCase();
  if (typed === '') return [...all];
  const rank = (choice: CurrencyChoice): number => {
    const code = choice.code.toLowerCase();
    const name = choice.name.toLowerCase();
    if (code === typed) return 0;
    if (code.startsWith(typed)) return 1;
    if (name.split(/[\s-]+/).some((word) => word.startsWith(typed))) return 2;
    if (name.includes(typed)) return 3;
    return -1;
  };
  return all
    .map((choice) => ({ choice, rank: rank(choice) }))
    .filter((ranked) => ranked.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.choice.code.localeCompare(b.choice.code))
    .map((ranked) => ranked.choice);
}
