// The marathon report of the seeded 48-hour marathon (10,000,000 chat messages, 18,000
// donations; the cached seed the charts test and the bench use), made by the served app's
// route: under a minute, HTML under 5 MB, its figures the API's, and every section looked at in
// Chromium. The seed's hostile donor name stays text.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { HOSTILE_DONOR } from '../main/testing/marathon-seed.js';
import { SHOTS } from './support/e2e-session.js';
import { marathonSession } from './support/marathon-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const SECTIONS = ['summary', 'money', 'over-time', 'peaks', 'people', 'targets', 'screening', 'milestones'];
const session = marathonSession('telethon-report-10m-');

describe('the report of a 10-million-message marathon', () => {
  it('is made in under a minute, under 5 MB, with the API\'s figures, and reads in Chromium', async () => {
    const { server, browser } = session;
    const started = Date.now();
    const made = await ownerApi(server.url, 'POST', '/api/report', { donor_names: 'full' });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(made.status, 200, JSON.stringify(made.body));
    console.log(`report of the 10M marathon: ${seconds.toFixed(1)} s through the route (${made.body.report.seconds} s inside, PDF included when made), HTML ${made.body.report.html_bytes} bytes, PDF ${made.body.report.pdf_bytes} bytes`);
    assert.ok(seconds < 60, `made in ${seconds} s`);
    assert.ok(made.body.report.html_bytes < 5 * 1024 * 1024);

    const response = await fetch(`${server.url}/api/report/report.html`, { headers: { authorization: `Bearer ${OWNER_TOKEN}` } });
    const html = await response.text();
    assert.ok(!html.includes(HOSTILE_DONOR), 'the hostile donor name is escaped');

    const totals = (await ownerApi(server.url, 'GET', '/api/totals')).body;
    const charts = (await ownerApi(server.url, 'GET', '/api/charts?window=marathon')).body;
    const targets = (await ownerApi(server.url, 'GET', '/api/targets')).body.targets as { name: string; mentions: number; callers: number }[];

    const file = join(session.dataDir, 'report-10m.html');
    writeFileSync(file, html);
    const context = await browser.newContext({ viewport: { width: 1040, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.locator('main.report[data-state="ready"]').waitFor();
    for (const id of SECTIONS) await page.locator(`[data-testid="report-${id}"]`).screenshot({ path: join(SHOTS, `report-10m-${id}.png`) });
    const summary = await page.locator('[data-testid="report-summary"]').innerText();
    // The page shows the API's figures, as the dashboard writes them.
    assert.ok(summary.includes(charts.totals.messages.toLocaleString('en')), `messages ${charts.totals.messages} in ${summary}`);
    assert.ok(summary.includes(charts.totals.chatters.toLocaleString('en')), 'people in chat');
    assert.ok(summary.includes(totals.donations.toLocaleString('en')), 'donations');
    const raisedDigits = totals.raised.value.split('.')[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    assert.ok(summary.includes(raisedDigits), `raised ${totals.raised.value} in ${summary}`);
    const targetText = await page.locator('[data-testid="report-targets"]').innerText();
    for (const target of targets) {
      assert.ok(targetText.includes(`${target.mentions.toLocaleString('en')} mentions by ${target.callers.toLocaleString('en')} different people`), `${target.name}'s counts`);
    }
    assert.equal(await page.locator('[data-testid="report-over-time"] svg').count(), 3, 'money, chat and the targets are drawn');
    await context.close();
  });
});
