import { type ChildProcess, fork } from 'node:child_process';
import { CRASH_LOOP_COUNT, CRASH_LOOP_WINDOW_MS, CrashPolicy } from './crash-policy.js';

/** Added to the arguments of the child that runs the core; never typed by a person. */
export const CORE_PROCESS_FLAG = '--core-process';
/** Tells a restarted core why it was restarted, so its health banner can say so. */
export const RESTART_ENV = 'TELETHON_CORE_RESTARTED';

/** What a core child tells its supervisor. */
export type CoreMessage = { type: 'listening'; port: number };

export interface RestartNote {
  at: string;
  reason: string;
  restarts: number;
}

export interface SupervisorOptions {
  /** The script that runs the core when given CORE_PROCESS_FLAG (dist/main/serve.cjs). */
  entry: string;
  args: string[];
  /** Where the supervisor's own sentences go (stderr). */
  say?: (line: string) => void;
  /** How long a stopping core may take to close its database before it is killed. */
  stopTimeoutMs?: number;
}

const seconds = (ms: number) => (ms < 1_000 ? `${(ms / 1_000).toFixed(2)} s` : `${Math.round(ms / 1_000)} s`);

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal === 'SIGKILL') return 'it was killed (SIGKILL: out of memory, or stopped by another program)';
  if (signal) return `it was stopped by signal ${signal}`;
  if (code === 70) return 'it stopped itself after an error it could not safely recover from (see above)';
  return `it exited with code ${code}`;
}

/**
 * `npm run serve` as a small supervisor: the core runs in a child process, and when that child
 * stops unexpectedly (a crash, kill -9, out of memory) it is started again on the same port,
 * so OBS pages and dashboards reconnect by themselves. Resolves with the exit code for this
 * process once the core has stopped for good:
 * - Ctrl+C, SIGTERM or SIGHUP: passed on to the core, which saves and closes the database;
 * - the core exits cleanly (code 0): so does the supervisor;
 * - the very first start fails before listening (port taken, data folder not writable...):
 *   the core has said why; restarting would only repeat it, so the supervisor exits with its code;
 * - otherwise the core is restarted after 0.25 s, then 0.5, 1, 2... up to 30 s while it keeps
 *   stopping; 5 stops within 2 minutes are announced as a crash loop in one sentence, and the
 *   retries go on every 30 s (an organiser may fix the cause, a full disk say, mid-stream).
 */
export function superviseCore(options: SupervisorOptions): Promise<number> {
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const policy = new CrashPolicy();
  let child: ChildProcess | null = null;
  let port: number | null = null;
  let everListened = false;
  let startedAt = 0;
  let restarts = 0;
  let lastReason: string | null = null;
  let restartTimer: NodeJS.Timeout | null = null;
  let stopping: NodeJS.Signals | null = null;

  return new Promise<number>((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const finish = (code: number) => {
      for (const signal of signals) process.off(signal, onSignal);
      if (restartTimer) clearTimeout(restartTimer);
      resolve(code);
    };

    const start = () => {
      restartTimer = null;
      const args = [...options.args, CORE_PROCESS_FLAG, ...(port === null ? [] : ['--port', String(port)])];
      const env = { ...process.env };
      if (lastReason) env[RESTART_ENV] = JSON.stringify({ at: new Date().toISOString(), reason: lastReason, restarts } satisfies RestartNote);
      else delete env[RESTART_ENV];
      startedAt = Date.now();
      const running = fork(options.entry, args, { env, stdio: 'inherit' });
      child = running;
      running.on('message', (message: CoreMessage) => {
        if (message?.type !== 'listening') return;
        port = message.port;
        everListened = true;
      });
      running.once('exit', (code, signal) => {
        child = null;
        if (stopping) return finish(code ?? 1);
        if (code === 0 && signal === null) return finish(0);
        if (!everListened) return finish(code ?? 1);
        const now = Date.now();
        policy.healthyFor(now - startedAt);
        const { delayMs, loop, recent } = policy.stopped(now);
        lastReason = describeExit(code, signal);
        restarts += 1;
        say(`Telethon Desk's core stopped unexpectedly: ${lastReason}. Restarting it on port ${port} in ${seconds(delayMs)}.`);
        if (loop) {
          say(
            `Telethon Desk's core has stopped ${recent} times within ${CRASH_LOOP_WINDOW_MS / 60_000} minutes ` +
              `(at least ${CRASH_LOOP_COUNT} in a row means something is wrong that a restart does not fix: read the messages above). ` +
              'It keeps trying, up to every 30 seconds; press Ctrl+C to stop it.',
          );
        }
        restartTimer = setTimeout(start, delayMs);
      });
    };

    function onSignal(signal: NodeJS.Signals) {
      if (stopping) return;
      stopping = signal;
      if (restartTimer) {
        clearTimeout(restartTimer);
        restartTimer = null;
      }
      const running = child;
      if (!running) return finish(0);
      // In a terminal, Ctrl+C reaches the core too (same process group); it closes once.
      running.kill(signal);
      const timeout = setTimeout(() => {
        say(`The core did not close within ${seconds(options.stopTimeoutMs ?? 60_000)}: stopping it now.`);
        running.kill('SIGKILL');
      }, options.stopTimeoutMs ?? 60_000);
      timeout.unref();
    }
    for (const signal of signals) process.on(signal, onSignal);
    start();
  });
}
