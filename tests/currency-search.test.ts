// The currency pickers' search (renderer/dashboard/currency), and what they offer: real money,
// not ISO's fund codes, while a platform may still send any ISO currency.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CURRENCY_CODES, OFFERED_CURRENCY_CODES, isCurrencyCode } from '../shared/currencies.js';
import { currencyChoices, searchCurrencies } from '../renderer/dashboard/currency/currency-search.js';

const codes = (query: string) => searchCurrencies(query).map((c) => c.code);

describe('the currency pickers', () => {
  it('offer currencies people give, not fund codes, metals or test codes', () => {
    for (const fund of ['BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW', 'XAU', 'XDR', 'XTS', 'XXX']) {
      assert.equal(OFFERED_CURRENCY_CODES.includes(fund), false, fund);
    }
    for (const money of ['EUR', 'USD', 'JPY', 'GBP', 'XOF', 'XAF', 'KWD', 'CHF', 'MXN', 'CLP']) assert.ok(OFFERED_CURRENCY_CODES.includes(money), money);
    assert.equal(OFFERED_CURRENCY_CODES.length, CURRENCY_CODES.length - 9);
    // A platform sending a fund code is still understood.
    assert.equal(isCurrencyCode('BOV'), true);
    assert.equal(currencyChoices().length, OFFERED_CURRENCY_CODES.length);
  });

  it('find a currency by its code or its name, best match first', () => {
    assert.equal(codes('eur')[0], 'EUR');
    assert.equal(codes('EUR')[0], 'EUR');
    assert.equal(codes('euro')[0], 'EUR');
    assert.equal(codes(' Euro ')[0], 'EUR');
    assert.equal(codes('yen')[0], 'JPY');
    assert.equal(codes('pound')[0], 'EGP', 'names with a word starting with it, in code order');
    assert.ok(codes('pound').includes('GBP'));
    assert.ok(codes('dollar').includes('USD') && codes('dollar').includes('CAD'));
    assert.equal(codes('us')[0], 'USD', 'a code that starts with it before names');
    assert.deepEqual(codes('zzzz'), []);
    assert.equal(codes('').length, OFFERED_CURRENCY_CODES.length);
  });
});
