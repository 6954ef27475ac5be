// Issue 18, "campaign edits mid-marathon", in Chromium against the real server process: the owner
// raises the goal in the Campaign tab and the overlay's goal bar follows without a reload; after
// the goal is passed a stretch goal moves the bar on; the end is extended and the overlay's clock
// follows. Screenshots of the editor and the goal bar go to test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { WIDGET_INFO } from '../renderer/overlay/options.js';
import { byTest, openPageInto } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { runningCampaign } from './support/overlay-seed.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const session = e2eSession('telethon-campaign-edit-e2e-', { afterStart: seed });
const errors: string[] = [];

function openPage(url: string, viewport: { width: number; height: number }, name: string): Promise<Page> {
  return openPageInto(errors, name, session.browser, url, viewport, { timezoneId: 'UTC' });
}

async function give(value: string): Promise<void> {
  const answer = await ownerApi(session.server.url, 'POST', '/api/donations', { amount: { value, currency: 'EUR' } });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
}

/** Hours in the clock's "To go" (h:mm:ss). */
async function hoursToGo(clock: Page): Promise<number> {
  const text = (await byTest(clock, 'clock-to-go').textContent()) ?? '';
  return Number(text.split(':')[0]);
}

/** A running campaign with €4,000 raised. */
async function seed(): Promise<void> {
  const { server } = session;
  assert.equal((await ownerApi(server.url, 'PUT', '/api/campaign', runningCampaign())).status, 200);
  await give('4000.00');
}

describe('campaign edits mid-marathon', () => {
  it('raises the goal, adds a stretch goal once it is reached and extends the end, live on the overlay', async () => {
    const { server, browser } = session;
    const info = (await ownerApi(server.url, 'GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] };
    const url = (name: string) => info.widgets.find((w) => w.name === name)?.url ?? '';
    const goal = await openPage(url('goal'), { width: WIDGET_INFO.goal.width, height: WIDGET_INFO.goal.height }, 'goal');
    const clock = await openPage(url('clock'), { width: WIDGET_INFO.clock.width, height: WIDGET_INFO.clock.height }, 'clock');
    const bar = byTest(goal, 'overlay-goal');
    assert.equal(await bar.getAttribute('data-percent'), '40'); // 4,000 of 10,000

    const owner = await openPage(`${server.url}/#token=${OWNER_TOKEN}`, { width: 1366, height: 768 }, 'dashboard');
    await byTest(owner, 'tab-campaign').click();
    const form = byTest(owner, 'campaign-edit-form');
    await form.waitFor();
    assert.equal(await byTest(owner, 'edit-goal').inputValue(), '10000.00');

    // Raise the goal to 20,000 and rename a milestone; the overlay follows without a reload.
    const before = Date.now();
    await byTest(owner, 'edit-goal').fill('20000');
    await byTest(owner, 'milestone-label').nth(1).fill('A deep well');
    await byTest(owner, 'edit-save').click();
    await byTest(owner, 'edit-saved').waitFor();
    await goal.locator('[data-testid="overlay-goal"][data-target="20000.00"]').waitFor();
    assert.ok(Date.now() - before < 5_000, 'the overlay followed within seconds');
    assert.equal(await bar.getAttribute('data-percent'), '20');
    assert.match((await byTest(goal, 'overlay-goal-of').textContent()) ?? '', /^20% of €20,000/);
    await owner.screenshot({ path: join(SHOTS, 'campaign-edit-dashboard.png') });
    await goal.screenshot({ path: join(SHOTS, 'campaign-edit-goal-raised.png'), omitBackground: true });

    // The goal is passed: "Goal reached", the bar full.
    await give('17000.00');
    await goal.locator('[data-testid="overlay-goal"][data-percent="100"]').waitFor();
    assert.equal(await byTest(goal, 'overlay-goal-of').textContent(), 'Goal reached');

    // A stretch goal: the bar runs on to it, still saying the goal is reached.
    await byTest(owner, 'stretch-add').click();
    await byTest(owner, 'stretch-amount').fill('30000');
    await byTest(owner, 'stretch-label').fill('A school');
    await byTest(owner, 'edit-save').click();
    await byTest(owner, 'edit-saved').waitFor();
    await goal.locator('[data-testid="overlay-goal"][data-target="30000.00"]').waitFor();
    assert.equal(await bar.getAttribute('data-percent'), '70'); // 21,000 of 30,000
    assert.match((await byTest(goal, 'overlay-goal-of').textContent()) ?? '', /^Goal reached · A school: 70% of €30,000/);
    await goal.screenshot({ path: join(SHOTS, 'campaign-edit-goal-stretch.png'), omitBackground: true });

    // A stretch goal below the goal is refused with a sentence, and nothing changes.
    await byTest(owner, 'stretch-amount').fill('15000');
    await byTest(owner, 'edit-save').click();
    assert.match((await byTest(owner, 'edit-error').textContent()) ?? '', /^Stretch goal 1 \(15000.00 EUR\) must be above the goal \(20000.00 EUR\)/);
    await byTest(owner, 'edit-discard').click();
    assert.equal(await byTest(owner, 'stretch-amount').inputValue(), '30000.00');

    // Extend by 6 hours: the overlay's clock shows six more hours to go.
    const hoursBefore = await hoursToGo(clock);
    await byTest(owner, 'extend-hours').fill('6');
    await byTest(owner, 'extend-submit').click();
    await owner.getByText('54 hours in all').waitFor();
    for (let tries = 0; (await hoursToGo(clock)) < hoursBefore + 6 && tries < 50; tries += 1) await clock.waitForTimeout(100);
    assert.ok((await hoursToGo(clock)) >= hoursBefore + 5, `clock: ${hoursBefore} → ${await hoursToGo(clock)}`);
    await owner.screenshot({ path: join(SHOTS, 'campaign-edit-dashboard-after.png') });

    // Every change is in the audit.
    const audit = (await ownerApi(server.url, 'GET', '/api/audit')).body.entries as { subject: { id: string }; action: string }[];
    const actions = audit.filter((e) => e.subject.id === 'campaign').map((e) => e.action).reverse();
    assert.deepEqual(actions, ['campaign_created', 'goal_changed', 'milestones_changed', 'stretch_goals_changed', 'end_moved']);
    assert.deepEqual(errors, []);
  });
});
