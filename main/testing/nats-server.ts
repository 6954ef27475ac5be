/**
 * Real nats-server processes for tests and the bench: each on its own free ports, with its own
 * JetStream store under a temporary folder, killed after. NATS_SERVER_PATH overrides the binary
 * (Debian's nats-server package installs /usr/sbin/nats-server).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NATS_SERVER_BINARY = process.env.NATS_SERVER_PATH ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A team's NATS account under a test operator: what an organizer is given by whoever runs the server. */
export interface TestOperator {
  /** Lines for the server config: operator, system account, memory resolver with the accounts preloaded. */
  config: string;
  /** The team account's seed ("SA..."), what the organizer types into the team set-up. */
  accountSeed: string;
}

export async function testOperator(): Promise<TestOperator> {
  const { createAccount, createOperator, encodeAccount, encodeOperator } = await import('@nats-io/jwt');
  const operator = createOperator();
  const system = createAccount();
  const team = createAccount();
  const operatorJwt = await encodeOperator('telethon-test', operator, { system_account: system.getPublicKey() });
  const systemJwt = await encodeAccount('SYS', system, {}, { signer: operator });
  const unlimited = { conn: -1, subs: -1, payload: -1, data: -1, leaf: -1, imports: -1, exports: -1, wildcards: true, mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 };
  const teamJwt = await encodeAccount('team', team, { limits: unlimited }, { signer: operator });
  return {
    config: [
      `operator: ${operatorJwt}`,
      `system_account: ${system.getPublicKey()}`,
      'resolver: MEMORY',
      `resolver_preload: {\n  ${system.getPublicKey()}: ${systemJwt}\n  ${team.getPublicKey()}: ${teamJwt}\n}`,
    ].join('\n'),
    accountSeed: new TextDecoder().decode(team.getSeed()),
  };
}

export interface NatsServerProcess {
  port: number;
  url: string;
  storeDir: string;
  /** Starts it again (same port, same store) after stop or kill. */
  start(): Promise<void>;
  /** kill -9. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

export interface NatsServerOptions {
  operator?: TestOperator;
  /** For a cluster: this node's name, its cluster port and every node's cluster port. */
  cluster?: { name: string; port: number; routes: number[] };
  port?: number;
  root?: string;
}

/** Starts one nats-server with JetStream; `remove()` of the returned root kills and deletes all. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
  const port = options.port ?? (await freePort());
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'telethon-nats-'));
  const name = options.cluster?.name ?? `n${port}`;
  const storeDir = join(root, name);
  mkdirSync(storeDir, { recursive: true });
  const lines = [`server_name: ${name}`, 'host: 127.0.0.1', `port: ${port}`, `jetstream { store_dir: "${storeDir}" }`];
  if (options.cluster) {
    const c = options.cluster;
    lines.push(`cluster { name: telethon, host: 127.0.0.1, port: ${c.port}, routes: [${c.routes.map((p) => `nats-route://127.0.0.1:${p}`).join(', ')}] }`);
  }
  if (options.operator) lines.push(options.operator.config);
  const configFile = join(root, `${name}.conf`);
  writeFileSync(configFile, lines.join('\n') + '\n');
  let child: ChildProcess | null = null;
  let log = '';
  const exited = () => new Promise<void>((resolve) => (child && child.exitCode === null && child.signalCode === null ? child.once('exit', () => resolve()) : resolve()));
  const server: NatsServerProcess = {
    port,
    url: `nats://127.0.0.1:${port}`,
    storeDir,
    async start() {
      child = spawn(NATS_SERVER_BINARY, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
      running.add(server);
      const deadline = Date.now() + 15_000;
      while (!(await listening(port))) {
        if (child.exitCode !== null) throw new Error(`nats-server exited: ${log.slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port}: ${log.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async kill() {
      const done = exited();
      child?.kill('SIGKILL');
      await done;
      running.delete(server);
    },
    async stop() {
      const done = exited();
      child?.kill('SIGTERM');
      await done;
      running.delete(server);
    },
    output: () => log,
  };
  await server.start();
  return server;
}

const running = new Set<NatsServerProcess>();
process.once('exit', () => {
  for (const server of running) void server.kill();
});

/** A 3-node JetStream cluster on free ports (R3 streams need all three to start). */
export async function startNatsCluster(operator?: TestOperator): Promise<{ nodes: NatsServerProcess[]; urls: string[]; remove(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'telethon-nats-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const clusterPorts = [await freePort(), await freePort(), await freePort()];
  const nodes = await Promise.all(
    ports.map((port, i) =>
      startNatsServer({ port, root, cluster: { name: `n${i + 1}`, port: clusterPorts[i] ?? 0, routes: clusterPorts }, ...(operator ? { operator } : {}) }),
    ),
  );
  return {
    nodes,
    urls: nodes.map((n) => n.url),
    async remove() {
      await Promise.all(nodes.map((n) => n.kill()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Kills the server and deletes its store. */
export async function removeNatsServer(server: NatsServerProcess): Promise<void> {
  await server.kill();
  rmSync(join(server.storeDir, '..'), { recursive: true, force: true });
}
