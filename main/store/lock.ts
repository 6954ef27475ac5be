import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'telethon.lock';

/** Data folders held by this process (a lock file naming our own pid says nothing about which). */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live Telethon Desk using this data folder, or null. */
export function lockHolder(dataDir: string): number | null {
  if (heldHere.has(resolve(dataDir))) return process.pid;
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** One app per data folder: a second one would be a second writer on the same database. */
export function acquireLock(dataDir: string): () => void {
  const holder = lockHolder(dataDir);
  if (holder !== null) {
    throw new Error(`Telethon Desk is already running with this data folder (process ${holder}); close it first.`);
  }
  const file = join(dataDir, LOCK_FILE);
  writeFileSync(file, `${process.pid}\n`);
  const key = resolve(dataDir);
  heldHere.add(key);
  return () => {
    heldHere.delete(key);
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}
