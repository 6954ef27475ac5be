import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestCore, donationBody, startTestCore } from '../testing/harness.js';
import { parseCsv } from '../testing/csv.js';
import { csvCell } from '../csv/cell.js';


let t: TestCore;
let hookId: string;
let secret: string;

before(async () => {
  t = await startTestCore();
  const created = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Bank bridge' });
  hookId = created.body.id;
  secret = created.body.secret;
  assert.equal((await t.api('PUT', '/api/rates', { rates: [{ currency: 'JPY', rate: '0.0055' }, { currency: 'KWD', rate: '2.8' }] })).status, 200);
});
after(() => t.close());

describe('donations: every currency exact, refunds, and the accountant export', () => {
  it('keeps JPY and KWD totals exact and shows a refund as a negative row linked to its donation', async () => {
    const send = async (body: unknown) => assert.equal((await t.hook(hookId, secret, body)).status, 201);
    await send(donationBody('yen-1', '1000', 'JPY'));
    await send(donationBody('yen-2', '1', 'JPY'));
    await send(donationBody('kwd-1', '1.250', 'KWD'));
    await send(donationBody('kwd-2', '0.001', 'KWD'));
    await send(donationBody('eur-1', '12.50', 'EUR', { donor: { name: '=HYPERLINK("http://evil","x")' }, message: 'Thanks, "all"\nof you' }));
    await send({ ...donationBody('eur-1-refund', '2.50', 'EUR'), type: 'refund', refunds: 'eur-1' });

    const totals = (await t.api('GET', '/api/totals')).body;
    const byCurrency = Object.fromEntries(totals.by_currency.map((c: { currency: string; amount: { value: string } }) => [c.currency, c]));
    assert.equal(byCurrency.JPY.amount.value, '1001');
    assert.equal(byCurrency.KWD.amount.value, '1.251');
    // 1001 × 0.0055 = 5.5055 → 5.51 (per donation: 5.50 + 0.01); 1.251 × 2.8 = 3.50 + 0.00
    assert.equal(byCurrency.JPY.raised.value, '5.51');
    assert.equal(byCurrency.KWD.raised.value, '3.50');
    assert.equal(byCurrency.EUR.amount.value, '10.00');
    assert.equal(totals.raised.value, '19.01');
    assert.equal(totals.refunds, 1);

    const json = (await t.api('GET', '/api/export/donations.json')).body;
    assert.equal(json.raised.value, '19.01', 'the export adds up to the total');
    const refund = json.rows.find((r: { type: string }) => r.type === 'refund');
    assert.deepEqual(refund.amount, { value: '-2.50', currency: 'EUR' });
    assert.equal(refund.links_to, 'eur-1');
    assert.equal(refund.links_to_seq, json.rows.find((r: { platform_id: string }) => r.platform_id === 'eur-1').seq);
    const kwd = json.rows.find((r: { platform_id: string }) => r.platform_id === 'kwd-1');
    assert.deepEqual([kwd.amount.value, kwd.converted.value, kwd.rate], ['1.250', '3.50', '2.8']);
  });

  it('writes RFC 4180 CSV that a spreadsheet cannot run as formulas', async () => {
    const response = await fetch(`${t.core.url}/api/export/donations.csv`, { headers: { authorization: `Bearer ${'test-owner-token-0123456789'}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="donations-\d{4}-\d\d-\d\d\.csv"/);
    const text = await response.text();
    const rows = parseCsv(text.replace(/^\uFEFF/, ''));
    const [header, ...data] = rows;
    assert.ok(header);
    const col = (name: string) => header.indexOf(name);
    assert.equal(data.length, 6);
    for (const row of data) assert.equal(row.length, header.length);
    const eur = data.find((r) => r[col('platform_id')] === 'eur-1');
    assert.equal(eur?.[col('donor_name')], `'=HYPERLINK("http://evil","x")`);
    assert.equal(eur?.[col('message')], 'Thanks, "all"\nof you');
    const refund = data.find((r) => r[col('type')] === 'refund');
    assert.equal(refund?.[col('amount')], '-2.50', 'negative amounts stay numbers');
    assert.equal(refund?.[col('links_to')], 'eur-1');
    assert.equal(refund?.[col('converted')], '-2.50');
  });

  it('quotes cells the way RFC 4180 and spreadsheets need', () => {
    assert.equal(csvCell('+1 555'), "'+1 555");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('-5.00'), '-5.00');
    assert.equal(csvCell('-cmd'), "'-cmd");
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell(null), '');
  });

  it('refuses the export without a token', async () => {
    assert.equal((await t.api('GET', '/api/export/donations.csv', undefined, null)).status, 401);
    assert.equal((await t.api('GET', '/api/export/donations.json', undefined, null)).status, 401);
  });
});
