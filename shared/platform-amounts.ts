import { isCurrencyCode, minorUnitExponent } from './currencies.js';
import { type Money, amountLimitError, parseDecimalMinor } from './money.js';
import { type Result, fail, ok } from './result.js';

/**
 * Amounts as platforms send them, read exactly into Money: a decimal string ("12.50"), a JSON
 * number in major units (StreamElements' 12.5), or an integer with its decimal places (Twitch
 * EventSub's { value: 1250, decimal_places: 2 }). Never through float arithmetic.
 */

/**
 * A JSON number as the decimal the platform wrote. JavaScript prints a number as the shortest
 * decimal that reads back to the same double, so 12.3 gives "12.3" (not 12.300000000000000710…):
 * exactly what was in the JSON text for any amount with fewer than 16 significant digits.
 * Exponent forms (1e21, 1e-7) are refused: no real amount is written that way.
 */
export function decimalOfJsonNumber(amount: number): Result<string> {
  if (!Number.isFinite(amount)) return fail(`the amount ${String(amount)} is not a number`);
  const text = String(amount);
  if (/e/i.test(text)) return fail(`the amount ${text} is not a plain decimal`);
  // 15 significant digits or fewer: every such decimal survives a round trip through a double.
  if (text.replace(/^-|\./g, '').replace(/^0+/, '').length > 15) return fail(`the amount ${text} has more digits than a JSON number holds exactly`);
  return ok(text);
}

/** value × 10^−places as a decimal string: 1250 at 2 → "12.50"; 10000 at 3 → "10.000". */
export function decimalOfScaled(value: number, places: number): Result<string> {
  if (!Number.isSafeInteger(value) || value < 0) return fail(`the amount's value ${String(value)} is not a whole number of minor units`);
  if (!Number.isInteger(places) || places < 0 || places > 18) return fail(`decimal_places ${String(places)} is not between 0 and 18`);
  if (places === 0) return ok(String(value));
  const digits = String(value).padStart(places + 1, '0');
  return ok(`${digits.slice(0, -places)}.${digits.slice(-places)}`);
}

/**
 * A positive decimal string in `currency`, exact. Zeros past the currency's decimals are exact
 * and dropped ("1000.00" JPY is 1000); any other digit past them is refused, never rounded.
 */
export function platformMoney(decimal: string, currency: unknown): Result<Money> {
  if (!isCurrencyCode(currency)) return fail(`the currency must be an ISO 4217 code like "USD"; got ${JSON.stringify(currency)?.slice(0, 20)}`);
  const trimmed = decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
  const minor = parseDecimalMinor(trimmed, minorUnitExponent(currency));
  if (!minor.ok) return fail(`the amount ${minor.error} in ${currency}`);
  if (minor.value <= 0) return fail('the amount must be more than zero');
  const tooLarge = amountLimitError(minor.value, currency);
  if (tooLarge) return fail(tooLarge);
  return ok({ minor: minor.value, currency });
}

/** An amount that may come as a decimal string or a JSON number (major units). */
export function platformMoneyOf(amount: unknown, currency: unknown): Result<Money> {
  if (typeof amount === 'string') return platformMoney(amount.trim(), currency);
  if (typeof amount === 'number') {
    const decimal = decimalOfJsonNumber(amount);
    return decimal.ok ? platformMoney(decimal.value, currency) : decimal;
  }
  return fail(`the amount must be a number or a decimal string; got ${JSON.stringify(amount)?.slice(0, 20) ?? 'nothing'}`);
}
