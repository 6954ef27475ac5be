// The owner's alert tiers and the test alert, against a real core on 127.0.0.1 with a real
// socket.io overlay client: stored, audited, owner only, told to the overlays at once; a test
// alert reaches the overlays and counts nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OVERLAY_NAMESPACE } from '../../shared/contract.js';
import { type TestCore, donationBody, startTestCore } from '../testing/harness.js';
import { type SocketListener, changesHeard, listenTo } from '../testing/socket-listener.js';
import { until } from '../testing/until.js';

const TIERS = [
  { from: '0', duration_s: 5, look: 'standard', sound: 'chime', volume: 60 },
  { from: '20', duration_s: 8, look: 'big', sound: 'coins', volume: 70 },
  { from: '100.00', duration_s: 12, look: 'epic', sound: 'fanfare', volume: 80 },
];

let t: TestCore;
let overlay: SocketListener;
let moderatorToken: string;

before(async () => {
  t = await startTestCore();
  const key = (await t.api('GET', '/api/overlay')).body.key as string;
  overlay = await listenTo(t.core.url, OVERLAY_NAMESPACE, { key });
  await until('snapshot', async () => overlay.events.length, (n) => n > 0);
  moderatorToken = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' })).body.token;
});
after(async () => {
  overlay.close();
  await t.close();
});

describe('alert tiers', () => {
  it('start empty, in the overlay snapshot too', async () => {
    assert.deepEqual((await t.api('GET', '/api/overlay/alerts')).body, { tiers: [], early: false });
    assert.deepEqual(overlay.events[0]!.payload.alerts, { tiers: [], early: false });
  });

  it('are saved by the owner only, written exactly, audited and sent to the overlays', async () => {
    assert.equal((await t.api('PUT', '/api/overlay/alerts', { tiers: TIERS }, moderatorToken)).status, 403);
    assert.equal((await t.api('GET', '/api/overlay/alerts', undefined, moderatorToken)).status, 403);
    const saved = await t.api('PUT', '/api/overlay/alerts', { tiers: TIERS });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.tiers.map((tier: { from: string }) => tier.from), ['0.00', '20.00', '100.00']);
    assert.deepEqual((await t.api('GET', '/api/overlay/alerts')).body, saved.body);
    const change = await until('alert_settings change', async () => changesHeard(overlay).filter((c) => c.type === 'alert_settings'), (l) => l.length > 0);
    assert.deepEqual(change[0].alerts, saved.body);
    const audit = (await t.api('GET', '/api/audit')).body.entries as { subject: { id: string }; action: string; to_state: string | null }[];
    const entry = audit.find((e) => e.subject.id === 'alerts');
    assert.equal(entry?.action, 'update');
    assert.match(entry?.to_state ?? '', /^0\.00 5s standard chime 60%; 20\.00 8s big coins 70%; 100\.00 12s epic fanfare 80% \(EUR\)$/);
    assert.equal(saved.body.early, false);
  });

  it('refuses tiers that are not exact in the campaign currency, out of order, or not from 0', async () => {
    const refuse = async (tiers: unknown, pattern: RegExp) => {
      const answer = await t.api('PUT', '/api/overlay/alerts', { tiers });
      assert.equal(answer.status, 422, JSON.stringify(answer.body));
      assert.match(JSON.stringify(answer.body), pattern);
    };
    await refuse([{ ...TIERS[0], from: '0.001' }], /decimal places/);
    await refuse([TIERS[1]], /start from 0/);
    await refuse([TIERS[0], TIERS[2], TIERS[1]], /above tier 2/);
    await refuse([{ ...TIERS[0], look: 'flashing' }], /look/);
    await refuse([{ ...TIERS[0], volume: 101 }], /volume/);
    await refuse([{ ...TIERS[0], duration_s: 0.5 }], /duration_s/);
    await refuse([{ ...TIERS[0], from: '<b>0</b>' }], /from/);
  });
});

