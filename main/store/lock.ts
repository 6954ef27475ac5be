import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'telethon.lock';

/** Data folders held by this process (a lock file naming our own pid says nothing about which). */
const heldHere = new Set<string>();

/** Linux's USER_HZ, the unit of a process's start time in /proc/<pid>/stat (100 on every Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), Linux only. */
function startTicks(pid: number): number | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? ticks : null;
}

/**
 * What tells this process apart from any later one that gets the same pid: the boot it runs
 * in and when it started in that boot. Null where /proc is missing (macOS, Windows).
 */
export function processIdentity(pid: number): string | null {
  const boot = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  const ticks = startTicks(pid);
  return boot && ticks !== null ? `${boot}:${ticks}` : null;
}

/** When a process started, in ms since the epoch (Linux), for locks written before identities. */
function startedAtMs(pid: number): number | null {
  const btime = /^btime (\d+)$/m.exec(readProc('/proc/stat') ?? '')?.[1];
  const ticks = startTicks(pid);
  return btime && ticks !== null ? (Number(btime) + ticks / CLOCK_TICKS_PER_SECOND) * 1_000 : null;
}

interface LockRecord {
  pid: number;
  identity: string | null;
  writtenAt: number;
}

function readLock(file: string): LockRecord | null {
  try {
    const [pidLine, identityLine] = readFileSync(file, 'utf8').split('\n');
    const pid = Number(pidLine?.trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return { pid, identity: identityLine?.trim() || null, writtenAt: statSync(file).mtimeMs };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's process is still the one that wrote it. A pid alone can be recycled (after
 * a reboot, the pid of the last run often belongs to some other program), so the lock records
 * the writer's identity (boot id + start time) and a live process with another identity is a
 * stranger. A lock from an older version has no identity: its pid is a stranger if that
 * process started after the lock was written. Without /proc (macOS, Windows) a live pid counts.
 */
function stillHeld(lock: LockRecord): boolean {
  if (lock.pid === process.pid || !alive(lock.pid)) return false;
  const identity = processIdentity(lock.pid);
  if (lock.identity !== null && identity !== null) return lock.identity === identity;
  const started = startedAtMs(lock.pid);
  if (started !== null) return started <= lock.writtenAt + 1_000;
  return true;
}

/** The pid of a live Telethon Desk using this data folder, or null. */
export function lockHolder(dataDir: string): number | null {
  if (heldHere.has(resolve(dataDir))) return process.pid;
  const lock = readLock(join(dataDir, LOCK_FILE));
  return lock && stillHeld(lock) ? lock.pid : null;
}

/** One app per data folder: a second one would be a second writer on the same database. */
export function acquireLock(dataDir: string, log: (line: string) => void = (line) => console.log(line)): () => void {
  const holder = lockHolder(dataDir);
  if (holder !== null) {
    throw new Error(`Telethon Desk is already running with this data folder (process ${holder}); close it first.`);
  }
  const file = join(dataDir, LOCK_FILE);
  const stale = readLock(file);
  if (stale && stale.pid !== process.pid) {
    log(
      alive(stale.pid)
        ? `Took over the data folder's lock: process ${stale.pid} named in it is another program now (its number was reused), not Telethon Desk.`
        : `Took over the data folder's lock left by process ${stale.pid}, which is no longer running (it did not close cleanly).`,
    );
  }
  const identity = processIdentity(process.pid);
  writeFileSync(file, `${process.pid}\n${identity ?? ''}\n`, { mode: 0o600 });
  const key = resolve(dataDir);
  heldHere.add(key);
  return () => {
    heldHere.delete(key);
    try {
      if (readFileSync(file, 'utf8').split('\n')[0]?.trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}
