import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDecimalMinor } from '../money.js';
import { readTypedDecimal } from './typed-amount.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

function read(typed: string, locale: 'en' | 'fr'): string {
  const result = readTypedDecimal(typed, locale);
  assert.ok(result.ok, `${JSON.stringify(typed)} in ${locale}: ${result.ok ? '' : result.error}`);
  return result.value;
}

function refused(typed: string, locale: 'en' | 'fr', why: RegExp): void {
  const result = readTypedDecimal(typed, locale);
  assert.equal(result.ok, false, `${JSON.stringify(typed)} in ${locale} should be refused, got ${result.ok ? result.value : ''}`);
  if (!result.ok) assert.match(result.error, why, JSON.stringify(typed));
}

describe('amounts typed the way the campaign language writes them', () => {
  it('reads French: spaces of every kind between thousands, a comma for decimals', () => {
    const cases: [string, string][] = [
      ['50 000', '50000'],
      [`50${NBSP}000`, '50000'],
      [`50${NNBSP}000`, '50000'],
      ['50 000,50', '50000.50'],
      [`1${NNBSP}234${NNBSP}567,89`, '1234567.89'],
      ['25,50', '25.50'],
      ['25,5', '25.5'],
      ['0,01', '0.01'],
      ['  12  ', '12'],
      ['12.50', '12.50'],  // a decimal point, as many keyboards type it
      ['12.5', '12.5'],
      ['1234', '1234'],
      ['007', '7'],
      ['10 000 000 000', '10000000000'],
    ];
    for (const [typed, value] of cases) assert.equal(read(typed, 'fr'), value, JSON.stringify(typed));
  });

  it('reads English: commas (or spaces) between thousands, a point for decimals', () => {
    const cases: [string, string][] = [
      ['50,000.50', '50000.50'],
      ['50,000', '50000'],
      ['1,234,567.89', '1234567.89'],
      ['50 000.50', '50000.50'],
      ['25.50', '25.50'],
      ['.5', ''],
    ];
    for (const [typed, value] of cases.slice(0, -1)) assert.equal(read(typed, 'en'), value, JSON.stringify(typed));
    refused('.5', 'en', /grouped oddly|digits/);
  });

  it('refuses what could be read two ways, and says how to write it', () => {
    refused('1.500', 'fr', /could be read two ways: write 1 500 for thousands, or 1,500 for decimals/);
    refused('1.000,50', 'fr', /mixes marks/);
    refused('1,000.50', 'fr', /mixes marks/);
    refused('1.000.000', 'fr', /mixes marks/);
    refused('25,50', 'en', /in English a comma separates thousands .*write the decimals after a point: 25\.50/);
    refused('1,5', 'en', /comma separates thousands.*1\.5/);
    refused('1,0000', 'en', /grouped oddly/);
    refused('50 00', 'fr', /grouped oddly/);
    refused('50  000', 'fr', /grouped oddly/);
    refused('12,', 'fr', /ends with its decimal mark/);
    refused('12,5,0', 'fr', /more than one decimal mark/);
    refused('12,5 0', 'fr', /among its decimals/);
    refused('1.2.3', 'en', /more than one decimal mark/);
  });

  it('refuses signs, letters, symbols and nothing at all', () => {
    refused('', 'fr', /is empty/);
    refused('   ', 'en', /is empty/);
    refused('-5', 'en', /without a sign/);
    refused('+5', 'fr', /without a sign/);
    refused('−5', 'fr', /without a sign/);
    refused('1e3', 'en', /not an amount/);
    refused('12 €', 'fr', /not an amount/);
    refused('$12', 'en', /not an amount/);
    refused('Infinity', 'en', /not an amount/);
    refused('0x10', 'en', /not an amount/);
    refused('١٢', 'fr', /not an amount/); // Arabic-Indic digits are not read as amounts
  });

  it('gives strings that parse exactly to minor units, far past what a float keeps', () => {
    const value = read('9 007 199 254 740,99', 'fr');
    assert.equal(value, '9007199254740.99');
    const minor = parseDecimalMinor(value, 2);
    assert.ok(minor.ok);
    assert.equal(minor.value, 900_719_925_474_099);
    const cents = parseDecimalMinor(read('0,10', 'fr'), 2);
    assert.deepEqual(cents, { ok: true, value: 10 });
  });
});
