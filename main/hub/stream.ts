import { randomUUID } from 'node:crypto';
import type { Sequenced } from '../../shared/contract.js';

interface Emitter<C> {
  emit(event: 'change', change: Sequenced<C>): unknown;
}

/**
 * One audience's ordered stream of changes. A snapshot is stamped with the current seq; every
 * change after it carries seq + 1, + 2, ... A restart makes a new epoch, so clients resync.
 */
export class HubStream<C> {
  readonly epoch = randomUUID();
  private seq = 0;

  constructor(private readonly target: Emitter<C>) {}

  get current(): number {
    return this.seq;
  }

  publish(change: C): void {
    this.seq += 1;
    this.target.emit('change', { epoch: this.epoch, seq: this.seq, change });
  }

  /** Stamps a snapshot built in the same tick, so it matches the seq exactly. */
  stamp<T extends object>(body: T): T & { epoch: string; seq: number } {
    return { ...body, epoch: this.epoch, seq: this.seq };
  }
}
