import type { ReportInternal } from '../health.js';
import type { Db } from '../store/database.js';

/** Exit code of a core that stopped itself because its state could not be trusted. */
export const UNTRUSTED_STATE_EXIT = 70;

/** More unexpected errors than this in one minute: something loops; a fresh core is better. */
const MAX_ERRORS_PER_MINUTE = 50;

/**
 * Why continuing after this error would be unsafe, or null when it is safe to go on.
 *
 * Safe: an error thrown by our code in a timer, a socket or platform callback, or a promise
 * nobody awaited. better-sqlite3 rolls a transaction back when its function throws, so the
 * database holds only committed, consistent work and the next request starts clean.
 *
 * Not safe, so the core exits and the supervisor starts a fresh one on the same port:
 * - a transaction is still open: the error escaped between BEGIN and COMMIT, and every later
 *   write would join that transaction and never be committed (acknowledged donations lost);
 * - the database connection is closed or the file is corrupt or unreadable: nothing can be
 *   saved until it is opened again;
 * - more than 50 unexpected errors in a minute: something is looping, and a fresh start
 *   (which replays nothing unacknowledged) is the quickest way back.
 * An out-of-memory or native crash cannot be caught at all: the supervisor restarts the core.
 */
export function unsafeToContinue(error: unknown, db: Db | null): string | null {
  if (db) {
    if (!db.open) return 'the database connection is closed';
    if (db.inTransaction) return 'the error happened in the middle of a database transaction';
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (/^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(code)) return `the database file cannot be read or written (${code})`;
  return null;
}

let installed: { report: ReportInternal; db: Db | null } | null = null;

/**
 * The last resort of a core process: an exception or rejection that nothing caught is
 * reported (log + health banner) and the core keeps serving, unless unsafeToContinue() says
 * otherwise. Installed once per process; a later call points it at another core's health.
 */
export function surviveUncaught(report: ReportInternal, db: Db | null, exit: (code: number) => void = (code) => process.exit(code)): void {
  const first = installed === null;
  installed = { report, db };
  if (!first) return;
  const recent: number[] = [];
  const handle = (kind: string, error: unknown) => {
    const target = installed;
    if (!target) return;
    const now = Date.now();
    recent.push(now);
    while (recent.length > 0 && (recent[0] ?? now) < now - 60_000) recent.shift();
    const why = recent.length > MAX_ERRORS_PER_MINUTE ? `more than ${MAX_ERRORS_PER_MINUTE} unexpected errors in one minute` : unsafeToContinue(error, target.db);
    if (why) {
      console.error(`The core is stopping because ${why}; it will be restarted with a fresh state. The error (${kind}):`, error);
      exit(UNTRUSTED_STATE_EXIT);
      return;
    }
    target.report(`running a background task (${kind}${where(error)})`, error);
  };
  process.on('uncaughtException', (error) => handle('an uncaught exception', error));
  process.on('unhandledRejection', (reason) => handle('a promise rejection nobody handled', reason));
}

/** The first frame of our own code in the stack, so the log points somewhere. */
function where(error: unknown): string {
  if (!(error instanceof Error) || !error.stack) return '';
  const frame = error.stack
    .split('\n')
    .slice(1)
    .find((line) => !line.includes('node_modules') && !line.includes('node:internal'));
  const place = frame ? /\(?([^()\s]+:\d+):\d+\)?\s*$/.exec(frame)?.[1] : undefined;
  return place ? ` at ${place.split('/').slice(-2).join('/')}` : '';
}
