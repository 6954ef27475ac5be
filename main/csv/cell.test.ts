import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csvCell } from '../csv/cell.js';
import { parseCsv } from '../testing/csv.js';
import { TEST_TOKEN, type TestCore, startTestCore } from '../testing/harness.js';

/** Each cell as a spreadsheet that splits on `sep` (ignoring quotes, the worst case) sees it. */
function piecesAfterSplitting(cell: string, sep: string): string[] {
  return cell.split(sep);
}

const FORMULA_START = /^[ \t\r]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

describe('the CSV formula guard', () => {
  it('neutralises a formula that starts after a ";" or "," as well as at the start', () => {
    const dangerous = [
      'x;=HYPERLINK("http://evil.example","click")',
      'a;+1',
      'a;-1',
      'a;@x',
      'a,=1+1',
      'a; =1+1',
      '\t=1+1',
      '\r=1+1',
      '＝1+1',
      'a;＋1',
      'a;－1',
      'a;＠SUM(A1)',
      '=1;=2,=3',
    ];
    for (const value of dangerous) {
      const cell = csvCell(value);
      // Read back as RFC 4180 and then split as a ";" or "," spreadsheet would: no piece starts a formula.
      const [[text = '']] = parseCsv(`${cell}\r\n`) as [string[]];
      for (const sep of [';', ',']) {
        for (const piece of piecesAfterSplitting(text, sep)) {
          assert.doesNotMatch(piece, FORMULA_START, `${JSON.stringify(value)} → ${cell}: piece ${JSON.stringify(piece)}`);
        }
      }
      assert.match(text, /'/, `${JSON.stringify(value)} is marked`);
    }
  });

  it('leaves plain numbers and harmless text as they are', () => {
    assert.equal(csvCell('-12.50'), '-12.50');
    assert.equal(csvCell('1000'), '1000');
    assert.equal(csvCell('Ada Lovelace'), 'Ada Lovelace');
    assert.equal(csvCell(-5), '-5');
    assert.equal(csvCell(null), '');
  });

  it('quotes a cell holding ";" so a ";" spreadsheet keeps it in one cell', () => {
    assert.equal(csvCell('a;b'), '"a;b"');
  });
});

describe('the exports use the guard', () => {
  let t: TestCore;
  before(async () => {
    t = await startTestCore();
  });
  after(() => t.close());

  it('writes no cell of the donations and responses exports that a ";" spreadsheet runs', async () => {
    const pledge = await t.api('POST', '/api/donations', { amount: { value: '5', currency: 'EUR' }, donor: { name: 'x;=HYPERLINK("http://evil.example","x")' }, message: 'a;@SUM(A1)' });
    assert.equal(pledge.status, 201);
    const target = await t.api('POST', '/api/targets', { name: 'Brand;+cmd', hashtags: ['BrandHelp'], ask: 'a;-1' });
    assert.equal(target.status, 201);
    const response = await t.api('POST', `/api/targets/${target.body.target.id}/responses`, { kind: 'commitment', quote: 'yes;=1+1', url: 'https://example.org/post' });
    assert.equal(response.status, 201);
    for (const path of ['/api/export/donations.csv', '/api/export/responses.csv']) {
      const text = await (await fetch(`${t.core.url}${path}`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).text();
      const rows = parseCsv(text.replace(/^\uFEFF/, ''));
      for (const row of rows.slice(1)) {
        for (const cell of row) {
          if (/^-?[0-9]+(\.[0-9]+)?$/.test(cell)) continue;
          for (const piece of cell.split(/[;,]/)) assert.doesNotMatch(piece, FORMULA_START, `${path}: ${JSON.stringify(cell)}`);
        }
      }
    }
  });
});
