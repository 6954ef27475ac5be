import { randomUUID } from 'node:crypto';
import type { SequencedBatch } from '../../shared/contract.js';

interface Emitter<C> {
  emit(event: 'changes', batch: SequencedBatch<C>): unknown;
}

/**
 * One audience's ordered stream of changes. A snapshot is stamped with the current seq; every
 * change after it carries seq + 1, + 2, ... A restart makes a new epoch, so clients resync.
 * The changes published in one turn of the event loop go out together at its end, as one
 * message (SequencedBatch): a socket costs one write per turn however many changes it held.
 */
export class HubStream<C> {
  readonly epoch = randomUUID();
  private seq = 0;
  private pending: C[] = [];
  private sending: NodeJS.Immediate | null = null;

  constructor(private readonly target: Emitter<C>) {}

  get current(): number {
    return this.seq;
  }

  publish(change: C): void {
    this.seq += 1;
    this.pending.push(change);
    this.sending ??= setImmediate(() => this.send());
  }

  /**
   * Stamps a snapshot built in the same tick, so it matches the seq exactly: changes published
   * before it and not sent yet reach its socket too, and are skipped there (seq ≤ the snapshot's).
   */
  stamp<T extends object>(body: T): T & { epoch: string; seq: number } {
    return { ...body, epoch: this.epoch, seq: this.seq };
  }

  /** Drops what was not sent (the sockets are closing with the app). */
  close(): void {
    if (this.sending) clearImmediate(this.sending);
    this.sending = null;
    this.pending = [];
  }

  private send(): void {
    this.sending = null;
    const changes = this.pending;
    if (changes.length === 0) return;
    this.pending = [];
    this.target.emit('changes', { epoch: this.epoch, seq: this.seq - changes.length + 1, changes });
  }
}
