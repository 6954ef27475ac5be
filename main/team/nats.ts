/**
 * The NATS client, loaded only when this desk is in a team: a desk without one never imports it.
 */
import type { NatsConnection } from '@nats-io/transport-node';

export type NatsModules = {
  transport: typeof import('@nats-io/transport-node');
  jetstream: typeof import('@nats-io/jetstream');
};

let loaded: Promise<NatsModules> | null = null;

export function loadNats(): Promise<NatsModules> {
  loaded ??= Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]).then(([transport, jetstream]) => ({ transport, jetstream }));
  return loaded;
}

export interface NatsTarget {
  servers: string[];
  /** A NATS credentials file's text (JWT + seed), or null on a server without authentication. */
  creds: string | null;
  name?: string;
}

/**
 * Connects and keeps reconnecting for ever (a marathon outlives any outage): callers see the
 * connection's status, never an exception for a network that went away.
 */
export async function connectNats(target: NatsTarget, options: { timeoutMs?: number } = {}): Promise<NatsConnection> {
  const { transport } = await loadNats();
  return transport.connect({
    servers: target.servers,
    name: target.name ?? 'telethon-desk',
    timeout: options.timeoutMs ?? 5_000,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Each request would otherwise build an Error for its stack, in case it fails: at a team's
    // peak that was a seventh of the process's time (npm run bench team, --cpu-prof).
    noAsyncTraces: true,
    ...(target.creds ? { authenticator: transport.credsAuthenticator(new TextEncoder().encode(target.creds)) } : {}),
  });
}
