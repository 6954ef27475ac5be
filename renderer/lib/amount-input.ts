import { type CampaignLocale, DEFAULT_LOCALE } from '../../shared/locales/index.js';
import { readTypedDecimal } from '../../shared/locales/typed-amount.js';
import { parseAmount } from '../../shared/money.js';
import type { Amount } from '../../shared/money.js';
import type { Result } from '../../shared/result.js';

/**
 * Reads what someone typed as an exact amount, written the way the campaign's language writes
 * it ("50 000,50" in French, "50,000.50" in English): "12.5" in EUR is fine, "12.505" is not, and
 * JPY takes no decimals. Returns a sentence for the form when it cannot be used.
 */
export function readAmountInput(typed: string, currency: string, what: string, locale: CampaignLocale = DEFAULT_LOCALE): Result<Amount> {
  if (typed.trim() === '') return { ok: false, error: `Enter ${what}.` };
  const decimal = readTypedDecimal(typed, locale);
  if (!decimal.ok) return { ok: false, error: `${capitalize(what)}: ${decimal.error}.` };
  const value = decimal.value;
  const parsed = parseAmount({ value, currency });
  if (!parsed.ok) {
    const reason = parsed.error.replace(/^amount\.(value|currency) /, '');
    return { ok: false, error: `${capitalize(what)}${reason.startsWith('must') ? ' ' : ': '}${reason}.` };
  }
  return { ok: true, value: { value, currency } };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
