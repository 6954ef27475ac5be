// Issue 16's leftovers against a real nats-server (JWT operator mode) started here: chat sent to
// the team once a second, money converted late sent again with a version, desks' heartbeats and
// "silent since", and the Team tab's changes pushed over the staff socket by role.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { STAFF_NAMESPACE, type SequencedBatch, type StaffChange, unbatch } from '../../shared/contract.js';
import { type TeamFactBody, teamBeatSubjects } from '../../shared/team.js';
import { openDatabase } from '../store/database.js';
import { TEST_TOKEN, type TestCore, donationBody, startTestCore, tempDir } from '../testing/harness.js';
import { type NatsServerProcess, type TestOperator, removeNatsServer, startNatsServer, testOperator } from '../testing/nats-server.js';
import { until } from '../testing/until.js';
import { decodeInvite } from './invite.js';
import { type StreamMessage, TeamLedger } from './ledger.js';
import { TeamPublisher } from './publisher.js';
import { TeamReader } from './reader.js';

let operator: TestOperator;
let nats: NatsServerProcess;
const desks: { t: TestCore; name: string; source: { id: string; secret: string }; invite?: string }[] = [];
const sockets: Socket[] = [];
const folder = tempDir('telethon-team-leftovers-');

const accepted = (answer: { status: number; body: unknown }) => assert.ok(answer.status === 200 || answer.status === 201, JSON.stringify(answer.body));
const team = (t: TestCore) => t.api('GET', '/api/team').then((r) => r.body);
const raisedMinor = async (t: TestCore) => Math.round(Number((await t.api('GET', '/api/totals')).body.raised.value) * 100);
const sumOfDesks = async () => (await Promise.all(desks.map((d) => raisedMinor(d.t)))).reduce((a, b) => a + b, 0);
async function converged(what: string): Promise<number> {
  const expected = await sumOfDesks();
  for (const d of desks) await until(`${what}: ${d.name}'s team total`, () => team(d.t), (v) => v.total_minor === expected, 600, 50);
  return expected;
}

before(async () => {
  operator = await testOperator();
  nats = await startNatsServer({ operator });
  for (const name of ['Organizer', 'Lyon']) {
    const t = await startTestCore();
    const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;
    desks.push({ t, name, source: { id: source.id, secret: source.secret } });
  }
  const organizer = desks[0]!.t;
  const created = await organizer.api('POST', '/api/team', { name: 'Relay', goal: '5000.00', currency: 'EUR', servers: [nats.url], account_seed: operator.accountSeed, desk_name: 'Organizer' });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const lyon = desks[1]!;
  lyon.invite = (await organizer.api('POST', '/api/team/invites', { desk_name: 'Lyon' })).body.invite;
  assert.equal((await lyon.t.api('POST', '/api/team/join', { invite: lyon.invite })).status, 200);
});

after(async () => {
  for (const socket of sockets) socket.close();
  for (const d of desks) await d.t.close();
  await removeNatsServer(nats);
  folder.remove();
});