describe('the test alert', () => {
  it('reaches every overlay in the tier asked for, is audited, and counts nothing', async () => {
    const totalsBefore = (await t.api('GET', '/api/totals')).body;
    const donationsBefore = (await t.api('GET', '/api/donations')).body;
    assert.equal((await t.api('POST', '/api/overlay/test-alert', { tier: 2 }, moderatorToken)).status, 403);
    assert.equal((await t.api('POST', '/api/overlay/test-alert', { tier: 5 })).status, 422);
    const sent = await t.api('POST', '/api/overlay/test-alert', { tier: 2 });
    assert.deepEqual(sent.body, { sent: true });
    const tests = await until('test_alert change', async () => changesHeard(overlay).filter((c) => c.type === 'test_alert'), (l) => l.length > 0);
    assert.deepEqual(tests, [{ type: 'test_alert', tier: 2 }]);
    assert.deepEqual((await t.api('GET', '/api/donations')).body, donationsBefore);
    const totalsAfter = (await t.api('GET', '/api/totals')).body;
    assert.deepEqual({ ...totalsAfter, updated_at: null }, { ...totalsBefore, updated_at: null });
    assert.ok(!changesHeard(overlay).some((c) => c.type === 'totals' || c.type === 'donation'));
    const audit = (await t.api('GET', '/api/audit')).body.entries as { subject: { id: string }; action: string; to_state: string | null }[];
    assert.equal(audit.find((e) => e.subject.id === 'test_alert')?.to_state, 'tier 3');
  });
});

describe('early alerts (name and amount before the message is screened)', () => {
  it('send a waiting donation to the overlays without its message, and nothing of an anonymous donor; off by default', async () => {
    const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body as { id: string; secret: string };
    assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'one_pass', words: [], overlay_min: null })).status, 200);
    const donate = async (id: string, name: string, message: string, anonymous = false) => {
      const answer = await t.hook(source.id, source.secret, donationBody(id, '30.00', 'EUR', { donor: { name, anonymous }, message }));
      assert.equal(answer.status, 201);
      return answer.body.id as number;
    };
    const early = () => changesHeard(overlay).filter((c) => c.type === 'donation_early');
    const before = await donate('e-0', 'BEFORE-NAME', 'BEFORE-MESSAGE');
    assert.equal((await t.api('PUT', '/api/overlay/alerts', { tiers: TIERS, early: true })).status, 200);
    assert.equal((await t.api('GET', '/api/overlay/alerts')).body.early, true);
    const named = await donate('e-1', 'EARLY-NAME', 'UNSCREENED-MESSAGE-1');
    const hidden = await donate('e-2', 'ANONYMOUS-EARLY-NAME', 'UNSCREENED-MESSAGE-2', true);
    const heard = await until('early alerts', async () => early(), (list) => list.length === 2);
    assert.deepEqual(heard.map((c) => [c.donation.id, c.donation.donor_name, c.donation.message, c.donation.amount.value]), [
      [named, 'EARLY-NAME', null, '30.00'],
      [hidden, null, null, '30.00'],
    ]);
    assert.ok(!heard.some((c) => c.donation.id === before), 'off when it arrived');
    assert.doesNotMatch(overlay.frames.join('\n'), /UNSCREENED-MESSAGE|ANONYMOUS-EARLY-NAME/);
    // The ticker is not told: only approval makes a donation visible there.
    assert.ok(!changesHeard(overlay).some((c) => c.type === 'donation' && c.donation.id === named));
    // Screening off: approved at once, the usual alert; no early one.
    assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'none', words: [], overlay_min: null })).status, 200);
    const approved = await donate('e-3', 'APPROVED-NAME', 'APPROVED-MESSAGE');
    await until('approved donation', async () => changesHeard(overlay).some((c) => c.type === 'donation' && c.donation.id === approved), Boolean);
    assert.equal(early().length, 2);
  });
});
