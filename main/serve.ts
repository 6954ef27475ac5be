import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Core, createCore, DEFAULT_PORT } from './core.js';
import { playDemo } from './demo/player.js';
import type { PrintPdf } from './report/pdf.js';
import { defaultDataDir, demoDataDir } from './paths.js';
import { surviveUncaught } from './safety/last-resort.js';
import type { CredentialCipher } from './sources/credentials.js';
import { CORE_PROCESS_FLAG, type CoreMessage, RESTART_ENV, type RestartNote, superviseCore } from './supervisor/supervisor.js';

/**
 * `npm run serve -- --data-dir DIR --port PORT`: the core without a window. Prints
 * `listening on http://127.0.0.1:PORT` once it accepts requests (other tools wait for it).
 */
export async function serve(argv: string[]): Promise<Core> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'backup-minutes': { type: 'string' },
      'backup-budget-gb': { type: 'string' },
    },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not ${values.port}`);
  const backupMinutes = values['backup-minutes'] === undefined ? 5 : Number(values['backup-minutes']);
  if (!(backupMinutes > 0)) throw new Error('--backup-minutes must be a positive number');
  const budgetGb = values['backup-budget-gb'] === undefined ? undefined : Number(values['backup-budget-gb']);
  if (budgetGb !== undefined && !(budgetGb > 0)) throw new Error('--backup-budget-gb must be a positive number of gigabytes');
  const baseDir = values['data-dir'] ?? defaultDataDir();
  const demo = values.demo === true;
  return startCore({
    dataDir: demo ? demoDataDir(baseDir) : baseDir,
    port,
    // No --host: the owner's network access switch decides (off by default).
    ...(values.host !== undefined ? { host: values.host } : {}),
    demo,
    backupIntervalMs: backupMinutes * 60_000,
    ...(budgetGb !== undefined ? { backupBudgetBytes: Math.round(budgetGb * 1024 ** 3) } : {}),
  });
}

/** Starts a core (and, in demo mode, the demo player), and explains where to go. */
export async function startCore(options: {
  dataDir: string;
  port: number;
  host?: string;
  demo: boolean;
  backupIntervalMs?: number;
  backupBudgetBytes?: number;
  nativeBinding?: string;
  rendererDir?: string;
  credentialCipher?: CredentialCipher | undefined;
  /** Prints the marathon report to PDF (the desktop window); absent: Chromium when it is there. */
  printPdf?: PrintPdf | null;
  quiet?: boolean;
}): Promise<Core> {
  let demoCore: Core | null = null;
  const { credentialCipher, ...rest } = options;
  const core = await createCore({
    ...rest,
    ...(credentialCipher ? { credentialCipher } : {}),
    startDemo: async () => {
      demoCore ??= await startCore({ ...options, dataDir: demoDataDir(options.dataDir), port: 0, demo: true, quiet: true });
      return demoCore.dashboardUrl;
    },
  });
  const player = options.demo ? playDemo(core.services) : null;
  const close = core.close;
  core.close = async () => {
    player?.stop();
    await demoCore?.close();
    await close();
  };
  if (!options.quiet) {
    console.log(`listening on ${core.url}`);
    console.log(`Dashboard: ${core.dashboardUrl}`);
    console.log(
      core.ownerTokenCreated
        ? `Owner token (new, kept in ${core.dataDir}): ${core.ownerToken}`
        : `Owner token: ${process.env.TELETHON_OWNER_TOKEN ? 'from TELETHON_OWNER_TOKEN' : `kept in ${core.dataDir}`}`,
    );
    console.log(`Database: ${core.databaseFile}${options.demo ? ' (demo data only)' : ''}`);
  }
  return core;
}

/**
 * Closes the core cleanly on Ctrl+C or a stop signal, saving queued chat first. Returns the
 * same stop, for other reasons to stop (the supervisor went away).
 */
export function closeOnSignals(core: Core): (reason: string) => void {
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${reason}: saving and closing the database...`);
    core.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  return stop;
}

/** Says on the health banner that this core is a restart, and why the last one stopped. */
export function reportRestart(health: Core['services']['health'], note: RestartNote): void {
  health.report(
    'core_restarted',
    `Telethon Desk restarted itself at ${note.at.slice(11, 19)} UTC because ${note.reason}` +
      `${note.restarts > 1 ? ` (${note.restarts} restarts since it was started)` : ''}. Nothing acknowledged was lost; dashboards and overlay pages reconnected by themselves.`,
  );
}

/** This bundle (dist/main/serve.cjs), which the supervisor starts again as the core. */
function thisEntry(): string {
  return typeof __filename === 'string' && /serve\.c?js$/.test(__filename) ? __filename : fileURLToPath(import.meta.url);
}

/**
 * `npm run serve`: a supervisor that runs the core in a child process and restarts it if it
 * dies (see superviseCore). Resolves with this process's exit code.
 */
export function superviseServe(argv: string[]): Promise<number> {
  return superviseCore({ entry: thisEntry(), args: argv });
}

/**
 * The core as the supervisor's child: the same as serve(), plus the last-resort policy for
 * uncaught errors, a message to the supervisor once listening (its port is reused on a
 * restart), and a clean close when the supervisor goes away (a core never outlives it: it
 * would hold the data folder with nobody left to restart it).
 */
export async function runCoreProcess(argv: string[]): Promise<void> {
  const core = await serve(argv);
  const health = core.services.health;
  surviveUncaught((context, error) => health.internalError(context, error), core.db);
  const restarted = process.env[RESTART_ENV];
  if (restarted) reportRestart(health, JSON.parse(restarted) as RestartNote);
  const stop = closeOnSignals(core);
  if (process.send) {
    process.send({ type: 'listening', port: Number(new URL(core.url).port) } satisfies CoreMessage);
    process.on('disconnect', () => stop('The supervisor stopped'));
  }
}

const isEntry = process.argv[1] !== undefined && /serve\.(c?js|ts)$/.test(process.argv[1]);
if (isEntry) {
  const argv = process.argv.slice(2);
  if (argv.includes(CORE_PROCESS_FLAG)) {
    runCoreProcess(argv.filter((arg) => arg !== CORE_PROCESS_FLAG)).catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
  } else {
    void superviseServe(argv).then((code) => process.exit(code));
  }
}