describe('team events: chat once a second, late conversions, heartbeats, pushed changes', () => {
  it('sends the chat batches of one second as one fact, with exact counts', async () => {
    const lyon = desks[1]!;
    const chatRows = () => (lyon.t.core.db.prepare("SELECT COUNT(*) AS n FROM team_outbox WHERE kind = 'chat'").get() as { n: number }).n;
    const before = chatRows();
    const now = Date.now();
    // Three chat batches (the ingest commits one every 50 ms at peak): 7 messages.
    for (const [batch, count] of [3, 2, 2].entries()) {
      for (let i = 0; i < count; i += 1) {
        lyon.t.core.services.ingest.chat({ sourceId: lyon.source.id, externalId: `c-${batch}-${i}`, userKey: `twitch:${i}`, displayName: `v${i}`, text: 'hello', occurredAt: now });
      }
      lyon.t.core.services.ingest.flushChat();
    }
    // Kept in the chat's own transactions until the second is over (a crash loses nothing).
    const pending = lyon.t.core.db.prepare('SELECT body FROM team_chat_pending WHERE id = 1').get() as { body: string } | undefined;
    assert.ok(pending, 'the counts wait in team_chat_pending');
    const body = JSON.parse(pending.body) as Extract<TeamFactBody, { kind: 'chat' }>;
    assert.equal(body.minutes.reduce((sum, m) => sum + m.messages, 0), 7);
    await until('one chat fact for the second', async () => chatRows(), (n) => n === before + 1, 200, 25);
    const organizerView = await until('the organizer counts 7 messages from Lyon', () => team(desks[0]!.t), (v) => v.desks.some((d: { name: string; messages: number }) => d.name === 'Lyon' && d.messages === 7), 400, 50);
    assert.equal(organizerView.desks.find((d: { name: string }) => d.name === 'Lyon').messages, 7);
    assert.equal(chatRows(), before + 1, 'three batches, one fact');
    assert.equal((lyon.t.core.db.prepare('SELECT COUNT(*) AS n FROM team_chat_pending').get() as { n: number }).n, 0);
  });

  it('sends a donation again with its amount when its rate comes later, and the team total stays exact', async () => {
    const lyon = desks[1]!;
    accepted(await lyon.t.hook(lyon.source.id, lyon.source.secret, donationBody('eur-1', '10.00')));
    lyon.t.core.db.prepare("DELETE FROM exchange_rates WHERE currency = 'JPY'").run();
    accepted(await lyon.t.hook(lyon.source.id, lyon.source.secret, donationBody('jpy-1', '1000', 'JPY')));
    await converged('before the rate');
    const waiting = await until('the organizer knows Lyon has one unconverted', () => team(desks[0]!.t), (v) => v.desks.some((d: { name: string; unconverted: number }) => d.name === 'Lyon' && d.unconverted === 1), 400, 50);
    const lyonBefore = waiting.desks.find((d: { name: string }) => d.name === 'Lyon').raised_minor;
    assert.equal(lyonBefore, 1000);

    const rated = await lyon.t.api('PUT', '/api/rates', { rates: [{ currency: 'JPY', rate: '0.0061' }] });
    assert.equal(rated.status, 200, JSON.stringify(rated.body));
    assert.equal(rated.body.converted, 1);
    const total = await converged('after the rate');
    const view = await team(desks[0]!.t);
    const lyonAfter = view.desks.find((d: { name: string }) => d.name === 'Lyon');
    assert.equal(lyonAfter.raised_minor, 1000 + 610, '¥1000 at 0.0061 is €6.10');
    assert.equal(lyonAfter.unconverted, 0);
    assert.equal(lyonAfter.donations, 2, 'the same donation, counted once');
    assert.equal(view.total_minor, total);
    const resent = lyon.t.core.db.prepare("SELECT body FROM team_outbox WHERE kind = 'donation' ORDER BY seq DESC LIMIT 1").get() as { body: string };
    assert.equal(JSON.parse(resent.body).version, 2);
    // Setting the rate again converts nothing and sends nothing.
    const rows = (lyon.t.core.db.prepare('SELECT COUNT(*) AS n FROM team_outbox').get() as { n: number }).n;
    assert.equal((await lyon.t.api('PUT', '/api/rates', { rates: [{ currency: 'JPY', rate: '0.0062' }] })).body.converted, 0);
    assert.equal((lyon.t.core.db.prepare('SELECT COUNT(*) AS n FROM team_outbox').get() as { n: number }).n, rows);
  });

  it('keeps the highest version of each money event, whatever arrives twice or late', () => {
    const db = openDatabase(join(folder.path, 'ledger.sqlite'));
    try {
      const ledger = new TeamLedger(db, { teamId: 'T1', organizerDeskId: 'org' });
      let streamSeq = 0;
      const message = (seq: number, teamMinor: number | null, version?: number): StreamMessage => {
        streamSeq += 1;
        const body = { kind: 'donation', minute: 1, amount: { minor: 1000, currency: 'JPY' }, campaign_minor: teamMinor, campaign_currency: 'EUR', rate: teamMinor === null ? null : '0.0061', team_minor: teamMinor, team_rate: '1', event_seq: 42, donation_seq: null, ...(version ? { version } : {}) };
        return { subject: 'team.T1.desk.d1.donation', data: JSON.stringify({ v: 1, team: 'T1', desk: 'd1', desk_name: 'D1', seq, at: 1, fact: body }), streamSeq, storedAt: 1 };
      };
      const desk = () => db.prepare("SELECT raised_minor, donations, unconverted FROM team_desks WHERE desk_id = 'd1'").get();
      ledger.apply([message(1, null)]);
      assert.deepEqual(desk(), { raised_minor: 0, donations: 1, unconverted: 1 });
      ledger.apply([message(2, 610, 2)]);
      assert.deepEqual(desk(), { raised_minor: 610, donations: 1, unconverted: 0 });
      // The same version again under another seq (a resend after a crash), and the first version late.
      ledger.apply([message(3, 610, 2), message(4, null, 1)]);
      assert.deepEqual(desk(), { raised_minor: 610, donations: 1, unconverted: 0 });
      assert.equal((db.prepare("SELECT SUM(raised_minor) AS n FROM team_minutes WHERE desk_id = 'd1'").get() as { n: number }).n, 610);
    } finally {
      db.close();
    }
  });

  it("hears each desk's heartbeat, and stops when the desk goes quiet", async () => {
    const lyon = decodeInvite(desks[1]!.invite!)!;
    const db = openDatabase(join(folder.path, 'beats.sqlite'));
    const ledger = new TeamLedger(db, { teamId: lyon.team_id, organizerDeskId: lyon.organizer_desk });
    const reader = new TeamReader({ servers: [nats.url], creds: lyon.creds, stream: lyon.stream, name: 'beat reader', beats: teamBeatSubjects(lyon.team_id) }, ledger);
    const membership = { teamId: lyon.team_id, teamName: lyon.team_name, deskId: lyon.desk_id, deskName: lyon.desk_name, organizerDeskId: lyon.organizer_desk, teamCurrency: 'EUR', teamGoalMinor: 1, teamRate: '1', servers: [nats.url], stream: lyon.stream, joinedAt: 0, publishedSeq: 0, stoppedReason: null };
    const quiet = { next: () => [], markPublished: () => undefined, waiting: () => 0 };
    const beating = new TeamPublisher(membership, quiet, lyon.creds, { heartbeatMs: 200 });
    const heartbeatAt = () => (db.prepare('SELECT heartbeat_at AS at FROM team_desks WHERE desk_id = ?').get(lyon.desk_id) as { at: number | null } | undefined)?.at ?? null;
    try {
      reader.start();
      await until('the reader knows Lyon', async () => ledger.position(), (p) => p > 0, 400, 50);
      beating.start();
      const first = await until('a heartbeat', async () => heartbeatAt(), (at) => at !== null, 200, 50);
      await until('another heartbeat', async () => heartbeatAt(), (at) => at !== null && at > first!, 200, 50);
      await beating.stop();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const last = heartbeatAt();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(heartbeatAt(), last, 'no heartbeat once the desk stopped');
    } finally {
      await beating.stop();
      await reader.stop();
      db.close();
    }
  });

  it('says since when a desk is silent on the board, and nothing while it is heard', async () => {
    const organizer = desks[0]!.t;
    const lyonId = decodeInvite(desks[1]!.invite!)!.desk_id;
    const longAgo = Date.now() - 10 * 60_000;
    organizer.core.db.prepare('UPDATE team_desks SET heartbeat_at = ?, last_fact_at = ? WHERE desk_id = ?').run(longAgo, longAgo, lyonId);
    const silent = (await team(organizer)).desks.find((d: { desk_id: string }) => d.desk_id === lyonId);
    assert.equal(silent.silent_since, new Date(longAgo).toISOString());
    organizer.core.db.prepare('UPDATE team_desks SET heartbeat_at = ? WHERE desk_id = ?').run(Date.now(), lyonId);
    const heard = (await team(organizer)).desks.find((d: { desk_id: string }) => d.desk_id === lyonId);
    assert.equal(heard.silent_since, null);
    const self = (await team(organizer)).desks.find((d: { name: string }) => d.name === 'Organizer');
    assert.equal(self.silent_since, null, 'a connected desk hears itself');
  });

  it("pushes the team's changes over the staff socket, the owner's errors to the owner only", async () => {
    const lyon = desks[1]!;
    const viewerToken = (await lyon.t.api('POST', '/api/invites', { role: 'viewer', name: 'Vic' })).body.token;
    const listen = (token: string) => {
      const socket = io(`${lyon.t.core.url}${STAFF_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      const changes: StaffChange[] = [];
      socket.on('changes', (batch: SequencedBatch<StaffChange>) => changes.push(...unbatch(batch).map((c) => c.change)));
      return changes;
    };
    const viewer = listen(viewerToken);
    const owner = listen(TEST_TOKEN);
    const organizer = desks[0]!;
    accepted(await organizer.t.hook(organizer.source.id, organizer.source.secret, donationBody('pushed-1', '123.45')));
    const expected = await sumOfDesks();
    const pushed = await until('the viewer is told the new team total', async () => viewer, (list) => list.some((c) => c.type === 'team' && c.team.total_minor === expected), 400, 50);
    const last = pushed.filter((c) => c.type === 'team').at(-1);
    assert.ok(last && last.type === 'team');
    assert.equal(last.team.health.last_error, null);
    assert.ok(!viewer.some((c) => c.type === 'team_error'), "a viewer never gets the desk's errors");
    await until('the owner is told too', async () => owner, (list) => list.some((c) => c.type === 'team' && c.team.total_minor === expected), 400, 50);
  });
});
