// The Twitch events feed and the overlay's Twitch alerts in the browser (issue 20): a 20-gift
// bomb is one feed entry and one alert, a resub's message waits on the dashboard until a
// moderator approves it, a raid says who came with how many, and hostile text stays text.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { fixtureText } from '../main/testing/fixtures.js';
import { byTest, openDashboard } from './support/browser.js';
import { withFakeTwitch } from './support/twitch-session.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { runningCampaign } from './support/overlay-seed.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

interface Case {
  name: string;
  line?: string;
  lines?: string[];
  times?: number;
}
const FIXTURE = JSON.parse(fixtureText('twitch', 'moments.json')) as { channel: string; cases: Case[] };
const CHANNEL = FIXTURE.channel;
const linesOf = (pattern: RegExp): string[] => {
  const found = FIXTURE.cases.find((c) => pattern.test(c.name));
  if (!found) throw new Error(`no fixture case ${pattern}`);
  return Array.from({ length: found.times ?? 1 }, () => found.lines ?? [found.line ?? '']).flat();
};
const HOSTILE = '<img src=x onerror="window.__pwned=1">Thanks for 14 months';

const session = e2eSession('telethon-moments-e2e-', withFakeTwitch());

/** Every alert the page showed, in order (text and kind), kept by the page itself. */
async function recordAlerts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const shown: { kind: string; text: string }[] = [];
    (window as unknown as { __shown: typeof shown }).__shown = shown;
    new MutationObserver(() => {
      const alert = document.querySelector('[data-testid="alert"]');
      const text = alert?.textContent ?? '';
      const kind = alert?.getAttribute('data-moment-kind') ?? alert?.getAttribute('data-kind') ?? '';
      if (text && shown[shown.length - 1]?.text !== text) shown.push({ kind, text });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const shownAlerts = (page: Page) => page.evaluate(() => (window as unknown as { __shown: { kind: string; text: string }[] }).__shown);

describe('Twitch moments on the dashboard and the overlay', () => {
  it('shows a gift bomb as one entry and one alert, screens a resub before its alert, and announces a raid', async () => {
    const { fakes: { irc }, server, browser } = session;
    const campaign = await ownerApi(server.url, 'PUT', '/api/campaign', {
      ...runningCampaign(),
      pledge_values: { sub_tier1: '2.50', sub_tier2: '5.00', sub_prime: '2.50', bits_100: '1.00' },
    });
    assert.equal(campaign.status, 200, JSON.stringify(campaign.body));
    assert.equal((await ownerApi(server.url, 'PUT', '/api/screening/settings', { mode: 'one_pass' })).status, 200);
    const source = await ownerApi(server.url, 'POST', '/api/sources', { kind: 'twitch', name: `#${CHANNEL}`, channel: CHANNEL });
    assert.equal(source.status, 201, JSON.stringify(source.body));
    await irc.waitForJoined(CHANNEL);
    const key = (await ownerApi(server.url, 'GET', '/api/overlay')).body.key as string;

    const { page: dashboard, errors } = await openDashboard(browser, `${server.url}/#token=${OWNER_TOKEN}`);
    await byTest(dashboard, 'twitch-feed').waitFor();

    const overlay = await browser.newPage({ viewport: { width: 1000, height: 400 } });
    overlay.on('pageerror', (error) => errors.push(error.message));
    await overlay.goto(`${server.url}/overlay/alerts?key=${encodeURIComponent(key)}&duration=2`);
    await byTest(overlay, 'alerts').waitFor({ state: 'attached' });
    await overlay.waitForTimeout(500); // the snapshot is in: what comes now is live
    await recordAlerts(overlay);

    // A 20-gift bomb with five lines delivered twice: one entry, one alert.
    irc.broadcast(CHANNEL, linesOf(/20-gift bomb/));
    const bombRow = byTest(dashboard, 'moment').filter({ hasText: 'Santa' });
    await bombRow.filter({ hasText: 'gifted 20 Tier 1 subs' }).waitFor();
    assert.equal(await byTest(dashboard, 'moment').count(), 1, 'twenty gifts, one entry');
    assert.equal(await bombRow.getAttribute('data-kind'), 'gift_bomb');
    const bombAlert = overlay.locator('[data-testid="alert"][data-moment-kind="gift_bomb"]');
    await bombAlert.waitFor();
    assert.equal(await byTest(bombAlert, 'alert-amount').textContent(), '20 subs');
    assert.match((await bombAlert.textContent()) ?? '', /Santa gifted Tier 1 subs to the community/);
    await overlay.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 2_000 });
    await overlay.screenshot({ path: join(SHOTS, 'twitch-alert-gift-bomb.png'), omitBackground: true });

    // A resub whose message carries markup: it waits on the dashboard, and no alert shows yet.
    irc.broadcast(CHANNEL, [
      privmsg(CHANNEL, { id: 'chat-before', userId: '300', login: 'viewer1', text: 'hype!', ts: Date.now() }),
      `@badge-info=subscriber/14;badges=subscriber/12;color=;display-name=Loyal;emotes=;flags=;id=resub-hostile;login=loyal;mod=0;msg-id=resub;msg-param-cumulative-months=14;msg-param-months=0;msg-param-sub-plan=1000;room-id=1;subscriber=1;system-msg=Loyal\\ssubscribed\\sat\\sTier\\s1.;tmi-sent-ts=${Date.now()};user-id=204;user-type= :tmi.twitch.tv USERNOTICE #${CHANNEL} :${HOSTILE}`,
    ]);
    const resubRow = byTest(dashboard, 'moment').filter({ hasText: 'Loyal' });
    await resubRow.locator('[data-screening="pending"], [data-testid="moment-approve"]').first().waitFor();
    assert.equal(await byTest(resubRow, 'moment-message').textContent(), HOSTILE, 'the markup is shown as text');
    await byTest(dashboard, 'tab-screening').filter({ hasText: '1' }).waitFor();
    await dashboard.screenshot({ path: join(SHOTS, 'twitch-feed-waiting.png') });
    await overlay.waitForTimeout(2_600); // the bomb's alert has left; the resub must not have come
    assert.ok(!(await shownAlerts(overlay)).some((a) => a.text.includes('Loyal')), 'no alert before the message is approved');

    // The moderator approves it in the screening room's list (keyboard A on the row).
    await byTest(dashboard, 'tab-screening').click();
    const waiting = byTest(dashboard, 'twitch-waiting');
    await waiting.waitFor();
    await dashboard.screenshot({ path: join(SHOTS, 'twitch-screening-room.png') });
    await byTest(waiting, 'moment').filter({ hasText: 'Loyal' }).focus();
    await dashboard.keyboard.press('a');
    await byTest(waiting, 'moment').first().waitFor({ state: 'detached' });
    const resubAlert = overlay.locator('[data-testid="alert"][data-moment-kind="resub"]');
    await resubAlert.waitFor();
    assert.equal(await byTest(resubAlert, 'alert-message').textContent(), HOSTILE);
    assert.equal(await overlay.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await overlay.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 2_000 });
    await overlay.screenshot({ path: join(SHOTS, 'twitch-alert-resub.png'), omitBackground: true });

    // A raid: who, and how many came.
    irc.broadcast(CHANNEL, linesOf(/a raid/));
    const raidAlert = overlay.locator('[data-testid="alert"][data-moment-kind="raid"]');
    await raidAlert.waitFor();
    assert.match((await raidAlert.textContent()) ?? '', /Raidmaster is raiding!/);
    assert.equal(await byTest(raidAlert, 'alert-amount').textContent(), '1,204 raiders');
    await overlay.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 2_000 });
    // Over a dark game scene, as in OBS.
    await overlay.addStyleTag({ content: 'html, body { background: linear-gradient(135deg, #0f2a1d, #1d1836 60%, #3a1420) !important; }' });
    await overlay.screenshot({ path: join(SHOTS, 'twitch-alert-raid.png') });

    // The rest of the fixture: the feed on the Live tab with every kind, filtered to cheers.
    irc.broadcast(CHANNEL, FIXTURE.cases.filter((c) => !/20-gift bomb|a raid/.test(c.name)).flatMap((c) => Array.from({ length: c.times ?? 1 }, () => c.lines ?? [c.line ?? '']).flat()));
    await byTest(dashboard, 'tab-live').click();
    await byTest(dashboard, 'moment').filter({ hasText: 'Giver' }).waitFor();
    await dashboard.screenshot({ path: join(SHOTS, 'twitch-feed-live.png') });
    await byTest(dashboard, 'twitch-feed-filter').selectOption('cheer');
    await byTest(dashboard, 'moment').filter({ hasText: 'cheered 500 bits' }).waitFor();
    await assert.doesNotReject(async () => {
      const count = await byTest(dashboard, 'moment').count();
      assert.equal(count, 1);
    });

    // Every bomb was one alert, whatever arrived while it showed.
    const alerts = await shownAlerts(overlay);
    assert.equal(alerts.filter((a) => a.kind === 'gift_bomb' && a.text.includes('Santa')).length, 1, JSON.stringify(alerts));
    assert.deepEqual(errors, []);
    await dashboard.close();
    await overlay.close();
  });
});
