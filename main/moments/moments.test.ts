// The Twitch events feed (issue 20): lines from tests/fixtures/twitch/moments.json go through
// the fake IRC server and tmi.js into the store; the feed, its screening and the overlay's
// alerts are read over real HTTP and a real socket.io client.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OVERLAY_NAMESPACE } from '../../shared/contract.js';
import type { OverlayMomentView, TwitchMomentView } from '../../shared/views.js';
import { twitchConnector } from '../sources/twitch/connector.js';
import { FakeTwitchIrc } from '../sources/twitch/testing/fake-irc-server.js';
import { fixtureText } from '../testing/fixtures.js';
import { EXAMPLE_CAMPAIGN, type TestCore, startTestCore } from '../testing/harness.js';
import { type SocketListener, changesHeard, listenTo } from '../testing/socket-listener.js';
import { until } from '../testing/until.js';

interface MomentsFixture {
  channel: string;
  cases: { name: string; line?: string; lines?: string[]; times?: number; expect: Partial<TwitchMomentView> }[];
  totals: { entries: number; waiting: number; pledge_totals: Record<string, number> };
}

const FIXTURE = JSON.parse(fixtureText('twitch', 'moments.json')) as MomentsFixture;
const LISTED = 'zzlistedword';

let t: TestCore;
let irc: FakeTwitchIrc;
let source: string;
let overlay: SocketListener;
let moderators: { a: string; b: string; viewer: string };
/** The feed once every line was read, oldest first (the fixture's order). */
let feed: TwitchMomentView[];

const overlayMoments = (): OverlayMomentView[] =>
  changesHeard(overlay).filter((c) => c.type === 'twitch_moment').map((c) => c.moment as OverlayMomentView);

async function invite(role: 'moderator' | 'viewer', name: string): Promise<string> {
  const created = await t.api('POST', '/api/invites', { role, name });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.token as string;
}

async function readFeed(query = ''): Promise<{ moments: TwitchMomentView[]; next: number | null; waiting: number }> {
  const answer = await t.api('GET', `/api/twitch/moments${query}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

before(async () => {
  irc = await FakeTwitchIrc.start();
  t = await startTestCore({ connectors: [twitchConnector({ backoffMs: 50, log: () => {} })] });
  const campaign = await t.api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, pledge_values: { sub_tier1: '2.50', sub_tier2: '5.00', bits_100: '1.00' } });
  assert.equal(campaign.status, 200, JSON.stringify(campaign.body));
  assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'one_pass', words: [LISTED] })).status, 200);
  moderators = { a: await invite('moderator', 'Mona Mod'), b: await invite('moderator', 'Milo Mod'), viewer: await invite('viewer', 'Vic Viewer') };
  overlay = await listenTo(t.core.url, OVERLAY_NAMESPACE, { key: (await t.api('GET', '/api/overlay')).body.key });
  const created = await t.api('POST', '/api/sources', { kind: 'twitch', name: `#${FIXTURE.channel}`, channel: FIXTURE.channel, server: irc.url });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  source = created.body.id;
  await irc.waitForJoined(FIXTURE.channel);
  irc.broadcast(
    FIXTURE.channel,
    FIXTURE.cases.flatMap((c) => Array.from({ length: c.times ?? 1 }, () => c.lines ?? [c.line ?? '']).flat()),
  );
  irc.broadcast(FIXTURE.channel, [`@id=moments-end;user-id=999;tmi-sent-ts=1700000200000 :end!end@end.tmi.twitch.tv PRIVMSG #${FIXTURE.channel} :end`]);
  await until('every line read', async () => t.core.db.prepare("SELECT 1 FROM events WHERE external_id = 'moments-end'").get(), Boolean);
  feed = (await readFeed()).moments.reverse();
});
after(async () => {
  overlay?.close();
  await t?.close();
  await irc?.close();
});

