// Team events against real nats-server processes (JWT operator mode, memory resolver) started
// here on free ports: three desks in one team, each a real core with its SQLite file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import { teamMessageId, teamStreamName, teamSubject } from '../../shared/team.js';
import { type TestCore, donationBody, startTestCore } from '../testing/harness.js';
import { type NatsServerProcess, type TestOperator, removeNatsServer, startNatsServer, testOperator } from '../testing/nats-server.js';
import { until } from '../testing/until.js';
import { mintAdminCreds } from './credentials.js';
import { decodeInvite } from './invite.js';

let operator: TestOperator;
let nats: NatsServerProcess;
const desks: { t: TestCore; name: string; source: { id: string; secret: string }; invite?: string }[] = [];

const accepted = (answer: { status: number; body: unknown }) => assert.ok(answer.status === 200 || answer.status === 201, JSON.stringify(answer.body));
const team = (t: TestCore) => t.api('GET', '/api/team').then((r) => r.body);
const raisedMinor = async (t: TestCore) => Math.round(Number((await t.api('GET', '/api/totals')).body.raised.value) * 100);
const sumOfDesks = async () => (await Promise.all(desks.map((d) => raisedMinor(d.t)))).reduce((a, b) => a + b, 0);
/** Every desk's reader shows the team total equal to the sum of the desks' own totals, to the cent. */
async function converged(what: string, tries = 600): Promise<number> {
  const expected = await sumOfDesks();
  for (const d of desks) {
    await until(`${what}: ${d.name}'s team total`, () => team(d.t), (v) => v.total_minor === expected, tries, 50);
  }
  return expected;
}

before(async () => {
  operator = await testOperator();
  nats = await startNatsServer({ operator });
  for (const name of ['Organizer', 'Lyon', 'Dakar']) {
    const t = await startTestCore();
    const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;
    desks.push({ t, name, source: { id: source.id, secret: source.secret } });
  }
  // The organizer had money before the team existed: it opens its desk's balance.
  const first = desks[0]!;
  accepted(await first.t.hook(first.source.id, first.source.secret, donationBody('before-team', '7.77')));
});

after(async () => {
  for (const d of desks) await d.t.close();
  await removeNatsServer(nats);
});

