import type { NatsConnection } from '@nats-io/transport-node';
import { TEAM_FACT_VERSION, TEAM_HEARTBEAT_MS, type TeamFact, teamBeatSubject, teamMessageId, teamSubject } from '../../shared/team.js';
import type { Membership } from './membership.js';
import { connectNats, loadNats } from './nats.js';
import type { OutboxRow } from './outbox.js';

/** What the publisher needs of the outbox (the bench gives it a simulated one). */
export interface OutboxSource {
  next(limit: number): OutboxRow[];
  markPublished(seq: number): void;
  waiting(): number;
}

export interface PublisherStatus {
  connected: boolean;
  lastPublishedAt: number | null;
  lastError: string | null;
}

const BATCH = 256;
const RETRY_MS = 1_000;
const IDLE_MS = 1_000;

/** The message for one outbox row: the desk's fact with its envelope. */
export function factMessage(m: Pick<Membership, 'teamId' | 'deskId' | 'deskName'>, row: OutboxRow): { subject: string; msgId: string; data: string } {
  // The body is already JSON (the outbox wrote it): put it in its envelope as it is, rather than
  // parse and write it again for every message.
  const envelope: Omit<TeamFact, 'fact'> = { v: TEAM_FACT_VERSION, team: m.teamId, desk: m.deskId, desk_name: m.deskName, seq: row.seq, at: row.created_at };
  const data = `${JSON.stringify(envelope).slice(0, -1)},"fact":${row.body}}`;
  return { subject: teamSubject(m.teamId, m.deskId, row.kind), msgId: teamMessageId(m.deskId, row.seq), data };
}

/**
 * Sends the outbox to the team stream in seq order, a batch at a time (pipelined), each with
 * Nats-Msg-Id `<desk>:<seq>` so the stream drops a resend; the outbox moves on only over the
 * prefix JetStream acknowledged. While NATS is away it waits and tries again: the desk's own
 * work never waits on it.
 */
export class TeamPublisher {
  readonly status: PublisherStatus = { connected: false, lastPublishedAt: null, lastError: null };
  private nc: NatsConnection | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private beatTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly membership: Membership,
    private readonly outbox: OutboxSource,
    private readonly creds: string | null,
    private readonly options: { log?: (line: string) => void; now?: () => number; batch?: number; heartbeatMs?: number } = {},
  ) {}

  start(): void {
    this.loop ??= this.run().catch((error: unknown) => this.options.log?.(`team publisher stopped: ${describe(error)}`));
  }

  /** Something was committed: send it now rather than at the next idle tick. */
  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.beatTimer) clearInterval(this.beatTimer);
    this.beatTimer = null;
    this.wake?.();
    await this.loop;
    await this.nc?.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { jetstream } = await loadNats();
    while (!this.stopped) {
      try {
        this.nc ??= await this.connect();
        if (this.stopped) break;
        const js = jetstream.jetstream(this.nc, { timeout: 5_000 });
        while (!this.stopped) {
          const rows = this.outbox.next(this.options.batch ?? BATCH);
          if (rows.length === 0) {
            await this.sleep(IDLE_MS);
            continue;
          }
          const acks = rows.map((row) => {
            const message = factMessage(this.membership, row);
            return js.publish(message.subject, message.data, { msgID: message.msgId });
          });
          let acked = 0;
          let failure: unknown = null;
          for (const [i, ack] of acks.entries()) {
            try {
              await ack;
              if (failure === null) acked = i + 1;
            } catch (error) {
              failure ??= error;
            }
          }
          const last = rows[acked - 1];
          if (last) {
            this.outbox.markPublished(last.seq);
            this.status.lastPublishedAt = (this.options.now ?? Date.now)();
          }
          if (failure !== null) throw failure;
          this.status.lastError = null;
        }
      } catch (error) {
        this.status.lastError = describe(error);
        await this.sleep(RETRY_MS);
      }
    }
  }

  /**
   * Core NATS, not the stream: a heartbeat lost while the network is away is simply not heard,
   * which is what the board says ("silent since").
   */
  private heartbeat(nc: NatsConnection): void {
    if (this.stopped || nc.isClosed()) return;
    try {
      nc.publish(teamBeatSubject(this.membership.teamId, this.membership.deskId));
    } catch {
      // closed or disconnected: the next one tries again
    }
  }

  private async connect(): Promise<NatsConnection> {
    const nc = await connectNats({ servers: this.membership.servers, creds: this.creds, name: `telethon-desk ${this.membership.deskId}` });
    this.status.connected = true;
    if (this.options.heartbeatMs !== 0) {
      this.heartbeat(nc);
      if (this.beatTimer) clearInterval(this.beatTimer);
      this.beatTimer = setInterval(() => this.heartbeat(nc), this.options.heartbeatMs ?? TEAM_HEARTBEAT_MS);
      this.beatTimer.unref?.();
    }
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' || s.type === 'staleConnection') this.status.connected = false;
        if (s.type === 'reconnect') this.status.connected = true;
      }
    })().catch(() => undefined);
    void nc.closed().then(() => {
      this.status.connected = false;
    });
    return nc;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
