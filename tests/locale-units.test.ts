// Issue 18, "the campaign's language and time": how the overlay writes money and numbers in the
// campaign's locale (exact digits, never a float), and how the dashboard writes a time in the
// campaign's zone with the zone's name and, on another day, the date. Plain TypeScript from
// renderer/lib and renderer/overlay, run in Node (whose default locale is en-US, in UTC).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { LOCALES } from '../shared/locales/index.js';
import { countIn, displayAmount, groupDecimal, hourMinute, localeAmount, showTimesIn, teamTime, zoneName } from '../renderer/lib/format.js';
import { readAmountInput } from '../renderer/lib/amount-input.js';
import { overlayAmount, spanWords } from '../renderer/overlay/format.js';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('money and numbers in the campaign locale', () => {
  it('writes French money as French does: "10 340,94 €", exactly', () => {
    assert.equal(localeAmount({ value: '10340.94', currency: 'EUR' }, 'fr'), `10${NNBSP}340,94${NBSP}€`);
    assert.equal(localeAmount({ value: '-12.50', currency: 'EUR' }, 'fr'), `−12,50${NBSP}€`);
    assert.equal(localeAmount({ value: '5000', currency: 'JPY' }, 'fr'), `5${NNBSP}000${NBSP}¥`);
    assert.equal(localeAmount({ value: '1.250', currency: 'KWD' }, 'fr'), `1,250${NBSP}KWD`);
    // Past what a float keeps: every digit is the stored one.
    assert.equal(localeAmount({ value: '9007199254740.99', currency: 'EUR' }, 'fr'), `9${NNBSP}007${NNBSP}199${NNBSP}254${NNBSP}740,99${NBSP}€`);
  });

  it('keeps English as the dashboard always wrote it', () => {
    assert.equal(displayAmount({ value: '10340.94', currency: 'EUR' }), '€10,340.94');
    assert.equal(localeAmount({ value: '10340.94', currency: 'EUR' }, 'en'), '€10,340.94');
    assert.equal(displayAmount({ value: '-12.50', currency: 'USD' }), '−$12.50');
    assert.equal(displayAmount({ value: '12.500', currency: 'BHD' }), '12.500 BHD');
    assert.equal(groupDecimal('1234567.5'), '1,234,567.5');
    assert.equal(groupDecimal('1234567.5', 'fr'), `1${NNBSP}234${NNBSP}567,5`);
  });

  it('follows the overlay options in French: code, no cents', () => {
    assert.equal(overlayAmount({ value: '12345.60', currency: 'EUR' }, { currency: 'symbol', cents: true }, 'fr'), `12${NNBSP}345,60${NBSP}€`);
    assert.equal(overlayAmount({ value: '12345.60', currency: 'EUR' }, { currency: 'code', cents: true }, 'fr'), `12${NNBSP}345,60 EUR`);
    assert.equal(overlayAmount({ value: '12345.99', currency: 'EUR' }, { currency: 'symbol', cents: false }, 'fr'), `12${NNBSP}345${NBSP}€`);
    assert.equal(overlayAmount({ value: '12345.99', currency: 'EUR' }, { currency: 'symbol', cents: false }), '€12,345', 'English by default');
  });

  it('writes counts and spans of time in the language', () => {
    assert.equal(countIn('fr', 1234), `1${NNBSP}234`);
    assert.equal(countIn('en', 1234), '1,234');
    assert.equal(spanWords(50 * 3_600_000, LOCALES.fr), `2${NBSP}j 2${NBSP}h`);
    assert.equal(spanWords((3 * 3600 + 12 * 60) * 1000, LOCALES.fr), `3${NBSP}h 12${NBSP}min`);
    assert.equal(spanWords(50 * 3_600_000), '2 d 2 h');
  });
});

