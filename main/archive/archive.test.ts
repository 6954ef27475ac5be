// Closing the marathon, against a real core on 127.0.0.1: the owner closes it by typing its
// title; money arriving after is stored, answered 202 and listed apart, never counted; the
// archive is written whole (or not at all) and verifies, and one changed byte fails it;
// reopening takes a reason; every step is audited.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { type TestCore, donationBody, startTestCore } from '../testing/harness.js';
import { ARCHIVE_FOLDER, CHECKSUMS_FILE, DATABASE_COPY, verifyArchive, writeArchive } from './archive.js';

const execFileAsync = promisify(execFile);
let t: TestCore;
let hookId: string;
let secret: string;
let moderator: string;
let archiveDir: string;

before(async () => {
  t = await startTestCore();
  const created = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' });
  hookId = created.body.id;
  secret = created.body.secret;
  moderator = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' })).body.token;
  assert.equal((await t.hook(hookId, secret, donationBody('before-1', '25.00'))).status, 201);
  assert.equal((await t.hook(hookId, secret, donationBody('before-2', '10.00', 'EUR', { donor: { name: 'Hidden Hana', anonymous: true } }))).status, 201);
});
after(async () => {
  await t.close();
});

describe('closing the marathon', () => {
  it('is the owner\'s, who types the title to confirm', async () => {
    assert.equal((await t.api('POST', '/api/campaign/close', { title: 'Water for the camps' }, moderator)).status, 403);
    const wrong = await t.api('POST', '/api/campaign/close', { title: 'Something else' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.body.error.message, /type the campaign's title exactly/);
    assert.equal((await t.api('GET', '/api/campaign')).body.campaign.closed_at, null);
  });

  it('freezes the total and writes the archive', async () => {
    const title = (await t.api('GET', '/api/campaign')).body.campaign.title as string;
    const closed = await t.api('POST', '/api/campaign/close', { title, reason: 'the 48 hours are over' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.ok(closed.body.campaign.closed_at);
    assert.equal(closed.body.archive_error, null);
    archiveDir = closed.body.archive.dir;
    assert.ok(archiveDir.startsWith(join(t.dir, ARCHIVE_FOLDER)));
    const names = (closed.body.archive.files as { name: string }[]).map((f) => f.name);
    for (const file of [DATABASE_COPY, 'donations.csv', 'donations.json', 'responses.csv', 'responses.json', 'audit.csv', 'audit.json', 'late-money.csv', 'late-money.json', 'campaign.json', 'call-moments.csv', 'call-moments.json']) {
      assert.ok(names.includes(file), `${file} is in the archive`);
    }
    assert.equal((await t.api('POST', '/api/campaign/close', { title })).status, 409, 'closed once');
  });

  it('keeps money arriving afterwards apart: stored, answered 202, never counted, listed for moderators', async () => {
    const raised = (await t.api('GET', '/api/totals')).body.raised;
    assert.deepEqual(raised, { value: '35.00', currency: 'EUR' });
    const late = await t.hook(hookId, secret, donationBody('after-1', '40.00'));
    assert.equal(late.status, 202);
    assert.equal(late.body.status, 'late');
    const again = await t.hook(hookId, secret, donationBody('after-1', '40.00'));
    assert.equal(again.status, 200, 'a redelivery is still a duplicate');
    assert.equal((await t.hook(hookId, secret, donationBody('after-anon', '5.00', 'EUR', { donor: { name: 'Quiet Quinn', anonymous: true } }))).status, 202);
    assert.deepEqual((await t.api('GET', '/api/totals')).body.raised, raised, 'the total did not move');
    assert.equal((await t.api('GET', '/api/donations')).body.donations.length, 2);
    const hand = await t.api('POST', '/api/donations', { amount: { value: '3.00', currency: 'EUR' } });
    assert.equal(hand.status, 409);
    assert.match(hand.body.error.message, /the marathon is closed/);
    const listed = await t.api('GET', '/api/campaign/late', undefined, moderator);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.count, 2);
    assert.deepEqual(listed.body.late.map((l: { external_id: string; amount: { value: string }; donor_name: string | null }) => [l.external_id, l.amount.value, l.donor_name]), [
      ['after-1', '40.00', 'Ada'],
      ['after-anon', '5.00', null],
    ]);
  });

  it('writes an archive that verifies with sha256sum too, whose database copy holds what the API said', async () => {
    assert.deepEqual(verifyArchive(archiveDir), []);
    const sums = await execFileAsync('sha256sum', ['-c', CHECKSUMS_FILE], { cwd: archiveDir });
    assert.match(sums.stdout, /donations\.csv: OK/);
    const copy = new Database(join(archiveDir, DATABASE_COPY), { readonly: true });
    try {
      assert.equal(copy.prepare<[], { n: number }>('SELECT count(*) AS n FROM donations').get()!.n, 2);
      assert.equal(copy.prepare<[], { closed_at: number | null }>('SELECT closed_at FROM campaign').get()!.closed_at !== null, true);
    } finally {
      copy.close();
    }
    const json = JSON.parse(readFileSync(join(archiveDir, 'donations.json'), 'utf8'));
    assert.deepEqual(json.raised, { value: '35.00', currency: 'EUR' });
    const audit = readFileSync(join(archiveDir, 'audit.csv'), 'utf8');
    assert.match(audit, /closed,running,closed,the 48 hours are over/);
  });

  it('fails verification when one byte of it is changed, or a file is added or removed', async () => {
    const file = join(archiveDir, DATABASE_COPY);
    const bytes = readFileSync(file);
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 0x01;
    writeFileSync(file, changed);
    assert.deepEqual(verifyArchive(archiveDir), [`${DATABASE_COPY} was changed after the archive was written (its SHA-256 differs)`]);
    // Run asynchronously: this process also serves the core, which must not stall meanwhile.
    const cli = await execFileAsync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'verify-archive.ts'), archiveDir]).then(
      () => ({ code: 0, stderr: '' }),
      (failure: { code: number; stderr: string }) => failure,
    );
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /does NOT verify/);
    writeFileSync(file, bytes);
    assert.deepEqual(verifyArchive(archiveDir), []);
    appendFileSync(join(archiveDir, 'notes.txt'), 'added later');
    assert.deepEqual(verifyArchive(archiveDir), ['notes.txt is not part of the archive (added afterwards)']);
  });

  it('never leaves a half archive that looks complete: a failed write leaves nothing, a crash\'s leftover is cleared', async () => {
    const root = join(t.dir, ARCHIVE_FOLDER);
    mkdirSync(join(root, '2026-01-01T00-00-00Z-crashed.partial'));
    writeFileSync(join(root, '2026-01-01T00-00-00Z-crashed.partial', 'donations.csv'), 'half');
    const before = readdirSync(root).filter((n) => !n.endsWith('.partial')).length;
    await assert.rejects(
      writeArchive({
        db: t.core.services.db, dataDir: t.dir, campaign: () => t.core.services.campaign(), targets: t.core.services.targets, responses: t.core.services.responses,
        copySnapshot: async () => { throw new Error('disk full'); },
      }),
      /disk full/,
    );
    assert.deepEqual(readdirSync(root).filter((n) => n.endsWith('.partial')), [], 'neither the crash\'s folder nor the failed one remains');
    assert.equal(readdirSync(root).filter((n) => !n.endsWith('.partial')).length, before);
  });

  it('reopens with a reason, audited; money counts again', async () => {
    assert.equal((await t.api('POST', '/api/campaign/reopen', {})).status, 422);
    assert.equal((await t.api('POST', '/api/campaign/reopen', { reason: 'the bank sent the last transfers' }, moderator)).status, 403);
    const reopened = await t.api('POST', '/api/campaign/reopen', { reason: 'the bank sent the last transfers' });
    assert.equal(reopened.status, 200);
    assert.equal(reopened.body.campaign.closed_at, null);
    assert.equal((await t.hook(hookId, secret, donationBody('reopened-1', '1.50'))).status, 201);
    assert.deepEqual((await t.api('GET', '/api/totals')).body.raised, { value: '36.50', currency: 'EUR' });
    // What arrived while it was closed stays apart: listed, not counted.
    assert.equal((await t.api('GET', '/api/campaign/late')).body.count, 2);
    const entries = (await t.api('GET', '/api/audit')).body.entries as { action: string; reason: string | null }[];
    assert.ok(entries.some((e) => e.action === 'reopened' && e.reason === 'the bank sent the last transfers'));
    assert.ok(entries.some((e) => e.action === 'closed'));
    assert.ok(existsSync(archiveDir), 'the archive stays as written');
  });
});
