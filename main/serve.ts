import { parseArgs } from 'node:util';
import { type Core, createCore, DEFAULT_PORT } from './core.js';
import { playDemo } from './demo/player.js';
import { defaultDataDir, demoDataDir } from './paths.js';
import type { CredentialCipher } from './sources/credentials.js';

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
    },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not ${values.port}`);
  const backupMinutes = values['backup-minutes'] === undefined ? 5 : Number(values['backup-minutes']);
  if (!(backupMinutes > 0)) throw new Error('--backup-minutes must be a positive number');
  const baseDir = values['data-dir'] ?? defaultDataDir();
  const demo = values.demo === true;
  return startCore({
    dataDir: demo ? demoDataDir(baseDir) : baseDir,
    port,
    // No --host: the owner's network access switch decides (off by default).
    ...(values.host !== undefined ? { host: values.host } : {}),
    demo,
    backupIntervalMs: backupMinutes * 60_000,
  });
}

/** Starts a core (and, in demo mode, the demo player), and explains where to go. */
export async function startCore(options: {
  dataDir: string;
  port: number;
  host?: string;
  demo: boolean;
  backupIntervalMs?: number;
  nativeBinding?: string;
  rendererDir?: string;
  credentialCipher?: CredentialCipher | undefined;
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

/** Closes the core cleanly on Ctrl+C or a stop signal, saving queued chat first. */
export function closeOnSignals(core: Core): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: saving and closing the database...`);
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
}

const isEntry = process.argv[1] !== undefined && /serve\.(c?js|ts)$/.test(process.argv[1]);
if (isEntry) {
  serve(process.argv.slice(2)).then(closeOnSignals, (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
