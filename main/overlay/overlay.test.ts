// The overlay key and the overlay socket, against a real core on 127.0.0.1 with a real
// socket.io client: the key reads overlay data and nothing else, and what the overlay socket
// carries is screened (no pending or denied content, no anonymous donors' names, no staff data).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OVERLAY_NAMESPACE, ROUTE_ROLES, type RouteKey, splitRouteKey, STAFF_NAMESPACE } from '../../shared/contract.js';
import type { OverlayDonationView } from '../../shared/views.js';
import { type TestCore, donationBody, startTestCore } from '../testing/harness.js';
import { type SocketListener, changesHeard, listenTo } from '../testing/socket-listener.js';
import { until } from '../testing/until.js';

type Listener = SocketListener;
const listen = listenTo;
const changesOf = changesHeard;

let t: TestCore;
let key: string;
let source: { id: string; secret: string };

before(async () => {
  t = await startTestCore();
  key = (await t.api('GET', '/api/overlay')).body.key;
  source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;
});
after(async () => {
  await t.close();
});

describe('the overlay key', () => {
  it('opens no API route, whichever way it is sent', async () => {
    for (const route of Object.keys(ROUTE_ROLES) as RouteKey[]) {
      const { method, path } = splitRouteKey(route);
      const concrete = path.replace(/:[a-zA-Z]+/g, '1');
      const body = method === 'GET' ? undefined : '{}';
      const asBearer = await t.api(method, concrete, body, key);
      assert.ok(asBearer.status === 401 || asBearer.status === 403, `${route} with the key as bearer: ${asBearer.status}`);
      const asQuery = await t.api(method, `${concrete}?key=${encodeURIComponent(key)}`, body, null);
      assert.ok(asQuery.status === 401 || asQuery.status === 403, `${route} with ?key=: ${asQuery.status}`);
    }
    // The rotation route is the owner's, and the key is unchanged by all the attempts.
    assert.equal((await t.api('GET', '/api/overlay')).body.key, key);
  });

  it('does not open the staff socket, and a wrong key does not open the overlay socket', async () => {
    await assert.rejects(listen(t.core.url, STAFF_NAMESPACE, { token: key }), /unauthorized/);
    await assert.rejects(listen(t.core.url, OVERLAY_NAMESPACE, { key: `${key}x` }), /unauthorized/);
  });

  it('serves overlay pages only with the current key; the pages may be framed by the dashboard only', async () => {
    const page = await fetch(`${t.core.url}/overlay/ticker?key=${encodeURIComponent(key)}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'self'/);
    assert.equal((await fetch(`${t.core.url}/overlay/ticker?key=wrong`)).status, 403);
    assert.equal((await fetch(`${t.core.url}/overlay/nope?key=${encodeURIComponent(key)}`)).status, 404);
    const dashboard = await fetch(`${t.core.url}/`);
    assert.match(dashboard.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    const info = (await t.api('GET', '/api/overlay')).body as { widgets: { name: string; url: string }[] };
    assert.deepEqual(info.widgets.map((w) => w.name), ['total', 'goal', 'ticker', 'alerts', 'targets', 'clock', 'moment', 'leaderboard', 'prize', 'incentives', 'bidwar', 'schedule', 'combined', 'team-total', 'team-board', 'call-signups']);
  });
});

describe('the overlay socket', () => {
  it('gets a snapshot with overlay fields only, and target changes without handles or unconfirmed responses', async () => {
    const overlay = await listen(t.core.url, OVERLAY_NAMESPACE, { key });
    try {
      await until('snapshot', async () => overlay.events.length, (n) => n > 0);
      const snapshot = overlay.events[0]!;
      assert.equal(snapshot.event, 'snapshot');
      assert.deepEqual(Object.keys(snapshot.payload).sort(), ['alerts', 'campaign', 'donations', 'epoch', 'incentives', 'leaders', 'moments', 'prizes', 'schedule', 'seq', 'targets', 'team', 'totals']);
      assert.deepEqual(Object.keys(snapshot.payload.totals).sort(), ['donations', 'last_donation_id', 'raised']);
      assert.deepEqual(Object.keys(snapshot.payload.campaign).sort(), ['currency', 'ends_at', 'goal', 'locale', 'milestones', 'starts_at', 'stretch_goals', 'title']);

      const created = await t.api('POST', '/api/targets', {
        name: 'Platform',
        handles: [{ platform: 'x', handle: 'PrivateHandle_77' }],
        hashtags: ['PlatformHelp'],
        ask: 'Match the donations',
      });
      assert.equal(created.status, 201);
      const id = created.body.target.id as string;
      // Flagged by the owner: not confirmed, so the overlay must still say "waiting".
      const flagged = await t.api('POST', `/api/targets/${id}/responses`, { kind: 'commitment', quote: 'UNCONFIRMED QUOTE 123', url: 'https://example.org/unconfirmed-link' });
      assert.equal(flagged.status, 201);
      const targetChange = await until(
        'a target change',
        async () => changesOf(overlay).filter((c) => c.type === 'target'),
        (list) => list.length > 0,
        200,
        25,
      );
      const view = targetChange[targetChange.length - 1].target;
      assert.deepEqual(Object.keys(view).sort(), [
        'ask', 'call_started_at', 'callers', 'calls', 'first_response_at', 'hashtags', 'id', 'moments', 'name', 'response_kind', 'status', 'time_to_response_s',
      ]);
      assert.equal(view.status, 'waiting');
      const everything = overlay.frames.join('\n');
      assert.doesNotMatch(everything, /PrivateHandle_77|UNCONFIRMED QUOTE|unconfirmed-link/);

      // Archived: off the board.
      assert.equal((await t.api('POST', `/api/targets/${id}/archive`)).status, 200);
      await until('target removed', async () => changesOf(overlay).some((c) => c.type === 'target_removed' && c.id === id), Boolean, 200, 25);
      assert.ok(overlay.events.every((e) => e.event === 'snapshot' || e.event === 'changes'));
    } finally {
      overlay.close();
    }
  });

  it('never carries pending or denied content; approved shows, and one denied afterwards is taken back', async () => {
    assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'one_pass', words: [], overlay_min: null })).status, 200);
    const overlay = await listen(t.core.url, OVERLAY_NAMESPACE, { key });
    try {
      const send = async (id: string, name: string, message: string, extra: Record<string, unknown> = {}) => {
        const answer = await t.hook(source.id, source.secret, donationBody(id, '10.00', 'EUR', { donor: { name }, message, ...extra }));
        assert.equal(answer.status, 201);
        return answer.body.id as number;
      };
      const pending = await send('p-1', 'PENDING-NAME-1', 'PENDING-MESSAGE-1');
      const denied = await send('p-2', 'DENIED-NAME-2', 'DENIED-MESSAGE-2');
      const approved = await send('p-3', 'APPROVED-NAME-3', 'APPROVED-MESSAGE-3');
      const anonymous = await send('p-4', 'ANONYMOUS-NAME-4', 'ANONYMOUS-MESSAGE-4', { donor: { name: 'ANONYMOUS-NAME-4', anonymous: true } });
      const later = await send('p-5', 'LATER-NAME-5', 'LATER-MESSAGE-5');
      for (const [id, decision] of [[denied, 'deny'], [approved, 'approve'], [anonymous, 'approve'], [later, 'approve']] as const) {
        const screened = await t.api('POST', `/api/donations/${id}/screen`, { decision });
        assert.equal(screened.status, 200, JSON.stringify(screened.body));
      }
      await until('approved donations on the socket', async () => changesOf(overlay).filter((c) => c.type === 'donation').length, (n) => n === 3, 200, 25);
      assert.equal((await t.api('POST', `/api/donations/${later}/screen`, { decision: 'deny' })).status, 200);
      await until('the later denial', async () => changesOf(overlay).some((c) => c.type === 'donation_hidden' && c.id === later), Boolean, 200, 25);

      // A page that connects now gets the same in its snapshot.
      const fresh = await listen(t.core.url, OVERLAY_NAMESPACE, { key });
      await until('snapshot', async () => fresh.events.length, (n) => n > 0);
      const snapshotIds = (fresh.events[0]!.payload.donations as { id: number }[]).map((d) => d.id);
      fresh.close();
      assert.ok(snapshotIds.includes(approved) && snapshotIds.includes(anonymous));
      assert.ok(!snapshotIds.includes(pending) && !snapshotIds.includes(denied) && !snapshotIds.includes(later));

      const everything = [...overlay.frames, ...fresh.frames].join('\n');
      assert.match(everything, /APPROVED-NAME-3/);
      assert.match(everything, /APPROVED-MESSAGE-3/);
      assert.match(everything, /ANONYMOUS-MESSAGE-4/);
      assert.doesNotMatch(everything, /PENDING-|DENIED-|ANONYMOUS-NAME-4/);
      // The leaderboard names the approved donor and sums the anonymous one without a name.
      const leaders = await until('the leaderboard without the later denial', async () => changesOf(overlay).filter((c) => c.type === 'leaders').pop()?.leaders ?? [],
        (list: { name: string | null }[]) => list.some((l) => l.name === 'APPROVED-NAME-3') && !list.some((l) => l.name === 'LATER-NAME-5'), 200, 25);
      assert.ok(leaders.some((l: { name: string | null }) => l.name === null), 'the anonymous donor, unnamed');
      assert.deepEqual(Object.keys(leaders[0] ?? {}).sort(), ['donations', 'name', 'rank', 'total']);
      assert.doesNotMatch(JSON.stringify(fresh.events[0]!.payload.leaders), /PENDING-|DENIED-|ANONYMOUS-NAME-4|LATER-NAME-5/);
      const anonymousView = changesOf(overlay).find((c) => c.type === 'donation' && c.donation.id === anonymous).donation;
      assert.equal(anonymousView.donor_name, null);
      assert.deepEqual(Object.keys(anonymousView).sort(), ['amount', 'converted', 'donor_name', 'id', 'message', 'occurred_at']);
    } finally {
      overlay.close();
    }
  });

  it('carries incentives with approved options only: no donor, no pending suggestion, no waiting counts; alerts name winners only', async () => {
    const overlay = await listen(t.core.url, OVERLAY_NAMESPACE, { key });
    try {
      const war = (await t.api('POST', '/api/incentives', { kind: 'bid_war', name: 'Save name', options: ['<img src=x onerror=alert(1)>', 'Calm'], allow_suggestions: true })).body.incentive;
      const hostile = war.options.find((o: { name: string }) => o.name.startsWith('<img')).id as number;
      const segment = await t.api('POST', '/api/schedule', { title: 'Run <b>1</b>', runners: 'Ana', planned_start: '2026-12-05T10:00:00Z', planned_length_min: 60 });
      assert.equal(segment.status, 201);
      const donation = await t.hook(source.id, source.secret, donationBody('inc-1', '8.00', 'EUR', {
        donor: { name: 'INCENTIVE-DONOR-NAME' },
        message: 'INCENTIVE-PENDING-MESSAGE',
        incentive: 'Save name',
        new_option: 'PENDING-OPTION-NAME',
      }));
      assert.equal(donation.status, 201);
      const assigned = await t.api('PUT', `/api/donations/${donation.body.id}/assignment`, { expected_version: 1, parts: [{ incentive_id: war.id, option_id: hostile }] });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      const list = await until('incentive totals on the overlay', async () => changesOf(overlay).filter((c) => c.type === 'incentives').pop()?.incentives ?? [],
        (l: { options: { total: { value: string } }[] }[]) => l.some((i) => i.options.some((o) => o.total.value === '8.00')), 200, 25);
      assert.deepEqual(Object.keys(list[0]!).sort(), ['deadline', 'description', 'goal', 'id', 'kind', 'leaders', 'met_at', 'name', 'options', 'segment_id', 'state', 'tag', 'total']);
      assert.deepEqual(Object.keys(list[0]!.options[0]!).sort(), ['id', 'name', 'total']);
      await until('the schedule on the overlay', async () => changesOf(overlay).some((c) => c.type === 'schedule'), Boolean, 200, 25);
      assert.equal((await t.api('POST', `/api/incentives/${war.id}/close`)).status, 200);
      const alert = await until('the bid war alert', async () => changesOf(overlay).find((c) => c.type === 'incentive_alert'), Boolean, 200, 25) as { alert: { winners: { name: string }[] } };
      assert.deepEqual(alert.alert.winners.map((w: { name: string }) => w.name), ['<img src=x onerror=alert(1)>']);
      assert.doesNotMatch(overlay.frames.join('\n'), /INCENTIVE-DONOR-NAME|INCENTIVE-PENDING-MESSAGE|PENDING-OPTION-NAME|suggested_waiting|external/);
    } finally {
      overlay.close();
    }
  });

  it('in mode none shows donations at once, without their message below the overlay minimum', async () => {
    const settings = await t.api('PUT', '/api/screening/settings', { mode: 'none', words: [], overlay_min: { value: '5.00', currency: 'EUR' } });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    const overlay = await listen(t.core.url, OVERLAY_NAMESPACE, { key });
    try {
      const small = await t.hook(source.id, source.secret, donationBody('n-1', '1.00', 'EUR', { donor: { name: 'Small Sam' }, message: 'SMALL-MESSAGE' }));
      const large = await t.hook(source.id, source.secret, donationBody('n-2', '25.00', 'EUR', { donor: { name: 'Large Lou' }, message: 'LARGE-MESSAGE' }));
      const shown = await until(
        'both donations',
        async () => changesOf(overlay).filter((c) => c.type === 'donation').map((c) => c.donation),
        (list) => list.length === 2,
        200,
        25,
      );
      const byId = new Map((shown as OverlayDonationView[]).map((d) => [d.id, d]));
      assert.equal(byId.get(small.body.id)?.message, null);
      assert.equal(byId.get(large.body.id)?.message, 'LARGE-MESSAGE');
      assert.doesNotMatch(overlay.frames.join('\n'), /SMALL-MESSAGE/);
    } finally {
      overlay.close();
      await t.api('PUT', '/api/screening/settings', { mode: 'one_pass', words: [], overlay_min: null });
    }
  });
});
