// Prizes against a real core (HTTP, socket.io, SQLite in a temporary folder): who enters, to the
// millisecond and the cent; a draw re-run from its record and the audit, and a tampered seed or
// list caught; redraws appended; the winners' export; and what viewers and the overlay see.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { OVERLAY_NAMESPACE, STAFF_NAMESPACE } from '../../shared/contract.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import type { PrizeDrawRecord, PrizeView, PublicPrizeView } from '../../shared/prizes.js';
import { type TestCore, startTestCore } from '../testing/harness.js';
import { changesHeard, listenTo } from '../testing/socket-listener.js';
import { until } from '../testing/until.js';
import { seededPicks } from './draw.js';

const OPENS = '2026-12-01T10:00:00.000Z';
const CLOSES = '2026-12-01T11:00:00.000Z';
const at = (iso: string, deltaMs = 0) => new Date(Date.parse(iso) + deltaMs).toISOString();

/** npm run prize-verify, as someone with the data folder runs it: its exit code and what it printed. */
function verifyFromTheCommandLine(dataDir: string, ...which: string[]): Promise<{ code: number | null; out: string }> {
  // Not spawnSync: the core under test runs in this process and must keep answering meanwhile.
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'main/prizes/verify-cli.ts', '--data-dir', dataDir, ...which], { cwd: root, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, out: stdout + stderr });
    });
  });
}

let t: TestCore;
let source: { id: string; secret: string };
const ids: Record<string, number> = {};

