import { closeSync, fdatasync, openSync } from 'node:fs';
import type { Db } from './database.js';

/**
 * Makes commits durable without holding the server's one thread: after a transaction commits
 * at synchronous=NORMAL (its WAL frames written, not yet flushed), `sync()` flushes the WAL
 * file with fdatasync on libuv's thread pool, and resolves once everything committed before the
 * call is on disk. That is what synchronous=FULL does inside COMMIT (an fsync of the WAL after
 * each transaction), moved off the event loop: meanwhile the server parses the next requests
 * and commits the next group, and one flush covers every commit made before it started.
 *
 * On Linux, macOS and Windows a flush applies to the file, whichever descriptor asks for it, so
 * a descriptor of our own on the `-wal` file flushes the frames SQLite wrote through its own.
 * Frames a checkpoint already copied into the database are synced by the checkpoint itself.
 */
export class WalSync {
  private fd: number | null = null;
  /** The flush under way, started after some commits; commits made since wait for the next one. */
  private running: Promise<void> | null = null;
  private next: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null;
  private closed = false;

  constructor(private readonly db: Db) {}

  /** Resolves once every transaction committed before this call is on disk. */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the database is closed'));
    if (this.db.memory) return Promise.resolve();
    if (!this.running) return this.start();
    if (!this.next) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.next = { promise, resolve, reject };
    }
    return this.next.promise;
  }

  /** Stops taking new flushes; the descriptor is closed once the one under way has finished. */
  close(): void {
    this.closed = true;
    if (!this.running) this.release();
  }

  private start(): Promise<void> {
    const flush = new Promise<void>((resolve, reject) => {
      let fd: number;
      try {
        fd = this.descriptor();
      } catch (error) {
        reject(error);
        return;
      }
      fdatasync(fd, (error) => (error ? reject(error) : resolve()));
    });
    const running = flush.finally(() => {
      this.running = null;
      const waiting = this.next;
      this.next = null;
      if (waiting) {
        // Their commits came while the last flush ran: one more flush covers them all.
        if (this.closed) waiting.reject(new Error('the database is closed'));
        else this.start().then(waiting.resolve, waiting.reject);
      } else if (this.closed) {
        this.release();
      }
    });
    this.running = running.catch(() => {});
    return flush;
  }

  /** The WAL exists once the first transaction has committed; it is opened then, once. */
  private descriptor(): number {
    this.fd ??= openSync(`${this.db.name}-wal`, 'r+'); // Windows flushes only a handle open for writing
    return this.fd;
  }

  private release(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
