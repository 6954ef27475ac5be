// Incentives end to end, in Chromium against the real server process: a bid war on the OBS
// widget, a moderator assigning donations by keyboard in the screening room (accept a donor's
// suggestion, split exactly, give to one option), and the widget reordering live, ties as ties.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi, postSignedWebhook } from './support/server-process.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const session = e2eSession('telethon-incentives-e2e-');

async function api(method: string, path: string, body?: unknown) {
  const answer = await ownerApi(session.server.url, method, path, body);
  assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The options of the bid-war widget as shown, top to bottom: [name, amount, rank, tied]. */
async function widgetRows(page: Page): Promise<[string, string, string, string][]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('[data-testid="bid-option"]'))
      .sort((a, b) => Number(a.dataset.position) - Number(b.dataset.position))
      .map((row) => [row.querySelector('[data-testid="bid-option-name"]')?.textContent ?? '', row.dataset.total ?? '', row.dataset.rank ?? '', row.dataset.tied ?? '']),
  );
}

async function waitForRows(page: Page, expected: [string, string, string, string][]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last: unknown = null;
  while (Date.now() < deadline) {
    last = await widgetRows(page);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`the bid war shows ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
}

describe('incentives and bid wars, end to end', () => {
  it('a moderator assigns by keyboard and the bid-war widget reorders live, ties shown as ties', async () => {
    const { server, browser } = session;
    await api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, starts_at: new Date(Date.now() - 3_600_000).toISOString() });
    const source = await api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' });
    const hook = `${server.url}${source.hook_path}`;
    const hour = 3_600_000;
    const now = Date.now();
    const run = (await api('POST', '/api/schedule', { title: 'Celeste any%', runners: 'Ana & Bo', planned_start: new Date(now - hour / 2).toISOString(), planned_length_min: 90 })).segment;
    await api('POST', '/api/schedule', { title: 'Hades: heat 16', runners: 'Chen', planned_start: new Date(now + hour).toISOString(), planned_length_min: 120 });
    await api('POST', `/api/schedule/${run.id}/start`, { at: new Date(now - hour / 2 + 10 * 60_000).toISOString() });
    const war = (await api('POST', '/api/incentives', { kind: 'bid_war', name: 'Name the save file', options: ['RohingyaHope', 'LoveArmy', HOSTILE], segment_id: run.id, allow_suggestions: true, deadline: new Date(now + 2 * hour).toISOString() })).incentive;
    const blind = (await api('POST', '/api/incentives', { kind: 'incentive', name: 'Blindfolded final level', tag: 'blindfold', goal: '100.00', segment_id: run.id })).incentive;
    await api('POST', '/api/incentives', { kind: 'incentive', name: 'Camp song at the end', tag: 'song', goal: '500.00' });
    const option = (name: string) => war.options.find((o: { name: string }) => o.name === name).id as number;

    // The hostile-named option leads at first (assigned over the API).
    assert.equal(await postSignedWebhook(hook, source.secret, { id: 'd-0', type: 'donation', amount: { value: '5.00', currency: 'EUR' }, donor: { name: 'Zoe' }, message: 'first!' }), 201);
    const first = (await api('GET', '/api/donations')).donations.find((d: { external_id: string }) => d.external_id === 'd-0');
    await api('PUT', `/api/donations/${first.id}/assignment`, { expected_version: 0, parts: [{ incentive_id: war.id, option_id: option(HOSTILE) }] });
    await api('POST', `/api/donations/${first.id}/screen`, { decision: 'approve' });
    // Waiting for a moderator: one names an option in a field, one in its message, one with no choice.
    const send = (id: string, value: string, extra: Record<string, unknown>) =>
      postSignedWebhook(hook, source.secret, { id, type: 'donation', amount: { value, currency: 'EUR' }, donor: { name: `Donor ${id}` }, occurred_at: new Date().toISOString(), ...extra });
    assert.equal(await send('d-1', '20.00', { message: 'Go team', incentive: 'LoveArmy' }), 201);
    assert.equal(await send('d-2', '10.00', { message: 'this one is for #blindfold and the camp' }), 201);
    assert.equal(await send('d-3', '15.00', { message: 'split it please' }), 201);

    const info = await api('GET', '/api/overlay');
    const url = (name: string) => info.widgets.find((w: { name: string }) => w.name === name).url as string;
    const widget = await (await browser.newContext({ viewport: { width: 760, height: 480 } })).newPage();
    const errors: string[] = [];
    widget.on('pageerror', (e) => errors.push(e.message));
    await widget.goto(url('bidwar'));
    await widget.locator('#root[data-state="ready"]').waitFor();
    await waitForRows(widget, [[HOSTILE, '5.00', '1', 'no'], ['RohingyaHope', '0.00', '2', 'no'], ['LoveArmy', '0.00', '2', 'no']]);

    const { page, errors: dashboardErrors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`, { width: 1366, height: 900 }, { timezoneId: 'UTC' });
    await byTest(page, 'tab-incentives').click();
    await byTest(page, 'incentive-card').nth(2).waitFor();
    await page.screenshot({ path: join(SHOTS, 'incentives-tab.png'), fullPage: true });

    await byTest(page, 'tab-screening').click();
    const idle = page.locator('[data-testid="screening-room"][data-busy="false"]');
    await idle.waitFor();
    await page.keyboard.press('n');
    // d-1: the donor chose LoveArmy in the form: S accepts it, A approves the message (the next one opens).
    await page.locator('[data-testid="assignment"][data-status="suggested"]').waitFor();
    assert.match((await byTest(page, 'assignment-now').textContent()) ?? '', /Name the save file → LoveArmy 20\.00/);
    await page.screenshot({ path: join(SHOTS, 'incentives-screening-suggested.png') });
    await page.keyboard.press('s');
    await page.locator('[data-testid="assignment"][data-status="accepted"][data-version="2"]').waitFor();
    await waitForRows(widget, [['LoveArmy', '20.00', '1', 'no'], [HOSTILE, '5.00', '2', 'no'], ['RohingyaHope', '0.00', '3', 'no']]);
    await idle.waitFor();
    await page.keyboard.press('a');

    // d-2: "#blindfold" in the message suggests the incentive: accepted with S.
    await page.locator('[data-testid="open-message"]', { hasText: '#blindfold' }).waitFor();
    await page.locator('[data-testid="assignment"][data-status="suggested"]').waitFor();
    await page.keyboard.press('s');
    await page.locator('[data-testid="assignment"][data-status="accepted"]').waitFor();
    await idle.waitFor();
    await page.keyboard.press('a');

    // d-3: no choice. Split by keys over RohingyaHope (1) and the hostile option (3): E gives
    // 7.50 / 7.50; the moderator types 10.00 and 5.00 instead, G gives.
    await page.locator('[data-testid="open-message"]', { hasText: 'split it please' }).waitFor();
    await page.locator('[data-testid="assignment"][data-status="none"]').waitFor();
    const labels = await byTest(page, 'destination').allTextContents();
    assert.deepEqual(labels.slice(0, 4).map((l) => l.replace(/^\d\s*/, '')), ['Name the save file → RohingyaHope', 'Name the save file → LoveArmy', `Name the save file → ${HOSTILE}`, 'Blindfolded final level']);
    await page.keyboard.press('1');
    await page.keyboard.press('3');
    assert.deepEqual(await byTest(page, 'part-amount').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)), ['7.50', '7.50']);
    await byTest(page, 'part-amount').nth(0).fill('10.00');
    await byTest(page, 'part-amount').nth(1).fill('4.00');
    await byTest(page, 'part-amount').nth(1).press('Enter');
    await page.keyboard.press('g');
    // 14.00 of 15.00: the rest (1.00) stays with the campaign, said before giving.
    await page.locator('[data-testid="assignment"][data-status="accepted"]').waitFor();
    assert.match((await byTest(page, 'assignment-now').textContent()) ?? '', /€1\.00 to the campaign/);
    await page.screenshot({ path: join(SHOTS, 'incentives-screening-split.png') });
    // RohingyaHope 10.00 vs the hostile option 5.00 + 4.00 = 9.00: reordered.
    await waitForRows(widget, [['LoveArmy', '20.00', '1', 'no'], ['RohingyaHope', '10.00', '2', 'no'], [HOSTILE, '9.00', '3', 'no']]);

    // One more cent-exact gift over the API makes a tie at 10.00: same rank, marked as a tie.
    assert.equal(await send('d-4', '1.00', { message: 'tie it' }), 201);
    const tie = (await api('GET', '/api/donations')).donations.find((d: { external_id: string }) => d.external_id === 'd-4');
    await api('PUT', `/api/donations/${tie.id}/assignment`, { expected_version: 0, parts: [{ incentive_id: war.id, option_id: option(HOSTILE) }] });
    await waitForRows(widget, [['LoveArmy', '20.00', '1', 'no'], ['RohingyaHope', '10.00', '2', 'yes'], [HOSTILE, '10.00', '2', 'yes']]);
    assert.equal(await widget.locator('#root img').count(), 0, 'option names are text');
    assert.equal(await widget.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await widget.screenshot({ path: join(SHOTS, 'overlay-bidwar-live.png'), omitBackground: true });

    // The totals agree with the server's, to the cent.
    const listed = (await api('GET', '/api/incentives')).incentives;
    assert.equal(listed.find((i: { id: number }) => i.id === war.id).total.value, '40.00');
    assert.equal(listed.find((i: { id: number }) => i.id === blind.id).total.value, '10.00');

    // The other two widgets, for the record.
    for (const name of ['incentives', 'schedule']) {
      const other = await (await browser.newContext({ viewport: { width: 900, height: 440 } })).newPage();
      await other.goto(url(name));
      await other.locator('#root[data-state="ready"]').waitFor();
      if (name === 'incentives') {
        await other.locator('[data-testid="incentive-bar"]').nth(1).waitFor();
        assert.deepEqual(await byTest(other, 'incentive-name').allTextContents(), ['Blindfolded final level', 'Camp song at the end']);
      } else {
        assert.equal(await byTest(other, 'schedule-now-title').textContent(), 'Celeste any%');
        assert.equal(await byTest(other, 'schedule-next-title').textContent(), 'Hades: heat 16');
      }
      await other.screenshot({ path: join(SHOTS, `overlay-${name}-live.png`), omitBackground: true });
      await other.context().close();
    }
    // The combined layout with the extras the streamer ticks: the same widgets, hostile names as text.
    const combined = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    combined.on('pageerror', (e) => errors.push(e.message));
    await combined.goto(`${url('combined')}&extras=schedule,incentives,bidwar,prize,team-total`);
    await combined.locator('#root[data-state="ready"]').waitFor();
    const left = byTest(combined, 'combined-extras-left');
    await left.locator('[data-testid="bid-option"]').nth(2).waitFor();
    assert.equal(await left.locator('[data-testid="schedule-now-title"]').textContent(), 'Celeste any%');
    assert.equal(await left.locator('[data-testid="incentive-bar"]').count() > 0, true);
    assert.ok((await left.locator('[data-testid="bid-option-name"]').allTextContents()).includes(HOSTILE), 'the hostile option is shown as text');
    assert.equal(await combined.locator('#root img').count(), 0);
    assert.equal(await byTest(combined, 'combined-extras-right').count(), 1);
    await combined.screenshot({ path: join(SHOTS, 'overlay-combined-extras.png'), omitBackground: true });
    const plain = await combined.context().newPage();
    await plain.goto(url('combined'));
    await plain.locator('#root[data-state="ready"]').waitFor();
    assert.equal(await byTest(plain, 'combined-extras-left').count(), 0, 'no extras unless asked for');
    await plain.goto(`${url('combined')}&extras=bidwar,<script>`);
    await plain.locator('#root[data-state="ready"]').waitFor();
    assert.equal(await plain.evaluate(() => document.documentElement.dataset.rejectedOptions), 'extras', 'an unknown extra is refused');
    await combined.context().close();

    // The charts tab: money per incentive, the same totals.
    await byTest(page, 'tab-charts').click();
    await page.locator('[data-testid="chart-incentives"] [data-testid="incentive-money"][data-total="40.00"]').waitFor();
    await page.locator('[data-testid="chart-incentives"] .recharts-line').first().waitFor();
    assert.deepEqual(await page.locator('[data-testid="incentive-money"]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.total)), ['40.00', '10.00', '0.00']);
    await byTest(page, 'chart-incentives').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'charts-money-per-incentive.png') });

    // Closing the bid war: the alerts widget announces its winner (the tie was for second place).
    const alerts = await (await browser.newContext({ viewport: { width: 1000, height: 400 } })).newPage();
    await alerts.goto(url('alerts'));
    await alerts.locator('#root[data-state="ready"]').waitFor();
    await api('POST', `/api/incentives/${war.id}/close`);
    await alerts.locator('[data-testid="alert"][data-kind="bid_war_closed"][data-tie="no"]').waitFor();
    assert.equal(await byTest(alerts, 'alert-winner').textContent(), 'LoveArmy wins');
    assert.equal(await alerts.locator('#root img').count(), 0);
    await alerts.screenshot({ path: join(SHOTS, 'overlay-alert-bidwar-closed.png'), omitBackground: true });
    await alerts.context().close();
    await byTest(page, 'tab-incentives').click();
    await page.locator('[data-testid="incentive-card"][data-kind="bid_war"].state-closed').waitFor();
    await page.screenshot({ path: join(SHOTS, 'incentives-tab-after.png'), fullPage: true });
    // The owner renames an option: its money stays with it.
    const card = page.locator('[data-testid="incentive-card"][data-kind="bid_war"]');
    const row = card.locator('[data-testid="option-row"]').filter({ hasText: 'RohingyaHope' });
    await row.locator('[data-testid="option-rename"]').click();
    await card.locator('[data-testid="option-new-name"]').fill('Rohingya Hope Fund');
    await page.screenshot({ path: join(SHOTS, 'incentives-option-rename.png') });
    await card.locator('[data-testid="option-rename-save"]').click();
    await card.locator('[data-testid="option-row"]').filter({ hasText: 'Rohingya Hope Fund' }).filter({ hasText: '10.00' }).waitFor();
    await byTest(page, 'tab-overlay').click();
    await page.getByText('Bid war', { exact: false }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'incentives-overlay-tab.png'), fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(dashboardErrors, []);
  });
});
