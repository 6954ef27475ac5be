import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type TestCore, startTestCore } from '../testing/harness.js';
import { parseCsv } from './csv.js';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(async () => {
  await t.close();
});

const base64 = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');
const preview = (csv: string | Buffer) => t.api('POST', '/api/import/donations/preview', { csv_base64: base64(csv) });
const commit = (csv: string | Buffer) => t.api('POST', '/api/import/donations', { csv_base64: base64(csv) });
const totals = async () => (await t.api('GET', '/api/totals')).body;
const eventCount = () => (t.core.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;

const BANK = [
  'date,donor,amount,currency,message',
  '2026-11-23,Ada Lovelace,50.00,EUR,Bank transfer',
  '2026-11-23,"Cheque, St. Mary\'s school",120.00,EUR,"Read on air: ""well done"""',
  '2026-11-24,Bob,"12,50",EUR,',
  '2026-11-24,Chiyo,1000,JPY,',
  '2026-11-24,Fahad,1.250,KWD,',
].join('\r\n');

describe('CSV import of offline money', () => {
  it('previews with per-row errors in plain words, commits the good rows, and adds nothing the second time', async () => {
    const dry = await preview(BANK);
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal(dry.body.dry_run, true);
    assert.deepEqual(dry.body.counts, { new: 4, duplicate: 0, error: 1 });
    const bad = dry.body.rows.find((r: { status: string }) => r.status === 'error');
    assert.equal(bad.error, 'row 4: amount "12,50" is not a decimal like 12.50');
    assert.equal(dry.body.rows[1].donor, "Cheque, St. Mary's school");
    assert.equal(dry.body.rows[1].message, 'Read on air: "well done"');
    assert.equal(eventCount(), 0, 'a preview stores nothing');

    const done = await commit(BANK);
    assert.equal(done.status, 200);
    assert.deepEqual(done.body.counts, { new: 4, duplicate: 0, error: 1 });
    const view = await totals();
    assert.equal(view.donations, 4);
    const byCurrency = Object.fromEntries(view.by_currency.map((c: { currency: string; amount: { value: string } }) => [c.currency, c.amount.value]));
    assert.deepEqual(byCurrency, { EUR: '170.00', JPY: '1000', KWD: '1.250' });
    const csvSource = (await t.api('GET', '/api/sources')).body.sources.find((s: { kind: string }) => s.kind === 'csv');
    assert.equal(csvSource.events, 4);

    const again = await preview(BANK);
    assert.deepEqual(again.body.counts, { new: 0, duplicate: 4, error: 1 });
    assert.deepEqual((await commit(BANK)).body.counts, { new: 0, duplicate: 4, error: 1 });
    assert.equal((await totals()).donations, 4);
  });

  it("adds only the new rows of an accountant's re-export, re-sorted, with identical gifts kept apart", async () => {
    const first = ['amount;currency;donor', '10.00;EUR;Ada', '10.00;EUR;Ada', '5.00;EUR;Bob'].join('\n');
    assert.deepEqual((await commit(first)).body.counts, { new: 3, duplicate: 0, error: 0 });
    // The next export: a new row at the top, the rest in another order, spaces and case changed.
    const next = ['Amount;Currency;Donor', '7.00;EUR;Chiyo', '5.00;EUR; bob ', '10.00;EUR;Ada', '10.00;EUR;Ada', '10.00;EUR;Ada'].join('\n');
    assert.deepEqual((await commit(next)).body.counts, { new: 2, duplicate: 3, error: 0 });
    assert.equal((await totals()).raised.value, '42.00');
  });

  it('uses the id column when there is one', async () => {
    const csv = 'reference,amount,currency\nTX-1,5.00,EUR\nTX-2,5.00,EUR\nTX-2,6.00,EUR\n';
    const done = await commit(csv);
    assert.deepEqual(done.body.counts, { new: 2, duplicate: 0, error: 1 });
    assert.match(done.body.rows[2].error, /row 4: id "TX-2" appears twice/);
    const later = 'reference,amount,currency\nTX-2,5.00,EUR\nTX-1,5.00,EUR\nTX-3,1.00,EUR\n';
    assert.deepEqual((await commit(later)).body.counts, { new: 1, duplicate: 2, error: 0 });
  });

  it('reads a UTF-8 BOM and refuses UTF-16, Latin-1 and missing columns with the reason, storing nothing', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('amount,currency,donor\n3.00,EUR,Zoë\n')]);
    const read = await preview(withBom);
    assert.equal(read.status, 200);
    assert.equal(read.body.rows[0].donor, 'Zoë');

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('amount,currency\n3.00,EUR\n', 'utf16le')]);
    const refused16 = await commit(utf16);
    assert.equal(refused16.status, 422);
    assert.match(refused16.body.error.message, /UTF-16/);

    const latin1 = Buffer.from('amount,currency,donor\n3.00,EUR,Zo\xeb\n', 'latin1');
    const refusedLatin = await commit(latin1);
    assert.equal(refusedLatin.status, 422);
    assert.match(refusedLatin.body.error.message, /not UTF-8/);

    const missing = await commit('donor,amount\nAda,3.00\n');
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error.message, 'the file has no "currency" column (its header row has "donor", "amount")');

    const unclosed = await commit('amount,currency,message\n3.00,EUR,"never closed\n');
    assert.equal(unclosed.status, 422);
    assert.match(unclosed.body.error.message, /row 2 is never closed/);

    assert.equal((await t.api('POST', '/api/import/donations', { nothing: true })).status, 422);
    assert.equal((await t.api('POST', '/api/import/donations', { csv_base64: 'not base64 at all!' })).status, 422);
    assert.equal(eventCount(), 0);
  });

  it('refuses a file over the size limit and callers without the owner token', async () => {
    const big = `amount,currency\n${'1.00,EUR\n'.repeat(70_000)}`;
    assert.equal((await t.api('POST', '/api/import/donations', { csv: big })).status, 413);
    assert.equal((await t.api('POST', '/api/import/donations', { csv: BANK }, null)).status, 401);
    assert.equal(eventCount(), 0);
  });

  it('never puts HTML from a file anywhere but as text', async () => {
    const done = await commit('amount,currency,donor\n1.00,EUR,<img src=x onerror=alert(1)>\n=HYPERLINK("x"),EUR,\n');
    assert.equal(done.body.counts.new, 1);
    assert.equal(done.body.rows[0].donor, '<img src=x onerror=alert(1)>');
  });
});