describe('the Twitch events feed, from the fixture lines through tmi.js (issue 20)', () => {
  it('has one entry per case, newest first, with who, what, value and screening as the fixture says', () => {
    assert.equal(feed.length, FIXTURE.totals.entries, feed.map((m) => `${m.kind} ${m.actor_name}`).join(', '));
    FIXTURE.cases.forEach((c, i) => {
      const moment = feed[i]!;
      for (const [key, value] of Object.entries(c.expect)) {
        assert.deepEqual((moment as unknown as Record<string, unknown>)[key], value, `${c.name}: ${key}`);
      }
      assert.equal(moment.source_id, source);
      assert.equal(moment.channel, `#${FIXTURE.channel}`);
    });
  });

  it('counts a 20-gift bomb as one entry and its gifts once each, redeliveries included', () => {
    const bombs = feed.filter((m) => m.kind === 'gift_bomb');
    assert.deepEqual(bombs.map((b) => [b.actor_name, b.count, b.announced]), [['Santa', 20, 20], ['Nadia', 3, 3]]);
    assert.equal(feed.filter((m) => m.kind === 'gift').length, 2, 'only the two gifts outside a bomb have their own entry');
    const units = Object.fromEntries(
      (t.core.db.prepare('SELECT unit, count FROM pledge_totals WHERE source_id = ?').all(source) as { unit: string; count: number }[]).map((r) => [r.unit, r.count]),
    );
    assert.deepEqual(units, FIXTURE.totals.pledge_totals);
  });

  it('never names an anonymous gifter, in the feed or on the overlay', () => {
    const anonymous = feed.find((m) => m.anonymous)!;
    assert.equal(anonymous.actor_name, null);
    assert.ok(!overlay.frames.join('').includes('AnAnonymousGifter'));
  });

  it('pages, filters by kind, channel and waiting, and refuses viewers and unknown channels', async () => {
    const first = await readFeed('?limit=5');
    assert.deepEqual(first.moments.map((m) => m.id), feed.slice(-5).reverse().map((m) => m.id));
    const second = await readFeed(`?limit=5&before=${first.next}`);
    assert.deepEqual(second.moments.map((m) => m.id), feed.slice(-10, -5).reverse().map((m) => m.id));
    assert.deepEqual((await readFeed('?kind=raid')).moments.map((m) => m.count), [1204]);
    assert.equal((await readFeed(`?source=${encodeURIComponent(source)}`)).moments.length, FIXTURE.totals.entries);
    const waiting = await readFeed('?waiting=1');
    assert.equal(waiting.waiting, FIXTURE.totals.waiting);
    assert.deepEqual(waiting.moments.map((m) => m.kind).sort(), ['cheer', 'paid_message', 'resub']);
    assert.equal((await t.api('GET', '/api/twitch/moments', undefined, moderators.a)).status, 200);
    assert.equal((await t.api('GET', '/api/twitch/moments', undefined, moderators.viewer)).status, 403);
    assert.equal((await t.api('GET', '/api/twitch/moments?source=nope')).status, 404);
    assert.equal((await t.api('GET', '/api/twitch/moments?kind=party')).status, 400);
    assert.equal((await t.api('GET', '/api/twitch/moments?limit=101')).status, 400);
    // The screening room counts them beside the donations.
    assert.equal((await t.api('GET', '/api/screening', undefined, moderators.a)).body.moments_waiting, FIXTURE.totals.waiting);
  });
});

