import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CURRENCY_CODES, type CurrencyCode, minorUnitExponent } from './currencies.js';
import {
  MAX_AMOUNT_MINOR, MAX_CAMPAIGN_VOLUME_MINOR, MAX_RATE, MoneyOutOfRange, convert, convertWithinLimit, crossRate, divideRoundHalfEven,
  formatMinor, parseAmount, parseDecimalMinor, parseRate,
} from './money.js';

const currency = fc.constantFrom(...(CURRENCY_CODES as CurrencyCode[]));
const minor = fc.integer({ min: 1, max: MAX_AMOUNT_MINOR });

describe('money', () => {
  it('knows the odd minor units', () => {
    assert.equal(minorUnitExponent('JPY' as CurrencyCode), 0);
    assert.equal(minorUnitExponent('KRW' as CurrencyCode), 0);
    assert.equal(minorUnitExponent('KWD' as CurrencyCode), 3);
    assert.equal(minorUnitExponent('BHD' as CurrencyCode), 3);
    assert.equal(minorUnitExponent('EUR' as CurrencyCode), 2);
    assert.equal(minorUnitExponent('CLF' as CurrencyCode), 4);
  });

  it('round-trips every amount in every currency exactly: minor → string → minor', () => {
    fc.assert(
      fc.property(currency, minor, (code, units) => {
        const text = formatMinor(units, code);
        const parsed = parseAmount({ value: text, currency: code });
        assert.ok(parsed.ok, `${text} ${code} did not parse`);
        assert.equal(parsed.value.minor, units);
        assert.equal(parsed.value.currency, code);
      }),
      { numRuns: 2_000 },
    );
  });

  it('parses shorter fractions the same as padded ones ("12.5" = "12.50")', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.integer({ min: 0, max: 9 }), (whole, tenth) => {
        const short = parseDecimalMinor(`${whole}.${tenth}`, 2);
        const padded = parseDecimalMinor(`${whole}.${tenth}0`, 2);
        assert.deepEqual(short, padded);
      }),
    );
  });

  it('never agrees with float parsing where floats are wrong', () => {
    // 0.1 + 0.2 style traps: 1.005 * 100 is 100.49999999999999 as a float.
    assert.deepEqual(parseAmount({ value: '1.005', currency: 'KWD' }), { ok: true, value: { minor: 1005, currency: 'KWD' } });
    assert.deepEqual(parseAmount({ value: '4.35', currency: 'EUR' }), { ok: true, value: { minor: 435, currency: 'EUR' } });
    assert.deepEqual(parseAmount({ value: '9999999999.99', currency: 'USD' }), { ok: true, value: { minor: 999999999999, currency: 'USD' } });
    assert.deepEqual(parseDecimalMinor('90071992547409.91', 2), { ok: true, value: 9007199254740991 });
  });

  it('refuses what is not a positive decimal string in a known currency', () => {
    const refused: unknown[] = [
      { value: 12.5, currency: 'EUR' },
      { value: '12.505', currency: 'EUR' },
      { value: '12.5', currency: 'JPY' },
      { value: '1.0001', currency: 'KWD' },
      { value: '-5', currency: 'EUR' },
      { value: '+5', currency: 'EUR' },
      { value: '1e3', currency: 'EUR' },
      { value: ' 5', currency: 'EUR' },
      { value: '5.', currency: 'EUR' },
      { value: '.5', currency: 'EUR' },
      { value: '0', currency: 'EUR' },
      { value: '0.00', currency: 'EUR' },
      { value: '012', currency: 'EUR' },
      { value: '1,50', currency: 'EUR' },
      { value: '５', currency: 'EUR' },
      { value: '10', currency: 'XYZ' },
      { value: '10', currency: 'eur' },
      { value: '90071992547409.92', currency: 'USD' },
      { value: '10' },
      null,
      '10 EUR',
    ];
    for (const input of refused) assert.equal(parseAmount(input).ok, false, `accepted ${JSON.stringify(input)}`);
  });

  it('explains a number sent instead of a string', () => {
    const result = parseAmount({ value: 12.5, currency: 'EUR' });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /decimal string.*the number 12\.5/);
  });

  it('rounds half to even, symmetrically for refunds', () => {
    assert.equal(divideRoundHalfEven(5n, 2n), 2n);
    assert.equal(divideRoundHalfEven(7n, 2n), 4n);
    assert.equal(divideRoundHalfEven(-5n, 2n), -2n);
    assert.equal(divideRoundHalfEven(-7n, 2n), -4n);
    assert.equal(divideRoundHalfEven(10n, 3n), 3n);
    assert.equal(divideRoundHalfEven(11n, 3n), 4n);
  });

  it('converts exactly between exponents (JPY → EUR, EUR → KWD)', () => {
    assert.deepEqual(convert({ minor: 1000, currency: 'JPY' as CurrencyCode }, '0.0055483871', 'EUR' as CurrencyCode), { minor: 555, currency: 'EUR' });
    // 12.50 × 0.357 = 4.4625 KWD = 4462.5 fils: half to even keeps 4462; 4463.5 would go to 4464
    assert.deepEqual(convert({ minor: 1250, currency: 'EUR' as CurrencyCode }, '0.357', 'KWD' as CurrencyCode), { minor: 4462, currency: 'KWD' });
    assert.deepEqual(convert({ minor: 1250, currency: 'EUR' as CurrencyCode }, '0.3570800', 'KWD' as CurrencyCode), { minor: 4464, currency: 'KWD' });
    // a refund converted with the same rate takes back exactly what the donation added
    fc.assert(
      fc.property(minor.filter((m) => m < 1e12), fc.integer({ min: 1, max: 10 ** 9 }), (units, rateMillionths) => {
        const rate = (rateMillionths / 1e6).toFixed(6);
        const plus = convert({ minor: units, currency: 'USD' as CurrencyCode }, rate, 'EUR' as CurrencyCode).minor;
        const minus = convert({ minor: -units, currency: 'USD' as CurrencyCode }, rate, 'EUR' as CurrencyCode).minor;
        assert.equal(plus + minus, 0);
      }),
    );
  });

  it('derives cross rates from a pivot exactly to the given places', () => {
    assert.equal(crossRate('155', '0.86', 10), '0.0055483871');
    assert.equal(crossRate('1', '0.86'), '0.86');
    assert.equal(crossRate('0.86', '0.86'), '1');
  });

  it('accepts rates as positive decimal strings only', () => {
    assert.equal(parseRate('0.92').ok, true);
    assert.equal(parseRate('0').ok, false);
    assert.equal(parseRate('0.000').ok, false);
    assert.equal(parseRate(0.92).ok, false);
    assert.equal(parseRate('-1').ok, false);
  });

  describe('issue 12: limits that keep every sum exact', () => {
    const EUR = 'EUR' as CurrencyCode;

    it('leaves room: 10^12 per amount, 10^15 per campaign, both well under 2^53 − 1', () => {
      assert.ok(MAX_AMOUNT_MINOR * 1000 <= MAX_CAMPAIGN_VOLUME_MINOR);
      assert.ok(MAX_CAMPAIGN_VOLUME_MINOR * 4 < Number.MAX_SAFE_INTEGER, 'a pace per hour of a 15-minute window (× 4) stays exact');
    });

    it('refuses "90071992547409.91" EUR (2^53 − 1 cents) and anything past 10^12 minor units, with the limit in words', () => {
      const huge = parseAmount({ value: '90071992547409.91', currency: 'EUR' });
      assert.equal(huge.ok, false);
      assert.match(!huge.ok ? huge.error : '', /largest amount the app accepts, 10000000000\.00 EUR/);
      assert.equal(parseAmount({ value: '10000000000.01', currency: 'EUR' }).ok, false);
      assert.deepEqual(parseAmount({ value: '10000000000.00', currency: 'EUR' }), { ok: true, value: { minor: MAX_AMOUNT_MINOR, currency: EUR } });
      assert.equal(parseAmount({ value: '1000000000000', currency: 'JPY' }).ok, true);
      assert.equal(parseAmount({ value: '1000000000001', currency: 'JPY' }).ok, false);
    });

    it('refuses the rate "999999999999999.999999999999999999" and any rate past 10^9', () => {
      assert.equal(parseRate('999999999999999.999999999999999999').ok, false);
      assert.equal(parseRate(String(MAX_RATE)).ok, true);
      assert.equal(parseRate(`${MAX_RATE}.000000000000000001`).ok, false);
      assert.equal(parseRate('1000000001').ok, false);
      assert.equal(parseRate('0.000000000000000001').ok, true);
      assert.equal(parseRate('0.0000000000000000001').ok, false, 'more than 18 decimals');
    });

    it('refuses a conversion whose result passes the limit, in either sign, and keeps the rest exact', () => {
      fc.assert(
        fc.property(minor, fc.constantFrom('0.5', '1', '3.6725', '155', '1000000000', '0.000001'), (units, rate) => {
          const within = convertWithinLimit({ minor: units, currency: 'USD' as CurrencyCode }, rate, EUR);
          const exact = units * Number(rate);
          if (exact <= MAX_AMOUNT_MINOR * 0.999) assert.deepEqual(within, { ok: true, value: convert({ minor: units, currency: 'USD' as CurrencyCode }, rate, EUR) });
          else if (exact > MAX_AMOUNT_MINOR * 1.001) assert.equal(within.ok, false);
          const negative = convertWithinLimit({ minor: -units, currency: 'USD' as CurrencyCode }, rate, EUR);
          assert.equal(negative.ok, within.ok);
        }),
        { numRuns: 500 },
      );
    });

    it('formats an unsafe total as a typed error the server answers as 503, not a crash', () => {
      assert.throws(() => formatMinor(Number.MAX_SAFE_INTEGER + 1, EUR), MoneyOutOfRange);
      assert.equal(formatMinor(Number.MAX_SAFE_INTEGER, EUR), '90071992547409.91');
    });
  });
});
