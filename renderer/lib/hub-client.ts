import { type Socket, io } from 'socket.io-client';
import { type HubClientEvents, type SequencedBatch, type SnapshotProblem, unbatch } from '../../shared/contract.js';

/**
 * live: connected and in step; connecting: first attempt; reconnecting: lost, socket.io retries
 * by itself; refused: the server turned the token or key down and will not be retried.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface HubListener<Snapshot, Change> {
  snapshot(snapshot: Snapshot): void;
  change(change: Change): void;
  /** When given, every change applied from one batch is handed over at once (one store update). */
  changes?(changes: Change[]): void;
  connection(state: ConnectionState): void;
}

interface HubEvents<Snapshot, Change> {
  snapshot: (snapshot: Snapshot) => void;
  changes: (batch: SequencedBatch<Change>) => void;
  snapshot_failed: (problem: SnapshotProblem) => void;
}

/** After the server could not build a snapshot, ask again this much later. */
const SNAPSHOT_RETRY_MS = 5_000;

/**
 * Follows one hub namespace: a snapshot, then changes numbered seq + 1, + 2, ... A change from
 * another epoch (the app restarted) or after a gap means we missed something: ask for a fresh
 * snapshot and ignore changes until it comes. Returns a function that closes the connection.
 */
export function followHub<Snapshot extends { epoch: string; seq: number }, Change>(
  namespace: string,
  auth: Record<string, string>,
  listener: HubListener<Snapshot, Change>,
): () => void {
  const socket: Socket<HubEvents<Snapshot, Change>, HubClientEvents> = io(namespace, { auth });
  let epoch: string | null = null;
  let seq = 0;
  let inStep = false;

  listener.connection('connecting');

  socket.on('snapshot', (snapshot) => {
    epoch = snapshot.epoch;
    seq = snapshot.seq;
    inStep = true;
    listener.snapshot(snapshot);
    listener.connection('live');
  });

  socket.on('changes', (batch) => {
    const applied: Change[] = [];
    for (const sequenced of unbatch(batch)) {
      if (!inStep) break; // a snapshot is on its way and already includes this
      if (sequenced.epoch === epoch && sequenced.seq <= seq) continue; // already applied
      if (sequenced.epoch !== epoch || sequenced.seq !== seq + 1) {
        inStep = false;
        socket.emit('resync');
        break;
      }
      seq = sequenced.seq;
      applied.push(sequenced.change);
    }
    if (applied.length === 0) return;
    if (listener.changes) listener.changes(applied);
    else for (const change of applied) listener.change(change);
  });

  // The server could not build our snapshot (its failure, on its health banner): ask again soon.
  let retry: ReturnType<typeof setTimeout> | null = null;
  socket.on('snapshot_failed', (problem) => {
    inStep = false;
    console.error(`the live view could not be loaded: ${problem.message}`);
    listener.connection('reconnecting');
    if (retry) return;
    retry = setTimeout(() => {
      retry = null;
      if (socket.connected) socket.emit('resync');
    }, SNAPSHOT_RETRY_MS);
  });

  socket.on('disconnect', (reason) => {
    inStep = false;
    // The server ends overlay connections whose key was rotated; socket.io will not retry those.
    listener.connection(reason === 'io server disconnect' ? 'refused' : 'reconnecting');
  });

  socket.on('connect_error', () => {
    inStep = false;
    // socket.active is false when the server's middleware refused us (bad token or key).
    listener.connection(socket.active ? 'reconnecting' : 'refused');
  });

  return () => {
    if (retry) clearTimeout(retry);
    socket.removeAllListeners();
    socket.disconnect();
  };
}
