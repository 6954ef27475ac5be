import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { unsafeToContinue } from './last-resort.js';

const temp = tempDir('telethon-last-resort-');
after(() => temp.remove());

describe('unsafeToContinue', () => {
  it('lets the core go on after an ordinary error, but not with a transaction left open or the database closed or corrupt', () => {
    const db = openDatabase(join(temp.path, 'telethon.sqlite'));
    assert.equal(unsafeToContinue(new TypeError('x is undefined'), db), null);
    // better-sqlite3 rolls back a transaction whose function throws: nothing is left open.
    assert.throws(() => db.transaction(() => {
      db.prepare("INSERT INTO sources (id, kind, name, config, created_at) VALUES ('s', 'webhook', 'n', '{}', 0)").run();
      throw new Error('bug');
    })());
    assert.equal(unsafeToContinue(new Error('bug'), db), null);
    // A BEGIN whose COMMIT never came: every later write would join it.
    db.exec('BEGIN');
    assert.match(unsafeToContinue(new Error('bug'), db) ?? '', /middle of a database transaction/);
    db.exec('ROLLBACK');
    assert.match(unsafeToContinue(Object.assign(new Error('disk image is malformed'), { code: 'SQLITE_CORRUPT' }), db) ?? '', /cannot be read or written \(SQLITE_CORRUPT\)/);
    db.close();
    assert.match(unsafeToContinue(new Error('bug'), db) ?? '', /database connection is closed/);
  });
});
