import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../testing/harness.js';
import { DatabaseFromFutureError, LATEST_SCHEMA_VERSION, openDatabase, schemaVersion } from './database.js';
import type { Migration } from './migrations.js';

const temp = tempDir();
after(() => temp.remove());

describe('the store', () => {
  it('creates a fresh database in WAL mode at the latest schema, with STRICT tables', () => {
    const db = openDatabase(join(temp.path, 'fresh.sqlite'));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
    const tables = db.prepare<[], { name: string; strict: number }>(
      "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
    ).all();
    assert.ok(tables.length >= 9);
    for (const table of tables) assert.equal(table.strict, 1, `${table.name} is not STRICT`);
    db.close();
  });

  it('applies only the migrations a database lacks, forward, each in one transaction', () => {
    const file = join(temp.path, 'steps.sqlite');
    const first: Migration[] = [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' }];
    openDatabase(file, { migrations: first }).close();
    const second: Migration[] = [...first, { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER) STRICT;' }];
    const db = openDatabase(file, { migrations: second });
    assert.equal(schemaVersion(db), 2);
    db.close();

    // A migration that fails halfway leaves nothing behind and the version unchanged.
    const broken: Migration[] = [...second, { version: 3, name: 'c', sql: 'CREATE TABLE c (z INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' }];
    assert.throws(() => openDatabase(file, { migrations: broken }), /no such table: nowhere/);
    const check = new Database(file);
    assert.equal(check.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'").get(), { n: 0 });
    check.close();
  });

  it('refuses a database written by a newer version', () => {
    const file = join(temp.path, 'future.sqlite');
    const future = new Database(file);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();
    assert.throws(() => openDatabase(file), (error: unknown) => {
      assert.ok(error instanceof DatabaseFromFutureError);
      assert.match(error.message, /newer Telethon Desk/);
      return true;
    });
  });

  it('keeps the event log append-only', () => {
    const db = openDatabase(join(temp.path, 'log.sqlite'));
    db.prepare("INSERT INTO sources (id, kind, name, created_at) VALUES ('s', 'manual', 'S', 0)").run();
    db.prepare("INSERT INTO events (source_id, external_id, kind, occurred_at, received_at) VALUES ('s', 'e1', 'chat', 0, 0)").run();
    assert.throws(() => db.prepare("UPDATE events SET kind = 'donation'").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM events').run(), /append-only/);
    assert.throws(
      () => db.prepare("INSERT INTO events (source_id, external_id, kind, occurred_at, received_at) VALUES ('s', 'e1', 'chat', 0, 0)").run(),
      /UNIQUE/,
    );
    db.close();
  });
});
