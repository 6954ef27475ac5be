import type { NatsConnection } from '@nats-io/transport-node';
import type { ApplyResult, StreamMessage, TeamLedger } from './ledger.js';
import { connectNats, loadNats } from './nats.js';
import { describe } from './publisher.js';

const APPLY_EVERY_MS = 50;
const APPLY_MAX = 1_000;
const RETRY_MS = 1_000;
/** Quiet this long while the stream holds more than was applied: the consumer is started again. */
const STALL_MS = 5_000;

export interface ReaderStatus {
  connected: boolean;
  lastError: string | null;
  lastAppliedAt: number | null;
}

/**
 * Reads the team stream from the position the ledger stored (an ordered consumer: the server
 * keeps no state for it, the desk's SQLite does) and applies it in small batches.
 */
export class TeamReader {
  readonly status: ReaderStatus = { connected: false, lastError: null, lastAppliedAt: null };
  private nc: NatsConnection | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private buffer: StreamMessage[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopCurrent: (() => void) | null = null;

  constructor(
    private readonly target: { servers: string[]; creds: string | null; stream: string; name: string; /** Heartbeats' subject (wildcard). */ beats?: string },
    private readonly ledger: TeamLedger,
    private readonly options: { onApplied?: (result: ApplyResult) => void; onHeartbeat?: (deskId: string) => void; log?: (line: string) => void; now?: () => number } = {},
  ) {}

  start(): void {
    this.loop ??= this.run().catch((error: unknown) => this.options.log?.(`team reader stopped: ${describe(error)}`));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopCurrent?.();
    await this.loop;
    this.flush();
    await this.nc?.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { jetstream } = await loadNats();
    while (!this.stopped) {
      try {
        if (!this.nc) {
          this.nc = await connectNats({ servers: this.target.servers, creds: this.target.creds, name: `${this.target.name} reader` });
          void this.watch(this.nc);
          if (this.target.beats) this.listenForHeartbeats(this.nc, this.target.beats);
        }
        this.status.connected = true;
        const js = jetstream.jetstream(this.nc);
        const from = this.ledger.position() + 1;
        const consumer = await js.consumers.get(this.target.stream, { deliver_policy: jetstream.DeliverPolicy.StartSequence, opt_start_seq: from });
        // Short pulls and heartbeats: a server that restarted (and forgot the consumer) is noticed in seconds.
        const messages = await consumer.consume({ max_messages: 2_000, expires: 5_000, idle_heartbeat: 1_000 });
        this.stopCurrent = () => void messages.stop();
        if (this.stopped) messages.stop();
        const jsm = await jetstream.jetstreamManager(this.nc, { timeout: 3_000 });
        let lastMessageAt = Date.now();
        // A consumer whose server or stream leader went away can fall silent without an error (seen
        // with an R3 stream whose leader was killed): compare with the stream and start again.
        const watchdog = setInterval(() => {
          if (Date.now() - lastMessageAt < STALL_MS) return;
          void jsm.streams.info(this.target.stream).then((info) => {
            if (info.state.last_seq > this.ledger.position() + this.buffer.length && Date.now() - lastMessageAt >= STALL_MS) messages.stop();
          }, () => undefined);
        }, STALL_MS);
        try {
          for await (const m of messages) {
            lastMessageAt = Date.now();
            this.buffer.push({ subject: m.subject, data: m.string(), streamSeq: m.seq, storedAt: Number(m.timestampNanos / 1_000_000n) });
            if (this.buffer.length >= APPLY_MAX) this.flush();
            else this.timer ??= setTimeout(() => this.flush(), APPLY_EVERY_MS);
          }
        } finally {
          clearInterval(watchdog);
        }
        this.flush();
      } catch (error) {
        this.flush();
        this.status.lastError = describe(error);
        if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** Desks' heartbeats (subject team.<team>.beat.<desk>: the server checked who sent it). */
  private listenForHeartbeats(nc: NatsConnection, subject: string): void {
    nc.subscribe(subject, {
      callback: (error, message) => {
        if (error) return;
        const deskId = message.subject.split('.')[3];
        if (!deskId) return;
        try {
          if (this.ledger.heartbeat(deskId, (this.options.now ?? Date.now)())) this.options.onHeartbeat?.(deskId);
        } catch (failure) {
          this.status.lastError = `could not save a heartbeat: ${describe(failure)}`;
        }
      },
    });
  }

  private async watch(nc: NatsConnection): Promise<void> {
    try {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' || s.type === 'staleConnection') this.status.connected = false;
        if (s.type === 'reconnect') {
          this.status.connected = true;
          // Start again from the stored position rather than trust a consumer the server may have lost.
          this.stopCurrent?.();
        }
      }
    } catch {
      // the connection closed
    }
    this.status.connected = false;
  }

  /** Applies what is buffered; a failure (storage) keeps it for the next try. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      const result = this.ledger.apply(batch);
      this.status.lastAppliedAt = (this.options.now ?? Date.now)();
      this.options.onApplied?.(result);
    } catch (error) {
      this.buffer = batch.concat(this.buffer);
      this.status.lastError = `could not save team events: ${describe(error)}`;
      this.timer = setTimeout(() => this.flush(), RETRY_MS);
    }
  }
}
