import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fixtureText } from '../../testing/fixtures.js';
import { startTestCore } from '../../testing/harness.js';
import { until } from '../../testing/until.js';
import { twitchConnector } from '../twitch/connector.js';
import { FakeTwitchIrc, inChannel } from '../twitch/testing/fake-irc-server.js';
import { twitchCharityConnector } from './connector.js';
import { FAKE_BROADCASTER, FAKE_TWITCH_TOKEN, FakeEventSub, charityDonation } from './testing/fake-eventsub.js';

const CHAT_DONATION = fixtureText('twitch-irc', 'samples.txt').split('\n').find((l) => l.includes('msg-id=charitydonation')) ?? '';

describe('Twitch Charity in chat and over EventSub', () => {
  it('counts a charity donation once when both the chat and the EventSub source hear it; chat counts it while EventSub is down', async () => {
    const irc = await FakeTwitchIrc.start();
    const eventsub = await new FakeEventSub().start();
    const logs: string[] = [];
    const t = await startTestCore({ connectors: [twitchConnector({ backoffMs: 50, log: (l) => logs.push(l) }), twitchCharityConnector({ backoffMs: 50, log: (l) => logs.push(l) })] });
    after(async () => {
      await t.close();
      await irc.close();
      await eventsub.stop();
    });
    const channel = FAKE_BROADCASTER.login;
    const added = await t.api('POST', '/api/sources', { kind: 'twitch', name: `#${channel}`, channel, server: irc.url });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const chat = added.body.id as string;
    const charity = (await t.api('POST', '/api/sources', {
      kind: 'twitch-charity', name: 'Twitch Charity', channel, oauth_token: FAKE_TWITCH_TOKEN, server: eventsub.wsUrl, api_url: eventsub.url, auth_url: eventsub.url,
    })).body.id as string;
    // The chat runs in a worker thread: on a busy machine its first join can take a while.
    await irc.waitForJoined(channel, 1, 30_000);
    const status = async (id: string) => (await t.api('GET', '/api/sources')).body.sources.find((s: { id: string }) => s.id === id)?.status;
    await until('EventSub connected', () => status(charity), (s) => s === 'connected');

    // Twitch tells both: the chat line and the EventSub notification are one donation.
    irc.broadcast(channel, [inChannel(CHAT_DONATION, channel)]);
    eventsub.notify('channel.charity_campaign.donate', charityDonation());
    await until('counted once', async () => (await t.api('GET', '/api/totals')).body.donations, (n) => n === 1);
    await until('chat line left to EventSub', () => Promise.resolve(logs), (l) => l.some((line) => /counted by Twitch Charity \(EventSub\), not here/.test(line)));
    const bySource = t.core.db.prepare('SELECT source_id, count(*) AS n FROM donations GROUP BY source_id').all();
    assert.deepEqual(bySource, [{ source_id: charity, n: 1 }]);
    const feed = (await t.api('GET', '/api/twitch/moments')).body;
    assert.deepEqual(feed.moments.map((m: { kind: string; source_id: string }) => [m.kind, m.source_id]), [['charity', charity]], 'one line in the Twitch events feed');

    // EventSub revoked: the chat line is then the only record, and counts.
    eventsub.revoke('channel.charity_campaign.donate');
    await until('EventSub failing', () => status(charity), (s) => s === 'failing');
    irc.broadcast(channel, [inChannel(CHAT_DONATION.replace(/;id=[^;]+/, ';id=chat-only-1'), channel)]);
    await until('counted from chat', async () => (await t.api('GET', '/api/totals')).body.donations, (n) => n === 2);
    assert.equal((t.core.db.prepare('SELECT count(*) AS n FROM donations WHERE source_id = ?').get(chat) as { n: number }).n, 1);
  });
});
