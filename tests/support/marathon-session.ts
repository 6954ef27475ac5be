import { MARATHON_10M, cachedMarathon, copySeedInto } from '../../main/testing/marathon-seed.js';
import { type E2eSession, e2eSession } from './e2e-session.js';

/** How long the app may take to listen over a seeded marathon's database (it checks and opens it). */
export const SEEDED_START_MS = 60_000;

/**
 * One app over a copy of the seeded 48-hour marathon with 10 million chat messages (seeded once
 * per machine, about a minute, then copied), and one Chromium, for a test file.
 */
export function marathonSession(prefix: string): E2eSession<Record<string, never>> {
  return e2eSession(prefix, {
    prepare: (dataDir) => {
      const started = performance.now();
      const seed = cachedMarathon(MARATHON_10M, (line) => console.log(line));
      copySeedInto(seed.file, dataDir);
      console.log(`seed ${seed.seededNow ? 'made' : 'reused'} and copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
    startTimeoutMs: SEEDED_START_MS,
  });
}
