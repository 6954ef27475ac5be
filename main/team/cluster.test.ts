// A 3-node JetStream cluster (own ports, cluster routes, operator/JWT mode) with an R3 team
// stream: the stream's leader is killed in the middle of a donation burst; nothing JetStream
// acknowledged is lost and the team total comes out exact.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import { type TestCore, donationBody, startTestCore } from '../testing/harness.js';
import { startNatsCluster, testOperator } from '../testing/nats-server.js';
import { until } from '../testing/until.js';
import { mintAdminCreds } from './credentials.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const step of cleanup.reverse()) await step();
});

const BURST = 240;

describe('an R3 team stream on a 3-node cluster', () => {
  it('loses nothing acknowledged when the stream leader is killed mid-burst', async () => {
    const operator = await testOperator();
    const cluster = await startNatsCluster(operator);
    cleanup.push(() => cluster.remove());
    const organizer = await startTestCore();
    const desk = await startTestCore();
    cleanup.push(() => organizer.close(), () => desk.close());

    // The cluster needs a moment to elect its meta leader before a stream can be made.
    const created = await until(
      'the team stream is created with 3 replicas',
      () => organizer.api('POST', '/api/team', { name: 'R3', goal: '1000.00', currency: 'EUR', servers: cluster.urls, account_seed: operator.accountSeed, replicas: 3, desk_name: 'Organizer' }),
      (r) => r.status === 200,
      60,
      500,
    );
    const teamId = created.body.team.team_id as string;
    const invite = (await organizer.api('POST', '/api/team/invites', { desk_name: 'Burst' })).body.invite;
    assert.equal((await desk.api('POST', '/api/team/join', { invite })).status, 200);
    const source = (await desk.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;

    const admin = await connect({ servers: cluster.urls, authenticator: credsAuthenticator(new TextEncoder().encode(await mintAdminCreds(operator.accountSeed))) });
    const jsm = await jetstreamManager(admin);
    const info = await jsm.streams.info(`TEAM_${teamId}`);
    assert.equal(info.config.num_replicas, 3);
    const leader = cluster.nodes.find((n) => `n${cluster.nodes.indexOf(n) + 1}` === info.cluster?.leader);
    assert.ok(leader, `leader ${info.cluster?.leader}`);
    await admin.close();

    let acknowledged = 0;
    let killed = false;
    let next = 0;
    const worker = async () => {
      while (next < BURST) {
        const i = next++;
        const answer = await desk.hook(source.id, source.secret, donationBody(`burst-${i}`, `1.${String(i % 100).padStart(2, '0')}`));
        assert.ok(answer.status === 200 || answer.status === 201, JSON.stringify(answer.body));
        acknowledged += 1;
        if (!killed && acknowledged >= BURST / 3) {
          killed = true;
          await leader.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.ok(killed);

    const deskTotal = Math.round(Number((await desk.api('GET', '/api/totals')).body.raised.value) * 100);
    const expected = deskTotal + organizer.core.services.team.ownTeamMinor();
    for (const t of [organizer, desk]) {
      await until('the team total on both desks', () => t.api('GET', '/api/team').then((r) => r.body), (v) => v.total_minor === expected && v.health.outbox_waiting === 0, 1_200, 50);
    }
    const deskId = (await desk.api('GET', '/api/team')).body.desk_id as string;
    const outbox = desk.core.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM team_outbox').get()!.n;
    const applied = organizer.core.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM team_applied WHERE desk_id = ?').get(deskId)!.n;
    assert.equal(applied, outbox, 'every fact the desk wrote was applied once');
  });
});