describe("the overlay's Twitch alerts", () => {
  it('gets each moment with nothing to screen once (the gift bomb once), and none of the waiting messages', async () => {
    // Two gift bombs, two gifts, three subs and resubs (one denied by the rules), a raid: 8.
    await until('the alerts heard the moments', async () => overlayMoments().length, (n) => n >= 8);
    const heard = overlayMoments();
    assert.equal(heard.length, 8, heard.map((m) => m.kind).join(', '));
    const kinds = heard.map((m) => m.kind);
    // The 20-gift bomb and the early bomb once each; no charity (its donation has the alert); nothing waiting.
    assert.equal(kinds.filter((k) => k === 'gift_bomb').length, 2);
    assert.ok(!kinds.includes('charity' as never));
    const bomb = heard.find((m) => m.actor_name === 'Santa')!;
    assert.equal(Math.max(bomb.announced ?? 0, bomb.count), 20);
    // The bomb whose gifts came first alerts on its announcement, with the whole count, not "1 sub".
    const early = heard.find((m) => m.actor_name === 'Nadia')!;
    assert.deepEqual([early.announced, early.count], [3, 3]);
    const raid = heard.find((m) => m.kind === 'raid')!;
    assert.deepEqual([raid.actor_name, raid.count], ['Raidmaster', 1204]);
    const text = overlay.frames.join('');
    for (const waiting of ['Fourteen months for the camps!', 'Go team go!', 'Pinned for the camps', LISTED]) {
      assert.ok(!text.includes(waiting), `the overlay heard "${waiting}" before a moderator approved it`);
    }
    // The rules denied the listed resub: it alerts, without its message.
    const denied = heard.find((m) => m.actor_name === 'Rude')!;
    assert.equal(denied.message, null);
  });

  it('sends an approved message with its alert, a denied one without, and audits both', async () => {
    const resub = feed.find((m) => m.actor_name === 'Loyal')!;
    const cheer = feed.find((m) => m.kind === 'cheer')!;
    const approved = await t.api('POST', `/api/twitch/moments/${resub.id}/screen`, { decision: 'approve' }, moderators.a);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.moment.screening, 'approved');
    const denied = await t.api('POST', `/api/twitch/moments/${cheer.id}/screen`, { decision: 'deny', reason: 'spam' }, moderators.b);
    assert.equal(denied.body.moment.screening, 'denied');
    await until('both alerts came', async () => overlayMoments().filter((m) => m.id === resub.id || m.id === cheer.id).length, (n) => n === 2);
    assert.equal(overlayMoments().find((m) => m.id === resub.id)!.message, 'Fourteen months for the camps!');
    assert.equal(overlayMoments().find((m) => m.id === cheer.id)!.message, null);
    assert.ok(!overlay.frames.join('').includes('Go team go!'));
    // A decision taken twice changes nothing, and viewers cannot decide.
    assert.equal((await t.api('POST', `/api/twitch/moments/${resub.id}/screen`, { decision: 'deny' }, moderators.b)).status, 409);
    const hype = feed.find((m) => m.kind === 'paid_message')!;
    assert.equal((await t.api('POST', `/api/twitch/moments/${hype.id}/screen`, { decision: 'approve' }, moderators.viewer)).status, 403);
    assert.equal((await t.api('POST', `/api/twitch/moments/${hype.id}/screen`, { decision: 'maybe' }, moderators.a)).status, 422);
    assert.equal((await t.api('POST', '/api/twitch/moments/99999/screen', { decision: 'approve' }, moderators.a)).status, 404);
    const audit = (await t.api('GET', '/api/audit', undefined, moderators.a)).body.entries.filter((e: { subject: { kind: string } }) => e.subject.kind === 'twitch_moment');
    assert.deepEqual(
      audit.map((e: { action: string; actor_name: string; reason: string | null }) => [e.action, e.actor_name, e.reason]),
      [['deny', 'Milo Mod', 'spam'], ['approve', 'Mona Mod', null]],
    );
    assert.match(audit[1].subject.label, /resub from Loyal on #dallas/);
  });

  it('needs two different people in two-pass mode', async () => {
    assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'two_pass' })).status, 200);
    const hype = feed.find((m) => m.kind === 'paid_message')!;
    const first = await t.api('POST', `/api/twitch/moments/${hype.id}/screen`, { decision: 'approve' }, moderators.a);
    assert.equal(first.status, 200);
    assert.deepEqual([first.body.moment.screening, first.body.moment.first_pass?.actor_name], ['pending', 'Mona Mod']);
    assert.equal((await t.api('POST', `/api/twitch/moments/${hype.id}/screen`, { decision: 'approve' }, moderators.a)).status, 403);
    assert.ok(!overlayMoments().some((m) => m.id === hype.id), 'a first pass sends nothing to the overlay');
    const second = await t.api('POST', `/api/twitch/moments/${hype.id}/screen`, { decision: 'approve' }, moderators.b);
    assert.equal(second.body.moment.screening, 'approved');
    await until('the Hype Chat alert came', async () => overlayMoments().find((m) => m.id === hype.id), Boolean);
    assert.deepEqual(overlayMoments().find((m) => m.id === hype.id)!.amount, { value: '10.00', currency: 'EUR' });
    assert.equal((await readFeed('?waiting=1')).waiting, 0);
  });

  it("carries the latest alerts in the overlay's snapshot, so a resync announces what it missed", async () => {
    const late = await listenTo(t.core.url, OVERLAY_NAMESPACE, { key: (await t.api('GET', '/api/overlay')).body.key });
    try {
      await until('a snapshot came', async () => late.events.find((e) => e.event === 'snapshot'), Boolean);
      const snapshot = late.events.find((e) => e.event === 'snapshot')!.payload;
      const kinds = (snapshot.moments as OverlayMomentView[]).map((m) => m.kind);
      assert.ok(kinds.includes('raid') && kinds.includes('gift_bomb') && kinds.includes('paid_message'));
      assert.ok(!kinds.includes('charity' as never));
      for (const moment of snapshot.moments as OverlayMomentView[]) {
        assert.deepEqual(Object.keys(moment).sort(), ['actor_name', 'amount', 'announced', 'count', 'cumulative', 'id', 'kind', 'message', 'occurred_at', 'recipient', 'unit', 'value']);
      }
      assert.ok(!JSON.stringify(snapshot).includes('Go team go!'), 'a denied message is not in the snapshot');
    } finally {
      late.close();
    }
  });
});
