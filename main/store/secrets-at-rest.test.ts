import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { restoreBackup } from '../backup/restore.js';
import { createCore } from '../core.js';
import { EXAMPLE_CAMPAIGN, TEST_TOKEN, type TestCore, donationBody, tempDir } from '../testing/harness.js';
import { trackedCores } from '../testing/tracked.js';
import { signGeneric } from '../sources/webhook/signature.js';
import { openDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';

const { start, stop } = trackedCores();

/** Every file under the data folder, by its path relative to it. */
function filesIn(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesIn(path, root) : [relative(root, path)];
  });
}

/** The files (relative paths) whose raw bytes contain `secret`. */
function filesHolding(dir: string, secret: string): string[] {
  return filesIn(dir).filter((file) => readFileSync(join(dir, file)).includes(Buffer.from(secret)));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function startWithCampaign(dir: string): Promise<TestCore> {
  const t = await start(dir);
  assert.equal((await t.api('PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
  return t;
}

/**
 * A database as version 9 left it: the webhook secret and the overlay key in plain text, and,
 * as after hours of counters moving without secure_delete, stale copies of the rows in free
 * space and free pages (a plain UPDATE does not reach those).
 */
function legacyDatabase(dir: string, sources: { id: string; secret: string }[], overlayKey: string): string[] {
  const db = openDatabase(join(dir, 'telethon.sqlite'), { migrations: MIGRATIONS.filter((m) => m.version <= 9) });
  db.pragma('secure_delete = OFF');
  const others = Array.from({ length: 120 }, (_, i) => ({ id: `webhook-other-${i}`, secret: `other-secret-${i}-0123456789` }));
  for (const { id, secret } of [...sources, ...others]) {
    db.prepare("INSERT INTO sources (id, kind, name, config, secret, created_at) VALUES (?, 'webhook', 'Form', '{}', ?, 0)").run(id, secret);
  }
  db.prepare("INSERT INTO settings (key, value) VALUES ('overlay_key', ?)").run(overlayKey);
  const touch = db.prepare('UPDATE sources SET last_error = ?, config = ? WHERE id = ?');
  const moving = [...sources, ...others];
  for (let round = 0; round < 12; round += 1) {
    moving.forEach(({ id }, i) => touch.run('e'.repeat((round * 37 + i) % 300), JSON.stringify({ pad: 'p'.repeat((round * 13 + i) % 200) }), id));
  }
  db.close();
  return moving.map((source) => source.secret);
}

describe('secrets at rest', () => {
  it('keeps webhook secrets in the credential store and the overlay key only as a hash; a rotated key is in no file', async () => {
    const dir = tempDir('telethon-secrets-');
    const t = await startWithCampaign(dir.path);
    const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body as { id: string; secret: string };
    assert.equal((await t.hook(source.id, source.secret, donationBody('s-1', '5.00'))).status, 201);
    const first = (await t.api('GET', '/api/overlay')).body.key as string;
    const second = (await t.api('POST', '/api/overlay/rotate-key')).body.key as string;
    const current = (await t.api('POST', '/api/overlay/rotate-key')).body.key as string;
    const backup = await t.core.backups.runNow(new Date(Date.UTC(2026, 10, 23, 9, 0)));

    // Read while the app runs: the WAL and SHM are there too.
    const files = filesIn(dir.path);
    assert.ok(files.includes('telethon.sqlite-wal') && files.includes(relative(dir.path, backup)), files.join(', '));
    assert.deepEqual(filesHolding(dir.path, source.secret), ['credentials.json']);
    assert.deepEqual(filesHolding(dir.path, first), []);
    assert.deepEqual(filesHolding(dir.path, second), []);
    assert.deepEqual(filesHolding(dir.path, current), ['overlay-key']);
    assert.deepEqual(t.core.db.prepare("SELECT value FROM settings WHERE key LIKE 'overlay_key%'").all(), [{ value: sha256(current) }]);
    assert.deepEqual(t.core.db.prepare('SELECT count(*) AS n FROM sources WHERE secret IS NOT NULL').get(), { n: 0 });
    assert.throws(() => t.core.db.prepare("UPDATE sources SET secret = 'x' WHERE id = ?").run(source.id), /credential store/);

    // The old keys open nothing; after a restart the same key and secret still work.
    assert.equal((await fetch(`${t.core.url}/overlay/total?key=${encodeURIComponent(first)}`)).status, 403);
    await stop(t);
    const again = await start(dir.path);
    assert.equal((await again.api('GET', '/api/overlay')).body.key, current);
    assert.equal((await fetch(`${again.core.url}/overlay/total?key=${encodeURIComponent(current)}`)).status, 200);
    assert.equal((await again.hook(source.id, source.secret, donationBody('s-2', '5.00'))).status, 201);
    await stop(again);
    dir.remove();
  });

  it('moves an older database\'s secrets out of it, keeps them working, and scrubs them from the database and WAL', async () => {
    const dir = tempDir('telethon-legacy-');
    const secret = 'legacy-webhook-secret-4f1c9a2b7d';
    const legacyKey = 'legacy-overlay-key-8e2d';
    const all = legacyDatabase(dir.path, [{ id: 'webhook-legacy', secret }], legacyKey);
    assert.deepEqual(filesHolding(dir.path, secret), ['telethon.sqlite'], 'the old version left it in the database');
    const copies = (file: string) => all.reduce((n, s) => n + readFileSync(file).toString('latin1').split(s).length - 1, 0);
    assert.ok(copies(join(dir.path, 'telethon.sqlite')) > all.length, 'with stale copies beside the rows');

    const t = await startWithCampaign(dir.path);
    assert.equal((await t.hook('webhook-legacy', secret, donationBody('l-1', '5.00'))).status, 201, 'the sender needs no change');
    assert.equal((await t.api('GET', '/api/overlay')).body.key, legacyKey, 'the URLs in OBS keep working');
    assert.deepEqual(filesHolding(dir.path, secret), ['credentials.json']);
    assert.deepEqual(filesHolding(dir.path, legacyKey), ['overlay-key']);
    for (const file of ['telethon.sqlite', 'telethon.sqlite-wal']) assert.equal(copies(join(dir.path, file)), 0, `no copy of any secret in ${file}`);

    await t.api('POST', '/api/overlay/rotate-key');
    assert.deepEqual(filesHolding(dir.path, legacyKey), [], 'after a rotation the old key is in no file');
    await stop(t);
    dir.remove();
  });

  it('clears the secrets from backups an older version made, once they are safe elsewhere; the backup still restores', async () => {
    const dir = tempDir('telethon-old-backup-');
    const secret = 'old-backup-webhook-secret-77aa';
    const legacyKey = 'old-backup-overlay-key-99bb';
    const older = tempDir('telethon-older-');
    const all = legacyDatabase(older.path, [{ id: 'webhook-old', secret }], legacyKey);
    legacyDatabase(dir.path, [{ id: 'webhook-old', secret }], legacyKey);
    mkdirSync(join(dir.path, 'backups'), { mode: 0o700 });
    const backup = join(dir.path, 'backups', 'telethon-2026-11-20T00-00-00-000Z.sqlite');
    copyFileSync(join(older.path, 'telethon.sqlite'), backup);
    older.remove();
    assert.deepEqual(filesHolding(dir.path, secret).sort(), ['backups/telethon-2026-11-20T00-00-00-000Z.sqlite', 'telethon.sqlite']);

    const t = await startWithCampaign(dir.path);
    assert.deepEqual(filesHolding(dir.path, secret), ['credentials.json']);
    assert.deepEqual(filesHolding(dir.path, legacyKey), ['overlay-key']);
    assert.deepEqual(readdirSync(join(dir.path, 'backups')), ['telethon-2026-11-20T00-00-00-000Z.sqlite'], 'no -wal or -shm left beside it');
    const held = readFileSync(backup).toString('latin1');
    assert.deepEqual(all.filter((s) => held.includes(s)), [], 'no stale copy of any secret in the backup either');
    await stop(t);
    const check = new Database(backup, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
    restoreBackup(dir.path, backup);
    const restored = await startWithCampaign(dir.path);
    assert.equal((await restored.hook('webhook-old', secret, donationBody('o-1', '5.00'))).status, 201);
    assert.equal((await restored.api('GET', '/api/overlay')).body.key, legacyKey);
    await stop(restored);
    dir.remove();
  });

  it('finishes a move that a crash interrupted, and keeps the store\'s newer secret over a restored database\'s', async () => {
    const dir = tempDir('telethon-midway-');
    legacyDatabase(dir.path, [{ id: 'webhook-a', secret: 'secret-a-written-to-both' }, { id: 'webhook-b', secret: 'secret-b-older-in-backup' }], 'legacy-overlay-key-aaaa');
    // The store was written, then the process died before the database was cleared (a), or the
    // database is a backup from before the secret was replaced (b).
    writeFileSync(
      join(dir.path, 'credentials.json'),
      JSON.stringify({ 'webhook-a:webhook-secret': 'secret-a-written-to-both', 'webhook-b:webhook-secret': 'secret-b-newer-in-store' }),
      { mode: 0o600 },
    );
    const t = await startWithCampaign(dir.path);
    assert.equal((await t.hook('webhook-a', 'secret-a-written-to-both', donationBody('m-1', '5.00'))).status, 201);
    assert.equal((await t.hook('webhook-b', 'secret-b-newer-in-store', donationBody('m-2', '5.00'))).status, 201);
    assert.equal((await t.hook('webhook-b', 'secret-b-older-in-backup', donationBody('m-3', '5.00'))).status, 401);
    assert.deepEqual(filesHolding(dir.path, 'secret-b-older-in-backup'), []);
    await stop(t);
    dir.remove();
  });

  it('encrypts webhook secrets with the desktop app\'s cipher, like the other credentials', async () => {
    const dir = tempDir('telethon-cipher-');
    const xor = (text: string) => Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a)).toString('base64');
    const keychain = { encrypt: xor, decrypt: (stored: string) => Buffer.from(Buffer.from(stored, 'base64').map((b) => b ^ 0x5a)).toString() };
    const core = await createCore({ dataDir: dir.path, port: 0, ownerToken: TEST_TOKEN, log: () => {}, credentialCipher: keychain });
    try {
      const call = async (method: string, path: string, body: unknown) => {
        const response = await fetch(`${core.url}${path}`, { method, headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as { id: string; secret: string } };
      };
      assert.equal((await call('PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
      const source = (await call('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;
      assert.deepEqual(filesHolding(dir.path, source.secret), []);
      const raw = JSON.stringify(donationBody('c-1', '5.00'));
      const ts = Math.floor(Date.now() / 1000);
      const answer = await fetch(`${core.url}/hooks/${source.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telethon-timestamp': String(ts), 'x-telethon-signature': signGeneric(source.secret, ts, raw) },
        body: raw,
      });
      assert.equal(answer.status, 201);
    } finally {
      await core.close();
      dir.remove();
    }
  });

  it('loses no secret when the store cannot be written: the start stops and says so, the database keeps it', async () => {
    const dir = tempDir('telethon-nostore-');
    legacyDatabase(dir.path, [{ id: 'webhook-x', secret: 'secret-x-must-not-be-lost' }], 'legacy-overlay-key-bbbb');
    const lockedKeychain = { encrypt: (): string => { throw new Error('the keychain is locked'); }, decrypt: (stored: string) => stored };
    await assert.rejects(
      createCore({ dataDir: dir.path, port: 0, ownerToken: TEST_TOKEN, log: () => {}, credentialCipher: lockedKeychain }),
      /keychain is locked.*Nothing was lost/s,
    );
    const db = new Database(join(dir.path, 'telethon.sqlite'), { readonly: true });
    assert.deepEqual(db.prepare("SELECT secret FROM sources WHERE id = 'webhook-x'").get(), { secret: 'secret-x-must-not-be-lost' });
    db.close();
    dir.remove();
  });
});
