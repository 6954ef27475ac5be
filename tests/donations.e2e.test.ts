import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FAKE_SOCKET_TOKEN, FakeStreamlabs, streamlabsEvent } from '../main/sources/streamlabs/testing/fake-streamlabs.js';
import { FAKE_CAMPAIGN_ID, FAKE_CLIENT, FakeTiltify, tiltifyDonation } from '../main/sources/tiltify/testing/fake-tiltify.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-donations-e2e-', {
  fakes: async () => ({ tiltify: await new FakeTiltify().start(), streamlabs: await new FakeStreamlabs().start() }),
});

const BANK_CSV = [
  'date;donor;amount;currency;message',
  '2026-11-23;Ada Lovelace;50.00;EUR;Bank transfer',
  '2026-11-23;"Cheque; St. Mary\'s school";120.00;EUR;"Read on air: ""well done"""',
  '2026-11-24;Bob;12,50;EUR;',
  '2026-11-24;Guðrún;1000;ISK;From Reykjavík',
].join('\r\n');

describe('donation platforms, offline money and reconciliation on the dashboard', () => {
  it('imports a CSV with a preview, converts a waiting donation with a new rate, shows a Tiltify mismatch, and exports', async () => {
    const { server, browser, fakes: { tiltify, streamlabs } } = session;
    assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    // Tiltify reports more than its donation list holds: the mismatch the team must see.
    tiltify.add(tiltifyDonation({ id: 'tf-1', completed_at: new Date().toISOString(), amount: { currency: 'USD', value: '25.00' } }));
    tiltify.reportedTotal = '40.00';

    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`);

    // A Tiltify source through the form; polling finds the donation and the platform's total.
    await byTest(page, 'platform-tiltify').click();
    await byTest(page, 'platform-campaign_id').fill(FAKE_CAMPAIGN_ID);
    await byTest(page, 'platform-client_id').fill(FAKE_CLIENT.client_id);
    await byTest(page, 'platform-client_secret').fill(FAKE_CLIENT.client_secret);
    assert.equal(await byTest(page, 'platform-client_secret').getAttribute('type'), 'password');
    await byTest(page, 'platform-base_url').fill(tiltify.url);
    await byTest(page, 'platform-submit').click();
    await byTest(page, 'platform-done').waitFor();
    const mismatch = page.locator('[data-testid="platform-total"][data-differs="true"]');
    await mismatch.waitFor();
    assert.equal((await mismatch.textContent())?.replace(/\s+/g, ' ').split(' ·')[0], 'Tiltify says 40.00 USD — we count 25.00 USD');

    // A Streamlabs source: the token field is a password field; a live donation arrives.
    await byTest(page, 'platform-streamlabs').click();
    assert.equal(await byTest(page, 'platform-socket_token').getAttribute('type'), 'password');
    await byTest(page, 'platform-name').fill('Streamlabs tips');
    await byTest(page, 'platform-socket_token').fill(FAKE_SOCKET_TOKEN);
    await byTest(page, 'platform-base_url').fill(streamlabs.url);
    await byTest(page, 'platform-submit').click();
    await page.locator('[data-testid="source"][data-status="connected"]', { hasText: 'Streamlabs tips' }).waitFor();
    streamlabs.send(streamlabsEvent());
    await byTest(page, 'donation-donor').filter({ hasText: 'test' }).first().waitFor();

    // CSV import: the preview shows the row error in words; commit adds the good rows.
    await byTest(page, 'import-open').click();
    await byTest(page, 'import-file').setInputFiles({ name: 'bank-november.csv', mimeType: 'text/csv', buffer: Buffer.from(BANK_CSV) });
    await byTest(page, 'import-preview').waitFor();
    assert.equal(await byTest(page, 'import-row-error').textContent(), 'row 4: amount "12,50" is not a decimal like 12.50');
    assert.equal(await page.locator('[data-testid="import-row"][data-status="new"]').count(), 3);
    await page.screenshot({ path: join(SHOTS, 'donations-import-preview.png') });
    await byTest(page, 'import-commit').click();
    await byTest(page, 'import-done').waitFor();
    assert.match((await byTest(page, 'import-done').textContent()) ?? '', /Added 3 donations/);
    await byTest(page, 'import-close').click();

    // The same file again: nothing new.
    await byTest(page, 'import-open').click();
    await byTest(page, 'import-file').setInputFiles({ name: 'bank-november.csv', mimeType: 'text/csv', buffer: Buffer.from(BANK_CSV) });
    await page.locator('[data-testid="import-row"][data-status="duplicate"]').first().waitFor();
    assert.equal(await page.locator('[data-testid="import-row"][data-status="duplicate"]').count(), 3);
    assert.equal(await byTest(page, 'import-commit').textContent(), 'Nothing new to add');
    assert.ok(await byTest(page, 'import-commit').isDisabled());
    await byTest(page, 'import-close').click();

    // 1000 ISK waits for a rate; adding one converts it and the total moves.
    const totalBefore = await byTest(page, 'total').getAttribute('data-value');
    await byTest(page, 'unconverted').waitFor();
    await page.locator('[data-testid="rate-row"][data-currency="ISK"]').count();
    await byTest(page, 'rates-missing').waitFor();
    await page.screenshot({ path: join(SHOTS, 'donations-dashboard-waiting.png') });
    await byTest(page, 'rate-new-currency').fill('isk');
    await byTest(page, 'rate-new-rate').fill('0.0071');
    await byTest(page, 'rate-add').click();
    await page.locator('[data-testid="rates-message"]', { hasText: '1 waiting donation was converted' }).waitFor();
    await byTest(page, 'unconverted').waitFor({ state: 'detached' });
    // The feed entry is converted too, not left saying it waits.
    await page.locator('[data-testid="donation"]', { hasText: 'Guðrún' }).filter({ hasText: '= €7.10' }).waitFor();
    const totalAfter = await byTest(page, 'total').getAttribute('data-value');
    assert.equal(Number(totalAfter?.replace(/,/g, '')) * 100 - Number(totalBefore?.replace(/,/g, '')) * 100, 710, `${totalBefore} → ${totalAfter}`);

    // Editing an existing rate: saved with its new time.
    await byTest(page, 'rate-USD').fill('0.9');
    await byTest(page, 'rates-save').click();
    await page.locator('[data-testid="rates-message"]', { hasText: 'Rates saved' }).waitFor();
    // The whole picture: sources with Tiltify's total beside ours, breakdown, rates.
    await page.locator('.column.tools').evaluate((column) => column.scrollTo(0, 0));
    await page.locator('.panel.breakdown').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'donations-dashboard.png') });

    // Exports download as files with everything in them.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), byTest(page, 'export-csv').click()]);
    assert.match(csvDownload.suggestedFilename(), /^donations-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await csvDownload.path(), 'utf8');
    assert.match(csv, /Guðrún/);
    assert.match(csv, /tf-1/);
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), byTest(page, 'export-json').click()]);
    const exported = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
    assert.equal(exported.rows.length, 5, "1 Tiltify, 1 Streamlabs, 3 from the CSV");

    assert.deepEqual(errors, []);
    await page.close();
  });
});