describe('CSV reading', () => {
  it('handles quotes, separators and line breaks inside quotes, CR, LF and CRLF', () => {
    const table = parseCsv('a;b;c\r\n"x;1";"line\nbreak";""""\r\n\r\nlast;2;3');
    assert.ok(table.ok);
    assert.equal(table.value.separator, ';');
    assert.deepEqual(table.value.records, [
      { row: 2, fields: ['x;1', 'line\nbreak', '"'] },
      { row: 5, fields: ['last', '2', '3'] },
    ]);
  });
});

describe('exchange rate import', () => {
  it('imports CSV or JSON text exactly and converts the donations that waited for a rate', async () => {
    assert.equal((await commit('amount,currency\n1000,ISK\n')).status, 200);
    let view = await totals();
    assert.equal(view.raised.value, '0.00');
    assert.equal(view.by_currency[0].unconverted, 1);

    const fromCsv = await t.api('POST', '/api/rates/import', { text: 'currency;rate\r\nISK;0.0071\r\nUSD;0.86\r\n' });
    assert.equal(fromCsv.status, 200, JSON.stringify(fromCsv.body));
    assert.equal(fromCsv.body.converted, 1);
    view = await totals();
    assert.equal(view.raised.value, '7.10');

    const fromJson = await t.api('POST', '/api/rates/import', { text: '{ "GBP": "1.15", "JPY": "0.0056" }' });
    assert.equal(fromJson.status, 200);
    assert.equal(fromJson.body.rates.find((r: { currency: string }) => r.currency === 'GBP').rate, '1.15');

    const number = await t.api('POST', '/api/rates/import', { text: '{ "rates": [{ "currency": "GBP", "rate": 1.2 }] }' });
    assert.equal(number.status, 422);
    assert.match(number.body.error.message, /is a number; write it as a string/);
    const comma = await t.api('POST', '/api/rates/import', { text: 'currency,rate\nGBP,"1,2"\n' });
    assert.equal(comma.status, 422);
    assert.match(comma.body.error.message, /^row 2: rate must be a positive decimal string/);
    const gbp = (await t.api('GET', '/api/rates')).body.rates.find((r: { currency: string }) => r.currency === 'GBP');
    assert.equal(gbp.rate, '1.15', 'a refused import changes nothing');
  });
});
