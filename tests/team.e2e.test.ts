// Three desks in one team, in a real browser: the organizer creates the team on its dashboard, a
// desk joins by pasting its invite, and every desk's team-total overlay shows the sum of the
// desks' own totals (a refund included). Real nats-server (operator/JWT), real cores and SQLite.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { EXAMPLE_CAMPAIGN, type TestCore, donationBody, startTestCore } from '../main/testing/harness.js';
import { type NatsServerProcess, type TestOperator, removeNatsServer, startNatsServer, testOperator } from '../main/testing/nats-server.js';
import { byTest, launchBrowser, openDashboard } from './support/browser.js';

const SHOTS = process.env.TEAM_SHOTS ?? join(import.meta.dirname, '..', 'test-results');
let operator: TestOperator;
let nats: NatsServerProcess;
let browser: Browser;
const desks: { t: TestCore; name: string; source: { id: string; secret: string } }[] = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  operator = await testOperator();
  nats = await startNatsServer({ operator });
  for (const name of ['Paris', 'Lyon', 'Dakar']) {
    const t = await startTestCore();
    const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;
    desks.push({ t, name, source: { id: source.id, secret: source.secret } });
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const d of desks) await d.t.close();
  await removeNatsServer(nats);
});

describe('a team event in the browser, three desks', () => {
  it('sets up on the dashboard, and every overlay shows the sum of the desks to the cent', async () => {
    const [paris, lyon, dakar] = desks as [typeof desks[number], typeof desks[number], typeof desks[number]];
    const { page: organizer, errors } = await openDashboard(browser, paris.t.core.dashboardUrl, { width: 1366, height: 900 });
    await organizer.getByRole('tab', { name: 'Team' }).click();
    const setup = organizer.getByRole('region', { name: 'Create a team' });
    await setup.getByLabel('Team name').fill('Rohingya relay');
    await setup.getByLabel('Goal').fill('25000.00');
    await setup.getByLabel(/NATS servers/).fill(nats.url);
    await setup.getByLabel(/NATS account seed/).fill(operator.accountSeed);
    await setup.getByLabel("This desk's name").fill('Paris');
    await setup.getByRole('button', { name: 'Create the team' }).click();
    await organizer.getByRole('region', { name: 'Invite a desk' }).waitFor();

    // Lyon's invite is made on the organizer's dashboard and pasted into Lyon's.
    await byTest(organizer, 'team-invite-name').fill('Lyon');
    await organizer.getByRole('button', { name: 'Create invite' }).click();
    const lyonInvite = await byTest(organizer, 'team-invite').locator('textarea').inputValue();
    assert.match(lyonInvite, /^tdteam1\./);
    const { page: lyonPage } = await openDashboard(browser, lyon.t.core.dashboardUrl);
    await lyonPage.getByRole('tab', { name: 'Team' }).click();
    await byTest(lyonPage, 'team-join-invite').fill(lyonInvite);
    await byTest(lyonPage, 'team-join').click();
    await lyonPage.getByRole('region', { name: 'Desks' }).waitFor();
    // Dakar joins over the API.
    const dakarInvite = (await paris.t.api('POST', '/api/team/invites', { desk_name: 'Dakar' })).body.invite;
    assert.equal((await dakar.t.api('POST', '/api/team/join', { invite: dakarInvite })).status, 200);

    const amounts = [['a', '12.34'], ['b', '250.00'], ['c', '0.99']] as const;
    for (const d of desks) {
      for (const [id, value] of amounts) {
        const answer = await d.t.hook(d.source.id, d.source.secret, donationBody(`${d.name}-${id}`, value));
        assert.ok(answer.status === 200 || answer.status === 201);
      }
    }
    const refund = await dakar.t.hook(dakar.source.id, dakar.source.secret, { ...donationBody('Dakar-refund', '250.00'), type: 'refund', refunds: 'Dakar-b' });
    assert.ok(refund.status === 200 || refund.status === 201);
    const own = await Promise.all(desks.map(async (d) => (await d.t.api('GET', '/api/totals')).body.raised.value as string));
    const sumMinor = own.reduce((sum, v) => sum + Math.round(Number(v) * 100), 0);
    const sum = (sumMinor / 100).toFixed(2);
    assert.equal(sum, '539.99');

    for (const d of desks) {
      const info = (await d.t.api('GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] };
      const url = info.widgets.find((w) => w.name === 'team-total')!.url;
      const overlay = await browser.newPage({ viewport: { width: 760, height: 600 } });
      await overlay.goto(url);
      await overlay.locator(`[data-testid="team-total"][data-value="${sum}"]`).waitFor({ timeout: 30_000 });
      assert.equal(await byTest(overlay, 'team-desk').count(), 3);
      await overlay.screenshot({ path: join(SHOTS, `team-total-${d.name}.png`), omitBackground: true });
      await overlay.close();
    }
    // The same target called on two desks' chats: one row on the board, callers counted once.
    const now = Date.now();
    for (const [i, d] of [paris, lyon].entries()) {
      await d.t.api('POST', '/api/targets', { name: 'YouTube', hashtags: ['YoutubeHelpRohingya'], ask: 'Match the donations', call_starts_at: new Date(now - 60_000).toISOString() });
      for (const user of ['twitch:1', 'twitch:2', `twitch:3${i}`]) {
        d.t.core.services.ingest.chat({ sourceId: d.source.id, externalId: `c-${i}-${user}`, userKey: user, displayName: user, text: '#YoutubeHelpRohingya please', occurredAt: now });
      }
      d.t.core.services.ingest.flushChat();
    }
    const board = await browser.newPage({ viewport: { width: 760, height: 600 } });
    const boardUrl = ((await lyon.t.api('GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] }).widgets.find((w) => w.name === 'team-board')!.url;
    await board.goto(boardUrl);
    await board.locator('[data-testid="team-target-mentions"][data-mentions="6"][data-callers="4"]').waitFor({ timeout: 30_000 });
    assert.equal(await byTest(board, 'team-target').count(), 1);
    assert.equal(await byTest(board, 'team-target-mentions').textContent(), '6 calls · 4 people');
    await board.screenshot({ path: join(SHOTS, 'team-board-Lyon.png'), omitBackground: true });
    // The words on stream follow the campaign's language (shared/locales), as every widget's do.
    assert.equal((await lyon.t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, locale: 'fr' })).status, 200);
    await board.getByText('6 appels · 4 personnes').waitFor({ timeout: 30_000 });
    await board.getByText('en attente').waitFor();
    await board.screenshot({ path: join(SHOTS, 'team-board-Lyon-fr.png'), omitBackground: true });
    await board.close();

    await organizer.locator(`[data-testid="team-total"][data-value="${sum}"]`).waitFor({ timeout: 30_000 });
    await byTest(organizer, 'team-target').waitFor();
    assert.equal(await byTest(organizer, 'team-desk').count(), 3);
    await organizer.screenshot({ path: join(SHOTS, 'team-dashboard.png'), fullPage: true });

    // Pushed, not polled: a donation on Lyon reaches the organizer's open Team tab over its socket.
    assert.ok([200, 201].includes((await lyon.t.hook(lyon.source.id, lyon.source.secret, donationBody('Lyon-pushed', '10.00'))).status));
    await organizer.locator('[data-testid="team-total"][data-value="549.99"]').waitFor({ timeout: 30_000 });

    // Dakar goes quiet (its team link stopped): the board says since when, pushed too.
    await dakar.t.core.services.team.close();
    const dakarId = (await dakar.t.api('GET', '/api/team')).body.desk_id as string;
    const quietSince = Date.now() - 10 * 60_000;
    paris.t.core.db.prepare('UPDATE team_desks SET heartbeat_at = ?, last_fact_at = ? WHERE desk_id = ?').run(quietSince, quietSince, dakarId);
    paris.t.core.services.hub.teamChanged();
    const silent = byTest(organizer, 'team-desk-silent');
    await silent.waitFor({ timeout: 30_000 });
    assert.match((await silent.textContent()) ?? '', /^silent since \d{2}:\d{2}/);
    await organizer.getByRole('region', { name: 'Desks' }).screenshot({ path: join(SHOTS, 'team-desks-silent.png') });
    assert.deepEqual(errors, []);
  });
});
