import type { Worker } from 'node:worker_threads';
import type { SourceStatus } from '../../../shared/views.js';
import { startWorker } from '../../threads/entry.js';
import type { TwitchChatOptions } from './connection.js';
import type { TwitchItem } from './irc.js';

/** What the worker needs to open the channel (no functions cross threads). */
export type ChatThreadOptions = Omit<TwitchChatOptions, 'deliver' | 'status' | 'log' | 'random'>;

export type ToChatThread = { type: 'stop' };
export type FromChatThread =
  | { type: 'items'; items: TwitchItem[] }
  | { type: 'status'; status: SourceStatus; problem: string | null }
  | { type: 'log'; line: string }
  | { type: 'stopped' };

/** How long a stopping thread may take to close its connections and hand over what it read. */
const STOP_TIMEOUT_MS = 5_000;
/** A thread that died is started again after this (doubling up to a minute while it keeps dying). */
const RESTART_MS = 1_000;
const RESTART_MAX_MS = 60_000;

/**
 * One Twitch channel read on a worker thread (chat-worker.ts runs TwitchChat there): the main
 * thread only stores the items it hands over, so parsing and storing run in parallel. The
 * same callbacks as TwitchChat, called on the main thread in the order the lines came.
 */
export class TwitchChatThread {
  private worker: Worker | null = null;
  private stopping: Promise<void> | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartMs = RESTART_MS;

  constructor(private readonly options: TwitchChatOptions) {}

  start(): void {
    const { deliver: _deliver, status: _status, log: _log, random: _random, ...data } = this.options;
    const source = typeof __dirname === 'string' ? null : new URL('./chat-worker.ts', import.meta.url);
    const worker = startWorker('twitch-chat-worker', source, { workerData: data satisfies ChatThreadOptions });
    this.worker = worker;
    worker.on('message', (message: FromChatThread) => this.receive(message));
    worker.on('error', (error) => {
      this.options.log(`twitch #${this.options.channel}: the reader thread failed: ${error.message}`);
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (this.stopping) return;
      // Died on its own (a bug, out of memory): said on the source, and started again.
      this.options.status('reconnecting', `The Twitch reader of #${this.options.channel} stopped unexpectedly; it starts again in ${Math.round(this.restartMs / 1000)} s.`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (!this.stopping) this.start();
      }, this.restartMs);
      this.restartMs = Math.min(RESTART_MAX_MS, this.restartMs * 2);
    });
  }

  /** Closes the channel; resolves once everything the thread read has been handed over. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.restartTimer) clearTimeout(this.restartTimer);
      const worker = this.worker;
      if (!worker) return;
      const done = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (message: FromChatThread) => {
          if (message.type === 'stopped') resolve();
        });
      });
      worker.postMessage({ type: 'stop' } satisfies ToChatThread);
      const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
      this.worker = null;
      await worker.terminate();
    })();
    return this.stopping;
  }

  private receive(message: FromChatThread): void {
    if (message.type === 'items') {
      this.restartMs = RESTART_MS;
      for (const item of message.items) this.options.deliver(item);
    } else if (message.type === 'status') {
      this.options.status(message.status, message.problem);
    } else if (message.type === 'log') {
      this.options.log(message.line);
    }
  }
}
