import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FakeTwitchIrc, privmsg } from '../main/sources/twitch/testing/fake-irc-server.js';
import { YOUTUBE_API_ENV } from '../main/sources/youtube/connector.js';
import { FAKE_API_KEY, FAKE_VIDEO_ID, FakeYouTube, superChatItem, textItem } from '../main/sources/youtube/testing/fake-youtube.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { byTest } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const SHOT_DIR = process.env.TELETHON_SHOTS ?? SHOTS;

/** A fake YouTube the app process reads by default (TELETHON_YOUTUBE_API), a fake Twitch, one Chromium. */
const session = e2eSession('telethon-youtube-e2e-', {
  prepare: () => {
    mkdirSync(SHOT_DIR, { recursive: true });
  },
  fakes: async () => ({ youtube: await new FakeYouTube().start(), irc: await FakeTwitchIrc.start() }),
  env: ({ youtube }) => ({ [YOUTUBE_API_ENV]: youtube.url }),
});

describe('YouTube live chat on the dashboard', () => {
  it('adds a live chat from the form, shows its quota and live state, its lines with their platform, and its Super Chat in the total', async () => {
    const { server, browser, fakes: { youtube, irc } } = session;
    const campaign = await ownerApi(server.url, 'PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, starts_at: new Date(Date.now() - 3_600_000).toISOString() });
    assert.equal(campaign.status, 200, JSON.stringify(campaign.body));
    // ¥500 at 0.0062 EUR a yen is 3.10 EUR.
    assert.equal((await ownerApi(server.url, 'PUT', '/api/rates', { rates: [{ currency: 'JPY', rate: '0.0062' }] })).status, 200);
    const twitch = await ownerApi(server.url, 'POST', '/api/sources', { kind: 'twitch', name: '#alca', channel: 'alca', server: irc.url });
    assert.equal(twitch.status, 201, JSON.stringify(twitch.body));
    youtube.pollingIntervalMillis = 400;
    youtube.goLive();

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/#token=${OWNER_TOKEN}`);
    await page.locator('#root[data-state="ready"]').waitFor();

    const form = byTest(page, 'youtube-form');
    await form.scrollIntoViewIfNeeded();
    // A link that is not YouTube is refused in words, from the app.
    await byTest(page, 'youtube-video').fill('https://vimeo.com/12345');
    await byTest(page, 'youtube-key').fill(FAKE_API_KEY);
    await byTest(page, 'youtube-submit').click();
    await byTest(page, 'youtube-error').filter({ hasText: 'is not YouTube' }).waitFor();
    assert.equal(await byTest(page, 'youtube-key').getAttribute('type'), 'password');
    await byTest(page, 'youtube-video').fill(`https://youtu.be/${FAKE_VIDEO_ID}`);
    // A project Google granted more quota: reads keep YouTube's pace (the default is tested in the unit tests).
    await byTest(page, 'youtube-quota-input').fill('10000000');
    await form.screenshot({ path: join(SHOT_DIR, 'youtube-form.png') });
    await byTest(page, 'youtube-submit').click();
    await byTest(page, 'youtube-done').waitFor();

    const row = page.locator('[data-testid="source"]').filter({ hasText: `YouTube ${FAKE_VIDEO_ID}` });
    await row.locator('[data-testid="youtube-state"][data-live="live"]').waitFor();
    await row.locator('[data-testid="youtube-quota"]').filter({ hasText: 'left of 10,000,000' }).waitFor();
    await page.locator('[data-testid="source"][data-status="connected"]').filter({ hasText: `YouTube ${FAKE_VIDEO_ID}` }).waitFor();
    assert.equal((await page.content()).includes(FAKE_API_KEY), false, 'the key is never shown back');

    youtube.post([
      textItem('LCC.e2e-1', 'UCmira', 'Good luck! #YoutubeHelpRohingya', 'Mira Holt'),
      textItem('LCC.e2e-2', 'UCsam', '<img src=x onerror="window.__pwned=1"> #YoutubeHelpRohingya', 'Sam'),
      superChatItem('LCC.e2e-sc', 'UCkenta', '500000000', 'JPY', 'For the kids!', 'Kenta Mori'),
    ]);
    await irc.waitForJoined('alca');
    irc.broadcast('alca', [privmsg('alca', { id: 'tw-e2e-1', userId: '4242', login: 'viewer', text: 'from twitch #YoutubeHelpRohingya', ts: Date.now() })]);

    // The Super Chat in the total, exactly: ¥500 → 3.10 EUR.
    await page.locator('[data-testid="total"][data-value="3.10"]').waitFor();
    // Lines from both platforms, each with its label; hostile text stays text.
    const feed = byTest(page, 'chat-feed');
    await feed.locator('[data-message-id="LCC.e2e-1"] [data-testid="chat-platform"]').filter({ hasText: 'YouTube' }).waitFor();
    await feed.locator('[data-message-id="tw-e2e-1"] [data-testid="chat-platform"]').filter({ hasText: 'Twitch' }).waitFor();
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    // Per channel and together: the same tag, counted exactly.
    const byChannel = byTest(page, 'chat-by-channel');
    await byChannel.locator('[data-testid="chat-by-channel-row"][data-source="*"] [data-testid="row-tag"]').filter({ hasText: '3 × #youtubehelprohingya' }).waitFor();
    const youtubeId = ((await ownerApi(server.url, 'GET', '/api/sources')).body.sources as { id: string; kind: string }[]).find((s) => s.kind === 'youtube')?.id;
    const youtubeRow = byChannel.locator(`[data-testid="chat-by-channel-row"][data-source="${youtubeId}"]`);
    await youtubeRow.locator('[data-testid="row-tag"]').filter({ hasText: '2 × #youtubehelprohingya' }).waitFor();
    assert.equal(await youtubeRow.locator('[data-testid="row-chatters"]').textContent(), '2');

    await row.scrollIntoViewIfNeeded();
    await row.screenshot({ path: join(SHOT_DIR, 'youtube-source-line.png') });
    await byTest(page, 'chat-feed').screenshot({ path: join(SHOT_DIR, 'youtube-chat-panel.png') });
    await byTest(page, 'chat-stats').screenshot({ path: join(SHOT_DIR, 'youtube-chat-stats.png') });
    await page.screenshot({ path: join(SHOT_DIR, 'youtube-dashboard.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
