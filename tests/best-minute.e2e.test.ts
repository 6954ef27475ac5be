import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../main/store/database.js';
import { DATABASE_FILE } from '../main/store/files.js';
import { MARATHON_10M, SEED_TARGETS, type SeedConfig, seedFile } from '../main/testing/marathon-seed.js';
import { byTest, openDashboard } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { SEEDED_START_MS } from './support/marathon-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const HOUR = 3_600_000;
/** A marathon that has run 30 hours until this hour: its evenings (busiest at 20:00 UTC) seen once. */
const NOW_HOUR = Math.floor(Date.now() / HOUR) * HOUR;
const CONFIG: SeedConfig = { ...MARATHON_10M, messages: 60_000, chatters: 15_000, donations: 100, donors: 50, hours: 30, startsAt: NOW_HOUR - 30 * HOUR };
const utcLocal = (iso: string) => iso.slice(0, 16);

const session = e2eSession('telethon-best-minute-e2e-', { prepare: seed, startTimeoutMs: SEEDED_START_MS });

/** The marathon's database, with a call moment on its first day and one yesterday evening. */
function seed(dataDir: string): void {
  const file = join(dataDir, DATABASE_FILE);
  seedFile(file, CONFIG);
  const db = openDatabase(file);
  const moment = db.prepare("INSERT INTO call_moments (id, target_id, at, created_by, created_at) VALUES (?, ?, ?, 'owner', ?)");
  moment.run('first-day', SEED_TARGETS[0].id, CONFIG.startsAt + 3 * HOUR, CONFIG.startsAt);
  moment.run('yesterday-evening', SEED_TARGETS[1].id, NOW_HOUR - 3 * HOUR + 20 * 60_000, CONFIG.startsAt);
  db.close();
}

describe('Best time to call, in the Targets tab', () => {
  it('shows the suggested windows, what they rest on and past moments against their prediction; a pick fills the moment form in', async () => {
    const { server, browser } = session;
    const api = await ownerApi(server.url, 'GET', '/api/best-minute?window=10&hours=12');
    assert.equal(api.status, 200);
    assert.equal(api.body.state, 'ready');
    const { page, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`, { width: 1366, height: 1400 }, { timezoneId: 'UTC' });
    await byTest(page, 'tab-targets').click();
    const panel = byTest(page, 'best-minute');
    await page.locator('[data-testid="best-minute"][data-state="ready"]').waitFor();
    await byTest(page, 'best-hours').selectOption('12');
    await byTest(page, 'best-suggestion').first().waitFor();
    const suggestions = byTest(page, 'best-suggestion');
    assert.equal(await suggestions.count(), 3);
    const starts = await suggestions.evaluateAll((items) => items.map((li) => li.getAttribute('data-start') ?? ''));
    assert.deepEqual(starts, api.body.suggestions.map((s: { start: string }) => s.start));
    assert.match(await byTest(page, 'best-basis').innerText(), /Based on [\d,]+ minutes of chat/);
    // Past moments: the first-day one could not be predicted; yesterday evening's was, from one earlier day.
    const past = byTest(page, 'best-past-moment');
    assert.equal(await past.count(), 2);
    assert.match(await past.nth(1).innerText(), /not known/);
    const evening = api.body.past.find((m: { moment_id: string }) => m.moment_id === 'yesterday-evening');
    assert.equal(evening.days, 1);
    assert.equal(await past.nth(0).getAttribute('data-predicted'), String(evening.predicted));
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(SHOTS, 'best-minute-panel.png') });

    // A pick asks whose call it is and fills that target's moment form in; nothing is scheduled.
    await byTest(page, 'best-pick').first().click();
    await byTest(page, 'call-at-pick').getByRole('button', { name: SEED_TARGETS[2].name }).click();
    await page.screenshot({ path: join(SHOTS, 'best-minute-pick.png') });
    assert.equal(await byTest(page, 'moment-at').inputValue(), utcLocal(starts[0]!));
    const targets = await ownerApi(server.url, 'GET', '/api/targets');
    assert.ok(targets.body.targets.every((t: { moments: unknown[] }) => t.moments.length <= 1), 'no moment scheduled by the pick');
    assert.deepEqual(errors, []);
  });
});
