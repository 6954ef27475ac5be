// Issue 18, "the campaign's language and time", in Chromium against the real server process: a
// French campaign's combined overlay over a busy game backdrop speaks French and writes money the
// French way ("10 340,94 €"), an Arabic donor's name stays whole inside the French sentence; the
// owner's dashboard, in a browser in New York, shows every time in the campaign's zone (Paris)
// with the zone's name and, for another day, the date; amounts are typed the French way; a zone
// change is live and audited. Screenshots go to test-results/ and are looked at.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signGeneric } from '../main/sources/webhook/signature.js';
import { byTest, openPageInto } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { runningCampaign, seedTargets } from './support/overlay-seed.js';
import { OWNER_TOKEN, ownerApi, startServer } from './support/server-process.js';
import { tempDir } from '../main/testing/harness.js';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const ARABIC_DONOR = 'يوسف الحسن';
const ARABIC_MESSAGE = 'من أجل الماء النظيف';
/** A Paris time on the dashboard: "14:05:09 CET" today, "Dec 1, 14:05:09 CET" on another day. */
const TODAY = /^\d\d:\d\d(:\d\d)?( [AP]M)? CES?T$/;
const OTHER_DAY = /^[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d(:\d\d)?( [AP]M)? CES?T$/;

const session = e2eSession('telethon-locale-e2e-');
let hook: { id: string; secret: string };
let urls: Map<string, string>;
const errors: string[] = [];

async function donate(id: string, value: string, name: string, message: string, occurredAt?: string): Promise<number> {
  const raw = JSON.stringify({ id, type: 'donation', amount: { value, currency: 'EUR' }, donor: { name }, message, ...(occurredAt ? { occurred_at: occurredAt } : {}) });
  const ts = Math.floor(Date.now() / 1000);
  const response = await fetch(`${session.server.url}/hooks/${encodeURIComponent(hook.id)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telethon-timestamp': String(ts), 'x-telethon-signature': signGeneric(hook.secret, ts, raw) },
    body: raw,
  });
  assert.equal(response.status, 201);
  const donation = (await response.json()) as { id: number };
  const approved = await ownerApi(session.server.url, 'POST', `/api/donations/${donation.id}/screen`, { decision: 'approve' });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  return donation.id;
}

function open(url: string, viewport: { width: number; height: number }, name: string, timezoneId = 'UTC'): Promise<Page> {
  return openPageInto(errors, name, session.browser, url, viewport, { timezoneId, locale: 'en-US' });
}

/**
 * A busy, colourful "game" behind the transparent page, as OBS composites it: stripes, bright
 * blobs and a dark horizon, drawn by CSS under the overlay's own (transparent) background.
 */
async function gameBackdrop(page: Page): Promise<void> {
  await page.addStyleTag({
    content: `html { background:
      radial-gradient(circle at 20% 30%, #ffec3d 0 6%, transparent 7%),
      radial-gradient(circle at 75% 60%, #ff3df2 0 9%, transparent 10%),
      radial-gradient(circle at 50% 85%, #3dfff0 0 12%, transparent 13%),
      repeating-linear-gradient(45deg, rgba(255,255,255,.35) 0 24px, transparent 24px 60px),
      repeating-linear-gradient(-30deg, rgba(0,0,0,.3) 0 18px, transparent 18px 44px),
      linear-gradient(180deg, #1e90ff 0%, #7cfc00 45%, #228b22 55%, #8b4513 100%) !important; }`,
  });
}

describe('the campaign in French, in Paris', () => {
  before(async () => {
    const { server } = session;
    const campaign = await ownerApi(server.url, 'PUT', '/api/campaign', {
      ...runningCampaign(),
      title: 'De l’eau pour les camps',
      goal: { value: '50000', currency: 'EUR' },
      milestones: [{ amount: { value: '5000', currency: 'EUR' }, label: 'Un puits' }, { amount: { value: '20000', currency: 'EUR' }, label: 'Une école' }],
      locale: 'fr',
      time_zone: 'Europe/Paris',
    });
    assert.equal(campaign.status, 200, JSON.stringify(campaign.body));
    const source = await ownerApi(server.url, 'POST', '/api/sources', { kind: 'webhook', name: 'Formulaire de dons' });
    hook = { id: source.body.id, secret: source.body.secret };
    const { waiting } = await seedTargets(server.url);
    assert.equal((await ownerApi(server.url, 'POST', `/api/targets/${waiting}/moments`, { at: new Date().toISOString() })).status, 201);
    const info = (await ownerApi(server.url, 'GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] };
    urls = new Map(info.widgets.map((w) => [w.name, w.url]));
    // One donation made yesterday (the dashboard dates it), one today.
    await donate('fr-1', '10000.00', 'Camille Martin', 'Pour les pompes, allez !', new Date(Date.now() - 26 * 3_600_000).toISOString());
    await donate('fr-2', '315.44', 'Jonas', 'Courage à toute l’équipe');
  });

  it('shows the overlay in French over a game, money written the French way, an Arabic name kept whole', async () => {
    const page = await open(`${urls.get('combined')}&seconds=600&duration=30`, { width: 1920, height: 1080 }, 'overlay');
    await gameBackdrop(page);
    await page.locator('[data-testid="overlay-total"][data-value="10315.44"]').waitFor();
    // Live: an Arabic donor's alert, inside the French sentence.
    await donate('fr-3', '25.50', ARABIC_DONOR, ARABIC_MESSAGE);
    await page.locator('[data-testid="overlay-total"][data-value="10340.94"]').waitFor();
    const alert = page.locator('[data-testid="alert"][data-kind="donation"]');
    await alert.waitFor();
    // The alert is on for 30 s: read it first, then wait for the animations and take the pictures.
    assert.equal(await byTest(page, 'alert-amount').textContent(), `25,50${NBSP}€`);
    assert.equal(await alert.locator('.alert-head').textContent(), `${ARABIC_DONOR} a fait un don`);
    // The name is its own isolated run, its direction read from its letters.
    const donor = byTest(page, 'alert-donor');
    assert.equal(await donor.evaluate((el) => `${el.tagName} ${el.getAttribute('dir')}`), 'BDI auto');
    assert.equal(await donor.evaluate((el) => getComputedStyle(el).direction), 'rtl');
    assert.equal(await byTest(page, 'alert-message').evaluate((el) => getComputedStyle(el).direction), 'rtl');
    // The alert's entrance and the total's count-up are over (a looping animation never is).
    await page.waitForFunction(
      () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 20_000 },
    );
    // The total counts up to the new amount: the exact French writing once it is there.
    await page.locator('[data-testid="overlay-total"]', { hasText: new RegExp(`^10${NNBSP}340,94${NBSP}€$`) }).waitFor();
    await alert.screenshot({ path: join(SHOTS, 'locale-overlay-fr-alert.png') });
    await page.screenshot({ path: join(SHOTS, 'locale-overlay-fr-game.png') });

    assert.equal(await byTest(page, 'ticker-donor').first().textContent(), ARABIC_DONOR);

    const text = await page.locator('body').innerText();
    for (const words of ['Écoulé', 'Restant', 'Postez maintenant', 'On appelle', `A répondu après 3${NBSP}h 12${NBSP}min`, 'Engagement', 'Prochain palier']) {
      assert.ok(text.includes(words) || text.toUpperCase().includes(words.toUpperCase()), `"${words}" on the overlay:\n${text}`);
    }
    assert.match(await byTest(page, 'overlay-goal-of').textContent() ?? '', new RegExp(`^\\d+${NNBSP}% de 50${NNBSP}000,00${NBSP}€$`));
    assert.doesNotMatch(text, /donated|Elapsed|To go|Post it now|Answered after/i, 'no English left on stream');
    await page.context().close();
    assert.deepEqual(errors, []);
  });

  it('shows the dashboard times in the campaign zone, with dates, from a browser in New York', async () => {
    const page = await open(`${session.server.url}/#token=${OWNER_TOKEN}`, { width: 1366, height: 768 }, 'dashboard', 'America/New_York');
    const feed = byTest(page, 'donation');
    await feed.nth(2).waitFor();
    const times = await feed.locator('.donation-meta time').allTextContents();
    const byDonor = new Map((await byTest(page, 'donation-donor').allTextContents()).map((name, i) => [name, times[i] ?? '']));
    assert.match(byDonor.get('Jonas') ?? '', TODAY, JSON.stringify([...byDonor]));
    assert.match(byDonor.get('Camille Martin') ?? '', OTHER_DAY, 'yesterday in Paris carries its date');
    assert.equal(await byTest(page, 'donation-donor').first().getAttribute('dir'), 'auto');
    // Amounts are written the way the French campaign types them, on the dashboard as on air.
    assert.match(await byTest(page, 'total').textContent() ?? '', new RegExp(`10${NNBSP}340,94${NBSP}€`));
    assert.match((await byTest(page, 'donation-amount').allTextContents()).join(' | '), new RegExp(`25,50${NBSP}€`));
    await page.screenshot({ path: join(SHOTS, 'locale-dashboard-live-paris.png') });

    // Campaign tab: the end (two days on) is dated, in Paris time; the form shows French typing.
    await byTest(page, 'tab-campaign').click();
    await byTest(page, 'campaign-locale-form').waitFor();
    assert.match(await byTest(page, 'campaign-ends-at').textContent() ?? '', OTHER_DAY);
    assert.equal(await byTest(page, 'campaign-time-zone').inputValue(), 'Europe/Paris');
    assert.equal(await byTest(page, 'campaign-locale').inputValue(), 'fr');
    assert.equal(await byTest(page, 'edit-goal').inputValue(), '50000,00');
    assert.match(await byTest(page, 'campaign-locale-sample').textContent() ?? '', new RegExp(`10${NNBSP}340,94${NBSP}€`));

    // Amounts typed the French way: an ambiguous one is refused in words, "62 500,50" is taken exactly.
    await byTest(page, 'edit-goal').fill('1.500');
    await byTest(page, 'edit-save').click();
    await byTest(page, 'edit-error').filter({ hasText: 'could be read two ways' }).waitFor();
    await byTest(page, 'edit-goal').fill('62 500,50');
    await byTest(page, 'edit-save').click();
    await byTest(page, 'edit-saved').waitFor();
    assert.equal((await ownerApi(session.server.url, 'GET', '/api/campaign')).body.campaign.goal.value, '62500.50');
    await page.screenshot({ path: join(SHOTS, 'locale-dashboard-campaign-tab.png') });

    // The zone moves to Tokyo: every time follows, and the change is in the audit.
    await byTest(page, 'campaign-time-zone').fill('Asia/Tokyo');
    await byTest(page, 'campaign-locale-save').click();
    await byTest(page, 'campaign-locale-saved').waitFor();
    await page.locator('[data-testid="campaign-ends-at"]', { hasText: 'GMT+9' }).waitFor();
    await byTest(page, 'tab-audit').click();
    const row = byTest(page, 'audit-row').filter({ hasText: 'Europe/Paris' });
    await row.first().waitFor();
    assert.match(await row.first().innerText(), /GMT\+9/);
    await page.screenshot({ path: join(SHOTS, 'locale-dashboard-audit-tokyo.png') });

    // A time typed from this New York browser is read on the campaign's clock (Tokyo), and the
    // form says which zone it is typed in.
    await byTest(page, 'tab-targets').click();
    await byTest(page, 'target-add').click();
    await byTest(page, 'target-new-name').fill('Zone check');
    await byTest(page, 'target-new-hashtags').fill('#ZoneCheck');
    await byTest(page, 'target-new-ask').fill('Answer at nine');
    await byTest(page, 'target-new-start-time').fill('2026-12-03T21:00');
    assert.equal(await byTest(page, 'target-new-start-time-zone').textContent(), 'GMT+9');
    await page.screenshot({ path: join(SHOTS, 'locale-target-form-tokyo.png') });
    await byTest(page, 'target-new-submit').click();
    await page.locator('[data-testid="target-card"]', { hasText: 'Zone check' }).waitFor();
    const targets = (await ownerApi(session.server.url, 'GET', '/api/targets')).body.targets as { name: string; call_started_at: string }[];
    assert.equal(targets.find((t) => t.name === 'Zone check')?.call_started_at, '2026-12-03T12:00:00.000Z', '21:00 in Tokyo, not in New York');
    await page.context().close();
    assert.deepEqual(errors, []);
  });
});

describe('a new campaign from a French browser in Paris', () => {
  it('starts in French, in the browser\'s zone, and takes the goal typed the French way', async () => {
    const fresh = tempDir('telethon-locale-setup-');
    const own = await startServer(fresh.path);
    try {
      const context = await session.browser.newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Europe/Paris', locale: 'fr-FR' });
      const page = await context.newPage();
      await page.goto(`${own.url}/#token=${OWNER_TOKEN}`);
      await page.locator('#root[data-state="setup"]').waitFor();
      assert.equal(await byTest(page, 'campaign-locale').inputValue(), 'fr');
      assert.match(await byTest(page, 'campaign-zone-hint').textContent() ?? '', /Europe\/Paris/);
      await byTest(page, 'campaign-title').fill('Marathon de l’eau');
      await byTest(page, 'campaign-goal').fill('25 000,50');
      await page.screenshot({ path: join(SHOTS, 'locale-setup-fr.png') });
      await byTest(page, 'campaign-submit').click();
      await page.locator('#root[data-state="ready"]').waitFor();
      const { campaign } = (await ownerApi(own.url, 'GET', '/api/campaign')).body;
      assert.deepEqual([campaign.locale, campaign.time_zone, campaign.goal.value], ['fr', 'Europe/Paris', '25000.50']);
      await context.close();
    } finally {
      await own.stop();
      fresh.remove();
    }
  });
});