describe('amounts typed in the campaign language, checked against the currency', () => {
  it('gives the exact wire amount, or a sentence', () => {
    assert.deepEqual(readAmountInput('50 000,50', 'EUR', 'the goal', 'fr'), { ok: true, value: { value: '50000.50', currency: 'EUR' } });
    assert.deepEqual(readAmountInput('50,000.50', 'EUR', 'the goal', 'en'), { ok: true, value: { value: '50000.50', currency: 'EUR' } });
    assert.deepEqual(readAmountInput('25,50', 'EUR', 'the amount', 'fr'), { ok: true, value: { value: '25.50', currency: 'EUR' } });
    const yen = readAmountInput('1 000,5', 'JPY', 'the amount', 'fr');
    assert.equal(yen.ok, false);
    assert.match(yen.ok ? '' : yen.error, /has decimals, but this currency has none/);
    const zero = readAmountInput('0,00', 'EUR', 'the amount', 'fr');
    assert.match(zero.ok ? '' : zero.error, /more than zero/);
    const comma = readAmountInput('2,50', 'EUR', 'the value of a sub', 'en');
    assert.match(comma.ok ? '' : comma.error, /^The value of a sub: "2,50": in English a comma separates thousands/);
    assert.deepEqual(readAmountInput('  ', 'EUR', 'the goal', 'fr'), { ok: false, error: 'Enter the goal.' });
  });
});

describe('times in the campaign zone', () => {
  afterEach(() => showTimesIn(undefined));
  const now = Date.parse('2026-12-02T10:00:00Z');

  it('writes a time in the campaign zone with its name, and no date today', () => {
    showTimesIn('Europe/Paris');
    // 13:05 UTC is 14:05 in Paris (CET in winter); Node's default locale says "02:05 PM".
    assert.match(teamTime('2026-12-02T13:05:00Z', { now }), /^(14:05|02:05 PM) CET$/);
    assert.match(teamTime('2026-12-02T13:05:09Z', { now, seconds: true }), /^(14:05:09|02:05:09 PM) CET$/);
    assert.equal(zoneName('2026-07-02T13:05:00Z'), 'CEST', 'summer time has its own name');
  });

  it('adds the date when the time is not today in the zone, across a three-day marathon', () => {
    showTimesIn('Europe/Paris');
    assert.match(teamTime('2026-12-03T01:10:00Z', { now }), /^Dec 3, (02:10|02:10 AM) CET$/);
    assert.match(teamTime('2026-12-01T22:59:00Z', { now }), /^Dec 1, (23:59|11:59 PM) CET$/);
    // 23:30 UTC on the 2nd is already the 3rd in Paris: another day there.
    assert.match(teamTime('2026-12-02T23:30:00Z', { now }), /^Dec 3, (00:30|12:30 AM) CET$/);
  });

  it('reads the same instant in each zone the owner may pick', () => {
    const instant = '2026-12-02T13:05:00Z';
    showTimesIn('America/New_York');
    assert.match(teamTime(instant, { now }), /^(08:05|08:05 AM) EST$/);
    showTimesIn('Asia/Tokyo');
    assert.match(teamTime(instant, { now }), /^(22:05|10:05 PM) GMT\+9$/);
    showTimesIn('UTC');
    assert.match(teamTime(instant, { now }), /^(13:05|01:05 PM) UTC$/);
    showTimesIn('Pacific/Kiritimati'); // UTC+14: 10:00 UTC on the 2nd is midnight into the 3rd there
    assert.match(teamTime(instant, { now }), /^(03:05|03:05 AM) GMT\+14$/);
    assert.match(hourMinute(instant), /^(03:05|03:05 AM)$/, 'the plain formatters follow the zone too');
  });

  it('makes its formatters once per zone: ten thousand rows take milliseconds', () => {
    showTimesIn('Europe/Paris');
    const start = performance.now();
    for (let i = 0; i < 10_000; i += 1) teamTime(now + i * 60_000, { now });
    const elapsed = performance.now() - start;
    assert.ok(elapsed < 2_000, `10,000 times took ${elapsed.toFixed(0)} ms`);
    console.log(`# 10,000 team times formatted in ${elapsed.toFixed(0)} ms`);
  });
});
