import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../../shared/contract.js';
import { signGeneric } from '../../main/sources/webhook/signature.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const OWNER_TOKEN = 'e2e-owner-token-0123456789abcdef';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /**
   * kill -9 of the whole app: the supervisor and its core child at once, so the core cannot
   * close anything and nothing restarts it (`child.kill('SIGKILL')` kills the supervisor only,
   * and its core then closes the database cleanly).
   */
  killAll(): void;
}

/** The pid of the core process that holds this data folder (its lock file), or null. */
export function corePid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'telethon.lock'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until no core holds the data folder: when the supervisor is killed (SIGKILL), its
 * core child notices and closes the database itself, a moment later.
 */
export async function waitForCoreGone(dataDir: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = corePid(dataDir);
    if (pid === null || !isAlive(pid)) return;
    if (Date.now() > deadline) throw new Error(`the core process ${pid} still holds ${dataDir} ${timeoutMs} ms after its supervisor stopped`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts `dist/main/serve.cjs` (what `npm run serve` runs: a supervisor and its core child) and
 * waits for "listening on". stop() resolves with the supervisor's exit code once the core has
 * let go of the data folder too. `env` is added to this process's environment for the app only.
 */
export function startServer(dataDir: string, extraArgs: string[] = [], timeoutMs = 20_000, env: Record<string, string> = {}): Promise<ServerProcess> {
  // TELETHON_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profiles the server a test
  // or benchmark starts (the supervisor's core child inherits the flags).
  const nodeArgs = (process.env.TELETHON_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // TELETHON_SERVER_ROOT=<another checkout, built>: the same test or bench against that version.
  const root = process.env.TELETHON_SERVER_ROOT ?? ROOT;
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/main/serve.cjs'), '--data-dir', dataDir, '--port', '0', ...extraArgs], {
    cwd: root,
    env: { ...process.env, ...env, TELETHON_OWNER_TOKEN: OWNER_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))).then(async (code) => {
    await waitForCoreGone(dataDir);
    return code;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1],
          output: () => output,
          killAll: () => {
            const core = corePid(dataDir);
            child.kill('SIGKILL');
            if (core !== null && core !== child.pid && isAlive(core)) process.kill(core, 'SIGKILL');
          },
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

export async function ownerApi(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${OWNER_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * Posts a body to a generic webhook URL, signed now with the source's secret as a donation tool
 * does, and answers its status once the body is read (so the connection is free again).
 */
export async function postSignedWebhook(hookUrl: string, secret: string, body: unknown): Promise<number> {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  const response = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [WEBHOOK_TIMESTAMP_HEADER]: String(ts), [WEBHOOK_SIGNATURE_HEADER]: signGeneric(secret, ts, raw) },
    body: raw,
  });
  await response.arrayBuffer();
  return response.status;
}