async function give(key: string, value: string, occurredAt: string, extra: Record<string, unknown> = {}, currency = 'EUR'): Promise<number> {
  const answer = await t.hook(source.id, source.secret, {
    id: key,
    type: 'donation',
    amount: { value, currency },
    donor: { name: `Donor ${key}` },
    message: 'for the camp',
    occurred_at: occurredAt,
    ...extra,
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  ids[key] = answer.body.id;
  return answer.body.id;
}

async function screen(id: number, decision: 'approve' | 'deny'): Promise<void> {
  const answer = await t.api('POST', `/api/donations/${id}/screen`, { decision });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
}

async function createPrize(body: Record<string, unknown>): Promise<PrizeView> {
  const answer = await t.api('POST', '/api/prizes', { title: 'Signed controller', minimum: { value: '10.00' }, opens_at: OPENS, closes_at: CLOSES, winners: 2, ...body });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.prize;
}

async function invite(role: 'moderator' | 'viewer'): Promise<string> {
  const created = await t.api('POST', '/api/invites', { role, name: `A ${role}` });
  assert.equal(created.status, 201);
  return created.body.token;
}

before(async () => {
  t = await startTestCore();
  source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' })).body;
  assert.equal((await t.api('PUT', '/api/rates', { rates: [{ currency: 'GBP', rate: '1.25' }] })).status, 200);
  await give('start', '10.00', OPENS); // first millisecond, exactly the minimum: in
  await give('last-ms', '25.00', at(CLOSES, -1), { donor: { name: 'Anouk Anonymousname', anonymous: true, email: 'anouk@example.org' } }); // in
  await give('end', '50.00', CLOSES); // the window's end: out
  await give('before', '50.00', at(OPENS, -1)); // out
  await give('cent-short', '9.99', at(OPENS, 60_000)); // out
  await give('refunded', '30.00', at(OPENS, 120_000));
  const refund = await t.hook(source.id, source.secret, { id: 'refund-1', type: 'refund', amount: { value: '5.00', currency: 'EUR' }, refunds: 'refunded', occurred_at: at(OPENS, 180_000) });
  assert.equal(refund.status, 201, JSON.stringify(refund.body)); // a partial refund: out
  await screen(await give('denied', '20.00', at(OPENS, 240_000)), 'deny'); // out
  await give('pending', '15.00', at(OPENS, 300_000), { donor: { name: 'Pendra Pendingname', email: 'pendra@example.org' } }); // pending: in
  await give('gbp', '8.00', at(OPENS, 360_000), {}, 'GBP'); // 8.00 GBP × 1.25 = 10.00 EUR: in
  await give('isk', '2000', at(OPENS, 420_000), {}, 'ISK'); // no rate: waiting
  await screen(await give('formula', '40.00', at(OPENS, 480_000), { donor: { name: '=HYPERLINK("http://x")', email: 'f@example.org' } }), 'approve'); // in
  await screen(ids.start!, 'approve');
  // A platform's later versions: 8.00 corrected to 12.00 (in), 15.00 corrected to 5.00 (out).
  const version = async (key: string, version: number, minor: number) =>
    t.core.services.acceptDonation({
      sourceId: source.id, externalId: `${key}-v${version}`, type: 'donation', amount: { minor, currency: 'EUR' as CurrencyCode },
      donorName: `Donor ${key}`, anonymous: false, message: null, occurredAt: Date.parse(at(OPENS, 540_000)), versioned: { key, version },
    });
  ids['raised'] = (await version('raised', 1, 800)).seq;
  await version('raised', 2, 1200);
  ids['lowered'] = (await version('lowered', 1, 1500)).seq;
  await version('lowered', 2, 500);
});
after(async () => {
  await t.close();
});

const ELIGIBLE = () => ['start', 'last-ms', 'pending', 'gbp', 'formula', 'raised'].map((k) => ids[k]!).sort((a, b) => a - b);

describe('who enters a prize', () => {
  it('counts donations made in [opens, closes) of at least the minimum, corrected, not refunded or denied', async () => {
    const prize = await createPrize({ title: 'Eligibility' });
    assert.deepEqual(prize.eligibility, { entries: 6, waiting_for_rate: 1 });
    assert.equal(prize.minimum.value, '10.00');
    const drawn = await t.api('POST', `/api/prizes/${prize.id}/draw`);
    assert.equal(drawn.status, 200, JSON.stringify(drawn.body));
    const record: PrizeDrawRecord = (await t.api('GET', `/api/prizes/${prize.id}/draw`)).body.draw;
    assert.deepEqual(record.entries, ELIGIBLE());
    assert.deepEqual(record.rule.minimum, { value: '10.00', currency: 'EUR' });
  });

  it('gives each named donor one entry in per_donor mode; anonymous donations stay their own', async () => {
    const opens = '2026-12-01T12:00:00.000Z';
    const closes = '2026-12-01T13:00:00.000Z';
    await give('ada-1', '10.00', at(opens, 1_000), { donor: { name: 'Ada' } });
    await give('ada-2', '10.00', at(opens, 2_000), { donor: { name: ' ADA ' } });
    await give('anon-1', '10.00', at(opens, 3_000), { donor: { name: 'X', anonymous: true } });
    await give('anon-2', '10.00', at(opens, 4_000), { donor: { name: 'Y', anonymous: true } });
    const perDonor = await createPrize({ title: 'Per donor', opens_at: opens, closes_at: closes, entry_mode: 'per_donor' });
    const perDonation = await createPrize({ title: 'Per donation', opens_at: opens, closes_at: closes });
    assert.equal(perDonor.eligibility.entries, 3);
    assert.equal(perDonation.eligibility.entries, 4);
  });

  it('refuses bad prizes in words', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ closes_at: OPENS }, /end after it starts/],
      [{ closes_at: at(OPENS, -60_000) }, /end after it starts/],
      [{ minimum: { value: '0' } }, /more than zero/],
      [{ minimum: { value: '0.00' } }, /more than zero/],
      [{ minimum: { value: '-5' } }, /plain decimal/],
      [{ minimum: { value: '1.234' } }, /decimal places/],
      [{ minimum: { value: '10', currency: 'USD' } }, /campaign's currency, EUR/],
      [{ winners: 0 }, /at least 1/],
      [{ winners: 1.5 }, /whole number/],
      [{ title: '' }, /must not be empty/],
    ];
    for (const [body, words] of cases) {
      const answer = await t.api('POST', '/api/prizes', { title: 'Bad', minimum: { value: '10' }, opens_at: OPENS, closes_at: CLOSES, winners: 1, ...body });
      assert.equal(answer.status, 422, `${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.error.message, words, JSON.stringify(body));
    }
  });
});

describe('the draw', () => {
  let prize: PrizeView;
  before(async () => {
    prize = await createPrize({ title: 'Headset', winners: 2 });
  });

  it('waits for the window to close', async () => {
    const open = await createPrize({ title: 'Still open', opens_at: at(new Date().toISOString(), -60_000), closes_at: at(new Date().toISOString(), 3_600_000) });
    const refused = await t.api('POST', `/api/prizes/${open.id}/draw`);
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /entries are open until/);
  });

  it('is re-run from its record to the same winners, and verifies', async () => {
    const drawn = await t.api('POST', `/api/prizes/${prize.id}/draw`);
    assert.equal(drawn.status, 200);
    assert.equal(drawn.body.note, null);
    const view: PrizeView = drawn.body.prize;
    assert.equal(view.state, 'drawn');
    assert.equal(view.winners_drawn.length, 2);
    const record: PrizeDrawRecord = (await t.api('GET', `/api/prizes/${prize.id}/draw`)).body.draw;
    assert.match(record.seed, /^[0-9a-f]{64}$/);
    assert.deepEqual(seededPicks(record.seed, record.entries, 2), view.winners_drawn.map((w) => w.donation_id));
    const verified = await t.api('POST', `/api/prizes/${prize.id}/verify`);
    assert.equal(verified.status, 200);
    assert.deepEqual(verified.body.problems, []);
    assert.equal(verified.body.matches, true);
    // Drawn once: never redone.
    assert.equal((await t.api('POST', `/api/prizes/${prize.id}/draw`)).status, 409);
    const edit = await t.api('PUT', `/api/prizes/${prize.id}`, { minimum: { value: '1.00' } });
    assert.equal(edit.status, 409);
    assert.equal((await t.api('PUT', `/api/prizes/${prize.id}`, { rules: 'Shipped worldwide.' })).status, 200);
    const audit = (await t.api('GET', '/api/audit')).body.entries as { subject: { kind: string; id: string }; action: string; reason: string | null }[];
    const drawnEntry = audit.find((e) => e.subject.kind === 'prize' && e.subject.id === String(prize.id) && e.action === 'drawn');
    assert.ok(drawnEntry?.reason?.includes(`seed=${record.seed}`), 'the audit log keeps the seed');
  });

  it('redraws a place with the next pick, appended and audited, and still verifies', async () => {
    const before = (await t.api('GET', `/api/prizes/${prize.id}/draw`)).body.draw as PrizeDrawRecord;
    const redrawn = await t.api('POST', `/api/prizes/${prize.id}/redraw`, { position: 1, reason: 'no answer in 48 hours' });
    assert.equal(redrawn.status, 200, JSON.stringify(redrawn.body));
    const view: PrizeView = redrawn.body.prize;
    const third = seededPicks(before.seed, before.entries, 3)[2];
    assert.equal(view.winners_drawn[0]!.donation_id, third);
    assert.deepEqual(view.winners_drawn[0]!.replaced.map((r) => [r.donation_id, r.reason]), [[before.picks[0]!.donation_id, 'no answer in 48 hours']]);
    const after = (await t.api('GET', `/api/prizes/${prize.id}/draw`)).body.draw as PrizeDrawRecord;
    assert.deepEqual(after.picks.map((p) => [p.pick, p.position, p.replaces_pick]), [[0, 1, null], [1, 2, null], [2, 1, 0]]);
    assert.equal((await t.api('POST', `/api/prizes/${prize.id}/verify`)).body.matches, true);
    assert.equal((await t.api('POST', `/api/prizes/${prize.id}/redraw`, { position: 3, reason: 'x' })).status, 422);
    const audit = (await t.api('GET', '/api/audit')).body.entries as { subject: { id: string }; action: string }[];
    assert.ok(audit.some((e) => e.subject.id === String(prize.id) && e.action === 'redrawn'));
  });

  it('draws everyone when there are fewer entries than places, and says so', async () => {
    const few = await createPrize({ title: 'Many places', winners: 10 });
    const drawn = await t.api('POST', `/api/prizes/${few.id}/draw`);
    assert.equal(drawn.status, 200);
    assert.match(drawn.body.note, /Only 6 entries for 10 places/);
    assert.deepEqual(drawn.body.prize.winners_drawn.map((w: { donation_id: number }) => w.donation_id).sort((a: number, b: number) => a - b), ELIGIBLE());
    const none = await createPrize({ title: 'Nobody', opens_at: '2026-01-01T00:00:00Z', closes_at: '2026-01-01T01:00:00Z' });
    const refused = await t.api('POST', `/api/prizes/${none.id}/draw`);
    assert.deepEqual([refused.status, refused.body.error.code], [409, 'no_entries']);
  });

  it('exports the winners to the owner only, contacts included, formulas neutralised', async () => {
    const all = await createPrize({ title: 'Export', winners: 6 });
    assert.equal((await t.api('POST', `/api/prizes/${all.id}/draw`)).status, 200);
    const response = await fetch(`${t.core.url}/api/prizes/${all.id}/winners.csv`, { headers: { authorization: `Bearer ${t.core.ownerToken}` } });
    assert.equal(response.status, 200);
    const csv = await response.text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], 'prize,place,donor_name,anonymous,contact_email,amount,currency,donation_id,platform,source_name,platform_donation_id,donated_at');
    assert.equal(lines.length, 7);
    assert.ok(csv.includes('anouk@example.org'), 'the anonymous winner is in the charity\'s export, with their contact');
    assert.ok(csv.includes(`"'=HYPERLINK(""http://x"")"`), csv);
    assert.ok(lines.some((line) => line.includes(',10.00,EUR,') && line.includes(',webhook,Donation form,gbp,')), csv);
    const moderator = await invite('moderator');
    const refused = await fetch(`${t.core.url}/api/prizes/${all.id}/winners.csv`, { headers: { authorization: `Bearer ${moderator}` } });
    assert.equal(refused.status, 403);
  });

  it('fails verification when the stored seed or entries were tampered with', async () => {
    const tampered = await createPrize({ title: 'Tampered', winners: 2 });
    assert.equal((await t.api('POST', `/api/prizes/${tampered.id}/draw`)).status, 200);
    const drawId = ((await t.api('GET', `/api/prizes/${tampered.id}/draw`)).body.draw as PrizeDrawRecord).draw_id;
    const honest = await verifyFromTheCommandLine(t.dir, '--draw', String(drawId));
    assert.equal(honest.code, 0, honest.out);
    assert.match(honest.out, /MATCHES/);
    assert.equal((await verifyFromTheCommandLine(t.dir, '--draw', '424242')).code, 2);
    const db = t.core.db;
    assert.throws(() => db.prepare('UPDATE prize_draws SET seed = ? WHERE prize_id = ?').run('0'.repeat(64), tampered.id), /never changed/);
    // Someone with the file in hand drops the guard first.
    db.exec('DROP TRIGGER prize_draws_no_update');
    try {
      const original = db.prepare<[number], { seed: string; entries: string; entries_sha256: string }>('SELECT seed, entries, entries_sha256 FROM prize_draws WHERE prize_id = ?').get(tampered.id)!;
      db.prepare('UPDATE prize_draws SET seed = ? WHERE prize_id = ?').run('1'.repeat(64), tampered.id);
      const seedChanged = (await t.api('POST', `/api/prizes/${tampered.id}/verify`)).body;
      assert.equal(seedChanged.matches, false);
      assert.ok(seedChanged.problems.some((p: string) => p.includes('seed differs')), seedChanged.problems.join('; '));
      const cli = await verifyFromTheCommandLine(t.dir, '--prize', String(tampered.id));
      assert.equal(cli.code, 1, cli.out);
      assert.match(cli.out, /DOES NOT MATCH: .*seed differs/);

      const entries = JSON.parse(original.entries) as number[];
      const { entriesDigest } = await import('./draw.js');
      const fewer = entries.slice(1);
      db.prepare('UPDATE prize_draws SET seed = ?, entries = ?, entries_sha256 = ? WHERE prize_id = ?').run(original.seed, JSON.stringify(fewer), entriesDigest(fewer), tampered.id);
      const listChanged = (await t.api('POST', `/api/prizes/${tampered.id}/verify`)).body;
      assert.equal(listChanged.matches, false);
      assert.ok(listChanged.problems.some((p: string) => p.includes('entries differ')), listChanged.problems.join('; '));
    } finally {
      db.exec(`CREATE TRIGGER prize_draws_no_update BEFORE UPDATE ON prize_draws
        BEGIN SELECT RAISE(ABORT, 'a prize draw is never changed: it is what the audit re-runs'); END;`);
    }
  });
});

describe('archiving a prize', () => {
  it('takes it off the overlay and the default list, keeps it on record, and refuses changes', async () => {
    const prize = await createPrize({ title: 'Old prize' });
    const archived = await t.api('POST', `/api/prizes/${prize.id}/archive`);
    assert.equal(archived.body.prize.state, 'archived');
    assert.equal((await t.api('GET', '/api/prizes')).body.prizes.some((p: PrizeView) => p.id === prize.id), false);
    assert.equal((await t.api('GET', '/api/prizes?archived=1')).body.prizes.some((p: PrizeView) => p.id === prize.id), true);
    assert.equal(t.core.services.hub.overlaySnapshot().prizes.some((p) => p.id === prize.id), false);
    const edit = await t.api('PUT', `/api/prizes/${prize.id}`, { title: 'New' });
    assert.deepEqual([edit.status, edit.body.error.code], [409, 'archived']);
    assert.equal((await t.api('POST', `/api/prizes/${prize.id}/draw`)).status, 409);
    assert.equal((await t.api('POST', '/api/prizes/99999/archive')).status, 404);
    assert.equal((await t.api('POST', '/api/prizes/abc/draw')).status, 404);
  });
});

describe('what viewers and the overlay see of a prize', () => {
  it('never names an anonymous or unscreened winner, and carries no donation id, amount or contact', async () => {
    const key = (await t.api('GET', '/api/overlay')).body.key as string;
    const overlay = await listenTo(t.core.url, OVERLAY_NAMESPACE, { key });
    const viewerToken = await invite('viewer');
    const viewer = await listenTo(t.core.url, STAFF_NAMESPACE, { token: viewerToken });
    try {
      // Every eligible donation wins: the anonymous one, the pending one, and the approved ones.
      const everyone = await createPrize({ title: '<img src=x onerror=alert(1)>', winners: 6 });
      assert.equal((await t.api('POST', `/api/prizes/${everyone.id}/draw`)).status, 200);
      const heard = await until('the overlay heard the draw', async () => changesHeard(overlay).filter((c) => c.type === 'prizes').pop()?.prizes as PublicPrizeView[] | undefined,
        (prizes) => prizes?.some((p) => p.id === everyone.id && p.state === 'drawn') === true);
      const shown = heard!.find((p) => p.id === everyone.id)!;
      assert.deepEqual(Object.keys(shown).sort(), ['closes_at', 'drawn_at', 'entries', 'id', 'minimum', 'opens_at', 'rules', 'state', 'title', 'winners', 'winners_drawn']);
      const names = shown.winners_drawn.map((w) => w.name).filter((n) => n !== null).sort();
      assert.deepEqual(names, ['=HYPERLINK("http://x")', 'Donor start'].sort());
      assert.equal(shown.winners_drawn.filter((w) => w.name === null).length, 4);

      const viewerList = await t.api('GET', '/api/prizes', undefined, viewerToken);
      assert.equal(viewerList.status, 200);
      assert.deepEqual(viewerList.body.prizes.find((p: PublicPrizeView) => p.id === everyone.id), shown);
      await until('the viewer heard the draw', async () => changesHeard(viewer).filter((c) => c.type === 'public_prizes').pop()?.prizes as PublicPrizeView[] | undefined,
        (prizes) => prizes?.some((p) => p.id === everyone.id && p.state === 'drawn') === true);
      assert.equal(changesHeard(viewer).some((c) => c.type === 'prizes'), false, 'the full form never reaches viewers');
      const received = overlay.frames.join('') + viewer.frames.join('') + JSON.stringify(viewerList.body);
      for (const secret of ['Anouk Anonymousname', 'Pendra Pendingname', 'anouk@example.org', 'pendra@example.org', '"donation_id"', '"seed"']) {
        assert.equal(received.includes(secret), false, `viewers or the overlay received ${secret}`);
      }
      // Approving the pending winner names them on stream.
      await screen(ids.pending!, 'approve');
      await until('the pending winner is named once approved', async () => changesHeard(overlay).filter((c) => c.type === 'prizes').pop()?.prizes as PublicPrizeView[],
        (prizes) => prizes.find((p) => p.id === everyone.id)?.winners_drawn.some((w) => w.name === 'Pendra Pendingname') === true);
    } finally {
      overlay.close();
      viewer.close();
    }
  });

  it('counts a donation once its exchange rate is set', async () => {
    const moderator = await listenTo(t.core.url, STAFF_NAMESPACE, { token: await invite('moderator') });
    try {
      const prize = await createPrize({ title: 'Rate comes later' });
      assert.equal(prize.eligibility.waiting_for_rate, 1);
      assert.equal((await t.api('PUT', '/api/rates', { rates: [{ currency: 'ISK', rate: '0.01' }] })).status, 200);
      // 2000 ISK × 0.01 = 20.00 EUR: one more entry, none waiting.
      await until('the converted donation entered', async () => changesHeard(moderator).filter((c) => c.type === 'prizes').pop()?.prizes as PrizeView[] | undefined,
        (prizes) => JSON.stringify(prizes?.find((p) => p.id === prize.id)?.eligibility) === JSON.stringify({ entries: prize.eligibility.entries + 1, waiting_for_rate: 0 }));
    } finally {
      moderator.close();
    }
  });

  it('tells moderators the eligible count as donations arrive', async () => {
    const moderator = await listenTo(t.core.url, STAFF_NAMESPACE, { token: await invite('moderator') });
    try {
      const now = Date.now();
      const live = await createPrize({ title: 'Live count', opens_at: new Date(now - 60_000).toISOString(), closes_at: new Date(now + 3_600_000).toISOString() });
      assert.equal(live.eligibility.entries, 0);
      await give('live-1', '12.00', new Date().toISOString());
      await until('the count moved', async () => changesHeard(moderator).filter((c) => c.type === 'prizes').pop()?.prizes as PrizeView[] | undefined,
        (prizes) => prizes?.find((p) => p.id === live.id)?.eligibility.entries === 1);
    } finally {
      moderator.close();
    }
  });
});
