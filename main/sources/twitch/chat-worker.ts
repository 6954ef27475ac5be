// A Twitch channel's connection on its own thread: WebSocket frames, tmi.js's parser and the
// reading of each line run here, in parallel with the main thread that stores what they give.
import { parentPort, workerData } from 'node:worker_threads';
import { TwitchChat } from './connection.js';
import type { FromChatThread, ToChatThread, ChatThreadOptions } from './chat-thread.js';
import type { TwitchItem } from './irc.js';

/** Items go to the main thread in batches: one message per 500 lines or per 10 ms. */
const BATCH_MAX = 500;
const BATCH_MS = 10;

const port = parentPort;
if (!port) throw new Error('chat-worker runs as a worker thread');
const post = (message: FromChatThread) => port.postMessage(message);

let batch: TwitchItem[] = [];
let timer: NodeJS.Timeout | null = null;
const flush = () => {
  if (timer) clearTimeout(timer);
  timer = null;
  if (batch.length === 0) return;
  post({ type: 'items', items: batch });
  batch = [];
};

const chat = new TwitchChat({
  ...(workerData as ChatThreadOptions),
  deliver: (item) => {
    batch.push(item);
    if (batch.length >= BATCH_MAX) flush();
    else timer ??= setTimeout(flush, BATCH_MS);
  },
  // What came before a status change is delivered before it, in the order Twitch sent it.
  status: (status, problem) => {
    flush();
    post({ type: 'status', status, problem });
  },
  log: (line) => post({ type: 'log', line }),
});

port.on('message', (message: ToChatThread) => {
  if (message.type !== 'stop') return;
  void chat.stop().finally(() => {
    flush();
    post({ type: 'stopped' });
  });
});
chat.start();
