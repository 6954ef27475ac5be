// A desk killed with kill -9 between its SQLite commit and its publish: the outbox delivers what it
// committed, once, after the restart. The desk is a real `npm run serve` process; NATS is a real
// nats-server (operator/JWT mode) started here; the organizer is a core in this process.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { donationBody, startTestCore, tempDir, type TestCore } from '../main/testing/harness.js';
import { removeNatsServer, startNatsServer, testOperator, type NatsServerProcess } from '../main/testing/nats-server.js';
import { until } from '../main/testing/until.js';
import { ownerApi, postSignedWebhook, startServer, type ServerProcess } from './support/server-process.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';

const temp = tempDir('telethon-team-crash-');
let nats: NatsServerProcess | null = null;
let organizer: TestCore | null = null;
let desk: ServerProcess | null = null;
after(async () => {
  if (desk) await desk.stop('SIGKILL').catch(() => undefined);
  await organizer?.close();
  if (nats) await removeNatsServer(nats);
  temp.remove();
});

const teamOf = async (url: string) => (await ownerApi(url, 'GET', '/api/team')).body;
const raisedMinor = async (url: string) => Math.round(Number((await ownerApi(url, 'GET', '/api/totals')).body.raised.value) * 100);

describe('kill -9 between the commit and the publish', () => {
  it('delivers every committed donation once after the restart, also those published whose ack was lost', async () => {
    const operator = await testOperator();
    nats = await startNatsServer({ operator });
    organizer = await startTestCore();
    const created = await organizer.api('POST', '/api/team', { name: 'Relay', goal: '5000.00', currency: 'EUR', servers: [nats.url], account_seed: operator.accountSeed, desk_name: 'Organizer' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const invite = (await organizer.api('POST', '/api/team/invites', { desk_name: 'Crashy' })).body.invite as string;

    const dir = join(temp.path, 'desk');
    desk = await startServer(dir);
    assert.equal((await ownerApi(desk.url, 'PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
    const source = (await ownerApi(desk.url, 'POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;
    assert.equal((await ownerApi(desk.url, 'POST', '/api/team/join', { invite })).status, 200);
    const post = async (url: string, id: string, value: string) => {
      const status = await postSignedWebhook(`${url}/hooks/${source.id}`, source.secret, donationBody(id, value));
      assert.ok(status === 200 || status === 201, `${id}: ${status}`);
    };
    const organizerSees = (expected: number, what: string) =>
      until(what, () => organizer!.api('GET', '/api/team').then((r) => r.body), (v) => v.total_minor === expected, 600, 50);

    // Published and acknowledged: the organizer has them.
    for (let i = 0; i < 10; i += 1) await post(desk.url, `acked-${i}`, `2.${String(i).padStart(2, '0')}`);
    await organizerSees(await raisedMinor(desk.url), 'the first ten reach the organizer');

    // NATS goes away; the desk commits 25 more (each answered only once on disk), then dies hard.
    await nats.kill();
    for (let i = 0; i < 25; i += 1) await post(desk.url, `committed-${i}`, `3.${String(i).padStart(2, '0')}`);
    const deskTotal = await raisedMinor(desk.url);
    assert.ok((await teamOf(desk.url)).health.outbox_waiting >= 25);
    desk.killAll();
    assert.equal(await desk.stop(), null, 'the desk died by SIGKILL');
    desk = null;

    // As if the kill had also come after the first ten were published but before their acks
    // moved the outbox: they will be sent again.
    const db = new Database(join(dir, 'telethon.sqlite'));
    const sent = db.prepare<[], { seq: number }>('SELECT published_seq AS seq FROM team_membership').get()!.seq;
    db.prepare('UPDATE team_membership SET published_seq = 0').run();
    const outboxRows = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM team_outbox').get()!.n;
    db.close();
    assert.ok(sent >= 11 && outboxRows >= sent + 25, `published ${sent} of ${outboxRows}`);

    await nats.start();
    desk = await startServer(dir);
    assert.equal(await raisedMinor(desk.url), deskTotal, 'the desk lost nothing it acknowledged');
    const organizerOwn = organizer.core.services.team.ownTeamMinor();
    try {
      await organizerSees(organizerOwn + deskTotal, 'the organizer converges after the restart');
    } catch (error) {
      console.log('DESK', JSON.stringify((await teamOf(desk.url)).health), JSON.stringify((await organizer.api('GET', '/api/team')).body.health));
      throw error;
    }
    await until('the desk published its whole outbox', () => teamOf(desk!.url), (v) => v.health.outbox_waiting === 0 && v.total_minor === organizerOwn + deskTotal, 600, 50);

    // Each fact applied exactly once on the organizer's side, whatever was sent twice.
    const deskId = (await teamOf(desk.url)).desk_id as string;
    const applied = organizer.core.db.prepare<[string], { n: number; max: number }>('SELECT COUNT(*) AS n, MAX(seq) AS max FROM team_applied WHERE desk_id = ?').get(deskId)!;
    assert.equal(applied.n, outboxRows);
    assert.equal(applied.max, outboxRows);
    assert.equal(await desk.stop(), 0);
    desk = null;
  });
});