describe('a team of three desks on NATS JetStream', () => {
  it('sets up the team: a stream, an invite per desk shown once, desks join', async () => {
    const organizer = desks[0]!.t;
    const created = await organizer.api('POST', '/api/team', {
      name: 'Rohingya relay', goal: '100000.00', currency: 'EUR', servers: [nats.url], account_seed: operator.accountSeed, desk_name: 'Organizer', duplicate_window_s: 60,
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.team.organizer, true);
    for (const d of desks.slice(1)) {
      const invited = await organizer.api('POST', '/api/team/invites', { desk_name: d.name });
      assert.equal(invited.status, 200, JSON.stringify(invited.body));
      d.invite = invited.body.invite;
      const joined = await d.t.api('POST', '/api/team/join', { invite: d.invite });
      assert.equal(joined.status, 200, JSON.stringify(joined.body));
      assert.equal(joined.body.team.organizer, false);
    }
    // A viewer of a desk reads the team, never its errors; a viewer cannot invite.
    assert.equal((await desks[1]!.t.api('POST', '/api/team/join', { invite: desks[1]!.invite })).status, 409);
    assert.equal((await organizer.api('POST', '/api/team/join', { invite: 'not an invite' })).status, 409);
    assert.equal((await desks[2]!.t.api('POST', '/api/team/invites', { desk_name: 'X' })).status, 409);
  });

  it('team total equals the sum of the desks to the cent, a refund on one desk moves it back', async () => {
    const amounts = ['12.34', '0.01', '99.99', '5.55', '1000.00', '3.21'];
    for (const [i, d] of desks.entries()) {
      for (const [j, value] of amounts.entries()) {
        accepted(await d.t.hook(d.source.id, d.source.secret, donationBody(`d${i}-${j}`, value)));
      }
    }
    const before = await converged('after donations');
    assert.equal(before, 777 + 3 * 112110);
    const lyon = desks[1]!;
    accepted(await lyon.t.hook(lyon.source.id, lyon.source.secret, { ...donationBody('refund-1', '99.99'), type: 'refund', refunds: 'd1-2' }));
    const afterRefund = await converged('after the refund');
    assert.equal(afterRefund, before - 9999);
    const view = await team(desks[2]!.t);
    const lyonView = view.desks.find((d: { name: string }) => d.name === 'Lyon');
    assert.equal(lyonView.raised.value, '1021.11');
    assert.equal(lyonView.refunds, 1);
    assert.equal(view.total.value, (afterRefund / 100).toFixed(2));
  });

  it('counts target mentions across desks with exact distinct callers, by hashed caller id', async () => {
    const now = Date.now();
    for (const [i, d] of desks.entries()) {
      const target = await d.t.api('POST', '/api/targets', { name: 'YouTube', hashtags: ['YoutubeHelpRohingya'], ask: 'Match donations', call_starts_at: new Date(now - 60_000).toISOString() });
      assert.equal(target.status, 201, JSON.stringify(target.body));
      // viewer-1 and viewer-2 chat on every desk; viewer-<desk> only on theirs.
      for (const user of ['twitch:1', 'twitch:2', `twitch:10${i}`]) {
        d.t.core.services.ingest.chat({ sourceId: d.source.id, externalId: `chat-${i}-${user}`, userKey: user, displayName: user, text: 'Please #YoutubeHelpRohingya', occurredAt: now });
      }
      d.t.core.services.ingest.flushChat();
    }
    const board = await until('team board', () => team(desks[0]!.t), (v) => v.targets.some((t: { mentions: number }) => t.mentions === 9), 400, 50);
    const youtube = board.targets.find((t: { key: string }) => t.key === 'youtube');
    assert.equal(youtube.mentions, 9);
    assert.equal(youtube.callers, 5, 'viewers 1 and 2 once each, plus one per desk');
    const messages = board.desks.reduce((sum: number, d: { messages: number }) => sum + d.messages, 0);
    assert.equal(messages, 9);
  });

  it('puts the first confirmed answer on the team board, with the desk where it appeared', async () => {
    const lyon = desks[1]!.t;
    const target = (await lyon.api('GET', '/api/targets')).body.targets.find((t: { name: string }) => t.name === 'YouTube');
    const mod = (await lyon.api('POST', '/api/invites', { role: 'moderator', name: 'Mina' })).body.token;
    const flagged = await lyon.api('POST', `/api/targets/${target.id}/responses`, { kind: 'commitment', quote: 'We will match every donation', url: 'https://example.org/yt' }, mod);
    assert.equal(flagged.status, 201, JSON.stringify(flagged.body));
    assert.equal((await lyon.api('POST', `/api/responses/${flagged.body.response.id}/confirm`)).status, 200);
    const board = await until('the answer on the organizer\'s board', () => team(desks[0]!.t), (v) => v.targets.some((t: { first_answer: unknown }) => t.first_answer !== null), 400, 50);
    const youtube = board.targets.find((t: { key: string }) => t.key === 'youtube');
    assert.equal(youtube.first_answer.desk_name, 'Lyon');
    assert.equal(youtube.first_answer.kind, 'commitment');
  });

  it("refuses a desk's credentials on another desk's subject", async () => {
    const lyon = decodeInvite(desks[1]!.invite!)!;
    const dakar = decodeInvite(desks[2]!.invite!)!;
    const nc = await connect({ servers: nats.url, authenticator: credsAuthenticator(new TextEncoder().encode(lyon.creds!)) });
    try {
      const js = jetstream(nc, { timeout: 2_000 });
      await assert.rejects(
        js.publish(teamSubject(dakar.team_id, dakar.desk_id, 'donation'), '{}', { msgID: 'forged:1' }),
        (error: Error) => /permissions violation/i.test(error.message),
      );
      // Its own subject is allowed; so is reading the team stream.
      const own = await js.publish(teamSubject(lyon.team_id, lyon.desk_id, 'chat'), 'not a fact', { msgID: 'lyon:garbage' });
      assert.equal(own.duplicate, false);
    } finally {
      await nc.close();
    }
    // The garbage is refused by every reader and changes nothing.
    await converged('after a malformed message');
  });

  it('keeps working alone while NATS is away, then converges exactly', async () => {
    await nats.kill();
    const dakar = desks[2]!;
    const started = Date.now();
    for (let j = 0; j < 20; j += 1) {
      accepted(await dakar.t.hook(dakar.source.id, dakar.source.secret, donationBody(`offline-${j}`, `1.${String(j).padStart(2, '0')}`)));
    }
    assert.ok(Date.now() - started < 5_000, 'the desk never waits on NATS');
    const waiting = await team(dakar.t);
    assert.ok(waiting.health.outbox_waiting >= 20, `outbox ${waiting.health.outbox_waiting}`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await nats.start();
    await converged('after NATS came back', 800);
    assert.equal((await team(dakar.t)).health.outbox_waiting, 0);
  });

  it('counts a message redelivered after the de-duplication window once', async () => {
    const lyon = decodeInvite(desks[1]!.invite!)!;
    const admin = await connect({ servers: nats.url, authenticator: credsAuthenticator(new TextEncoder().encode(await mintAdminCreds(operator.accountSeed))) });
    const jsm = await jetstreamManager(admin);
    const stream = teamStreamName(lyon.team_id);
    const info = await jsm.streams.info(stream);
    await jsm.streams.update(stream, { ...info.config, duplicate_window: 1_000_000_000 });
    // Lyon's first money fact, as the stream holds it.
    const first = await jsm.streams.getMessage(stream, { last_by_subj: teamSubject(lyon.team_id, lyon.desk_id, 'donation') });
    assert.ok(first, 'Lyon has a donation in the stream');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const before = await sumOfDesks();
    const lastSeqBefore = info.state.last_seq;
    const nc = await connect({ servers: nats.url, authenticator: credsAuthenticator(new TextEncoder().encode(lyon.creds!)) });
    const ack = await jetstream(nc).publish(first.subject, first.data, { msgID: first.header.get('Nats-Msg-Id') || teamMessageId(lyon.desk_id, 1) });
    assert.equal(ack.duplicate, false, 'past the window the stream stores it again');
    assert.ok(ack.seq > lastSeqBefore);
    await nc.close();
    await admin.close();
    for (const d of desks) await until(`${d.name} read past the copy`, () => team(d.t), (v) => v.health.reader_stream_seq >= ack.seq, 400, 50);
    assert.equal(await converged('after the late copy'), before);
  });

  it('a revoked desk stops publishing; removing it takes its money out, with a reason in the audit', async () => {
    const organizer = desks[0]!.t;
    const dakar = desks[2]!;
    const dakarId = (await team(dakar.t)).desk_id;
    const dakarMinor = (await team(organizer)).desks.find((d: { desk_id: string }) => d.desk_id === dakarId).raised_minor;
    assert.equal((await organizer.api('POST', `/api/team/desks/${dakarId}/revoke`, { reason: 'left the event' })).status, 200);
    await until('Dakar reads its revocation', () => team(dakar.t), (v) => v.health.stopped_reason !== null, 400, 50);
    await dakar.t.hook(dakar.source.id, dakar.source.secret, donationBody('after-revoke', '50.00'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stillCounted = await team(organizer);
    assert.equal(stillCounted.desks.find((d: { desk_id: string }) => d.desk_id === dakarId).raised_minor, dakarMinor, 'what it sent stays; nothing after');
    const total = stillCounted.total_minor;
    assert.equal((await organizer.api('POST', `/api/team/desks/${dakarId}/remove`, {})).status, 422, 'a reason is required');
    assert.equal((await organizer.api('POST', `/api/team/desks/${dakarId}/remove`, { reason: 'donations not for this cause' })).status, 200);
    for (const d of desks.slice(0, 2)) await until(`${d.name} removed Dakar`, () => team(d.t), (v) => v.total_minor === total - dakarMinor, 400, 50);
    const audit = organizer.core.db.prepare('SELECT action, reason FROM team_audit WHERE desk_id = ? ORDER BY id').all(dakarId);
    assert.deepEqual(audit, [
      { action: 'invite', reason: null },
      { action: 'revoke', reason: 'left the event' },
      { action: 'remove', reason: 'donations not for this cause' },
    ]);
  });
});
