// The marathon report of the demo marathon, made from the Campaign tab's button in the served
// app and opened in Chromium as the treasurer would open the saved file: offline (no request
// leaves the page, no script runs), each section looked at in a screenshot, the anonymous donor
// named nowhere, hostile names shown as text.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { tempDir } from '../main/testing/harness.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { webhookSender } from './support/overlay-seed.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-report-e2e-', { args: ['--demo'] });
const ANONYMOUS = 'Quentin Hiddenhand';
const HOSTILE = '<b>Bold</b> & <script>alert(1)</script>';
const SECTIONS = ['summary', 'money', 'over-time', 'peaks', 'people', 'targets', 'screening', 'milestones'];

describe('the marathon report of the demo', () => {
  it('is made from the Campaign tab and opens offline, every section readable', async () => {
    const { server, browser } = session;
    // Through a signed webhook like a donation platform's; the hostile name approved, so it may be shown.
    const form = await webhookSender(server.url);
    assert.equal((await form.donate('report-anon', '900.00', { name: ANONYMOUS, anonymous: true }, `love, ${ANONYMOUS}`)).status, 201);
    const hostile = await form.donate('report-hostile', '777.00', { name: HOSTILE }, HOSTILE);
    assert.equal(hostile.status, 201);
    assert.equal((await ownerApi(server.url, 'POST', `/api/donations/${hostile.id}/screen`, { decision: 'approve' })).status, 200);

    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`, { width: 1366, height: 900 });
    await byTest(page, 'tab-campaign').click();
    const panel = byTest(page, 'report-panel');
    await panel.waitFor();
    await byTest(page, 'report-names').selectOption('full');
    await byTest(page, 'report-make').click();
    await page.locator('[data-testid="report-panel"][data-state="made"]').waitFor({ timeout: 120_000 });
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(SHOTS, 'report-panel.png') });
    assert.match(await byTest(page, 'report-made').innerText(), /Made .* in [\d.]+ s/);
    assert.deepEqual(errors, []);

    const download = await fetch(`${server.url}/api/report/report.html`, { headers: { authorization: `Bearer ${OWNER_TOKEN}` } });
    assert.equal(download.status, 200);
    const html = await download.text();
    assert.ok(!html.includes(ANONYMOUS) && !html.includes('Hiddenhand'), 'the anonymous donor is named nowhere');
    assert.ok(!html.includes('<script') && !html.includes('<b>'), 'no markup from a donor');
    assert.ok(html.length < 5 * 1024 * 1024);

    // Opened from disk like the saved file: nothing is fetched, no script runs.
    const temp = tempDir('telethon-report-file-');
    try {
      const file = join(temp.path, 'report.html');
      writeFileSync(file, html);
      const context = await browser.newContext({ viewport: { width: 1040, height: 900 }, javaScriptEnabled: false });
      const view = await context.newPage();
      const requests: string[] = [];
      view.on('request', (request) => requests.push(request.url()));
      await view.goto(pathToFileURL(file).href);
      await view.locator('main.report[data-state="ready"]').waitFor();
      assert.deepEqual(requests.filter((url) => !url.startsWith('file:')), [], 'the report asks nothing of the network');
      await view.screenshot({ path: join(SHOTS, 'report-demo-top.png') });
      for (const id of SECTIONS) {
        const section = view.locator(`[data-testid="report-${id}"]`);
        await section.waitFor();
        await section.screenshot({ path: join(SHOTS, `report-demo-${id}.png`) });
      }
      const text = await view.locator('main.report').innerText();
      assert.match(text, /In short/);
      assert.match(text, /Water for the camps|Rohingya|demo/i);
      assert.ok(text.includes(HOSTILE.replace(/<[^>]*>/g, '')) || text.includes('<b>Bold</b>'), 'the hostile name is shown as text');
      assert.ok(await view.locator('[data-testid="report-over-time"] svg').count() >= 2, 'money and chat are drawn');
      assert.ok(await view.locator('[data-testid="report-target"]').count() >= 1, 'the demo\'s targets are listed');
      await context.close();
    } finally {
      temp.remove();
    }
  });
});
