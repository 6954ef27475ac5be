import { parseAmount } from '../../shared/money.js';
import type { Amount } from '../../shared/money.js';
import type { Result } from '../../shared/result.js';

/**
 * Reads what someone typed as an exact amount: "12.5" in EUR is fine, "12.505" is not, and JPY
 * takes no decimals. Returns a sentence for the form when it cannot be used.
 */
export function readAmountInput(typed: string, currency: string, what: string): Result<Amount> {
  const value = typed.trim();
  if (value === '') return { ok: false, error: `Enter ${what}.` };
  if (value.includes(',')) return { ok: false, error: `Write ${what} without commas, with a dot for decimals (like 1250.50).` };
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
