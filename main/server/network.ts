import type { Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { NetworkView } from '../../shared/views.js';
import type { Db } from '../store/database.js';

const SETTING = 'network_access';
export const LOOPBACK = '127.0.0.1';
export const ALL_INTERFACES = '0.0.0.0';

const EXPOSES = [
  'Anyone on this network can reach the app at the addresses below: the dashboard page, the overlay pages and the webhook receivers.',
  'Data still needs a token: an invite link for moderators and viewers, the overlay key for overlays, a signature for webhooks.',
  'The connection is plain HTTP: someone on the same network could read an invite link in transit. Use it on a network you trust, and revoke links you no longer need.',
];

/** The machine's own IPv4 addresses on its networks (not loopback). */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) {
      if (address.family === 'IPv4' && !address.internal) found.push(address.address);
    }
  }
  return found;
}

/**
 * Network access: off by default (the server answers on 127.0.0.1 only). The owner turns it on
 * in the dashboard and the server listens on every interface from then on, also after a
 * restart. A --host given on the command line wins and the switch only explains that.
 * Switching does not drop anyone: open connections stay; only the listening address moves.
 */
export class NetworkAccess {
  private readonly read;
  private readonly write;

  constructor(
    db: Db,
    private readonly pinnedHost: string | null,
    private readonly server: Server,
    private readonly onBound: (host: string) => void,
    private readonly port: () => number,
  ) {
    this.read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** Where to listen at start. */
  bindHost(): string {
    return this.pinnedHost ?? (this.enabled() ? ALL_INTERFACES : LOOPBACK);
  }

  enabled(): boolean {
    return this.read.get(SETTING)?.value === 'on';
  }

  view(): NetworkView {
    const host = this.bindHost();
    const open = host !== LOOPBACK && host !== 'localhost';
    const port = this.port();
    const addresses = !open ? [] : host === ALL_INTERFACES || host === '::' ? lanAddresses() : [host];
    return {
      enabled: open,
      pinned_by_flag: this.pinnedHost !== null,
      listening: `${host}:${port}`,
      urls: addresses.map((address) => `http://${address}:${port}`),
      exposes: EXPOSES,
    };
  }

  /** Turns network access on or off now, and for the next starts. */
  async set(enabled: boolean): Promise<NetworkView> {
    if (this.pinnedHost !== null) return this.view();
    const wanted = enabled ? ALL_INTERFACES : LOOPBACK;
    const current = this.bindHost();
    this.write.run(SETTING, enabled ? 'on' : 'off');
    if (wanted !== current) await this.rebind(wanted, current);
    return this.view();
  }

  private async rebind(host: string, previous: string): Promise<void> {
    const port = this.port();
    // close() only stops accepting: open dashboards, overlays and sockets carry on.
    this.server.close();
    try {
      await listen(this.server, port, host);
    } catch (error) {
      this.write.run(SETTING, previous === LOOPBACK ? 'off' : 'on');
      await listen(this.server, port, previous);
      throw error;
    }
    this.onBound(host);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
