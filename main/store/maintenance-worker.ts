// The thread behind DatabaseMaintenance (maintenance.ts): its own connection to the live
// database, for the work that can hold SQLite for seconds — checkpoints and backup copies —
// so the server's thread never waits for it. In WAL mode this reader never blocks the writer.
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { MaintenanceReply, MaintenanceRequest, MaintenanceSetup } from './maintenance.js';

/**
 * The copy goes in steps of this many bytes, each flushed to disk before the next: without it
 * the kernel holds gigabytes of the copy in memory and flushes them all at once, and each
 * donation's fsync on the server's thread then waits behind that flush (a 250 ms stall, seen
 * with the 1.7 GB marathon; 64 MB steps were as bad, 4-16 MB steps about 40 ms).
 */
const STEP_BYTES = 16 * 1024 * 1024;

const port = parentPort;
if (!port) throw new Error('maintenance-worker.ts runs as a worker thread (see maintenance.ts)');
const setup = workerData as MaintenanceSetup;
const reply = (message: MaintenanceReply) => port.postMessage(message);

const db = new Database(setup.databaseFile, { fileMustExist: true, ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}) });
db.pragma(`busy_timeout = ${setup.busyTimeoutMs}`);

let copying = false;
const checkpoints = setInterval(() => {
  // A checkpoint cannot pass the copy's snapshot anyway; the next one after it catches up.
  if (copying) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    reply({ kind: 'checkpoint-failed', ...described(error) });
  }
}, setup.checkpointEveryMs);

/**
 * One consistent snapshot, whatever the server writes meanwhile. SQLite's backup restarts from
 * the first page when another connection writes between two steps, unless the source
 * connection already holds a read transaction: it then reads the same snapshot at every step
 * (WAL mode lets the server keep committing meanwhile). So the transaction is opened here, and
 * the steps can be small.
 */
async function copySnapshot(file: string): Promise<void> {
  const pages = Math.max(1, Math.floor(STEP_BYTES / Number(db.pragma('page_size', { simple: true }))));
  // Opened for writing only so that Windows lets it be flushed.
  const copy = openSync(file, 'r+');
  copying = true;
  db.exec('BEGIN');
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get(); // the snapshot is taken here
    await db.backup(file, {
      progress: () => {
        fdatasyncSync(copy);
        return pages;
      },
    });
  } finally {
    db.exec('COMMIT');
    copying = false;
    closeSync(copy);
  }
}

port.on('message', (request: MaintenanceRequest) => {
  if (request.kind === 'close') {
    clearInterval(checkpoints);
    db.close();
    port.close();
    return;
  }
  const started = performance.now();
  copySnapshot(request.file).then(
    () => reply({ kind: 'copied', id: request.id, ms: performance.now() - started }),
    (error: unknown) => reply({ kind: 'copy-failed', id: request.id, ...described(error) }),
  );
});

function described(error: unknown): { message: string; code: string | null } {
  const code = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : null;
  return { message: error instanceof Error ? error.message : String(error), code };
}

reply({ kind: 'ready' });
