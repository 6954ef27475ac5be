import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace } from 'socket.io';
import {
  type HubClientEvents,
  type SnapshotProblem,
  OVERLAY_NAMESPACE,
  type OverlayServerEvents,
  type SequencedBatch,
  STAFF_NAMESPACE,
  type StaffChange,
  type StaffServerEvents,
  staffRoom,
} from '../../shared/contract.js';
import type { Role } from '../../shared/views.js';
import type { ReportInternal } from '../health.js';
import type { Hub } from '../hub/hub.js';
import { moneyOverflow } from '../ingest/money-volume.js';
import { logInternal } from '../safety/guard.js';
import type { Auth } from './auth.js';
import { hostAllowed, originAllowed } from './http.js';

interface StaffData {
  role: Role;
  actor: string;
}

export type StaffNamespace = Namespace<HubClientEvents, StaffServerEvents, Record<string, never>, StaffData>;
export type OverlayNamespace = Namespace<HubClientEvents, OverlayServerEvents>;

export interface Sockets {
  io: Server;
  staff: StaffNamespace;
  overlay: OverlayNamespace;
  /**
   * Where a role's changes go: its room. Nothing is encoded while nobody of that role is
   * connected (often only the owner is); the hub counts the seq all the same.
   */
  staffRoomOf(role: Role): { emit(event: 'changes', batch: SequencedBatch<StaffChange>): boolean };
  /** Ends overlay connections that used a key which is no longer valid. */
  dropStaleOverlays(): void;
  /** Ends every dashboard connection of this person (an invite was revoked). */
  endSessions(actor: string): void;
  /** Open dashboard connections of this person. */
  connections(actor: string): number;
}

/**
 * A client that does not read what it is sent (a frozen browser tab, a hostile client that
 * never reads) makes the server hold every change for it. Past these, it is disconnected: it
 * reconnects and starts from a fresh snapshot, like after any network cut.
 */
export const SLOW_CLIENT_LIMITS = { bytes: 4 * 1024 * 1024, packets: 5_000, everyMs: 1_000 };

export function createSockets(
  httpServer: HttpServer,
  auth: Auth,
  allowedHosts: () => ReadonlySet<string>,
  onSlowClient: (namespace: string, buffered: number) => void = () => {},
): Sockets {
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, callback) => {
      const hosts = allowedHosts();
      callback(null, hostAllowed(req.headers.host, hosts) && originAllowed(req.headers.origin, hosts));
    },
  });
  // socket.io types a server with one event map; each namespace here has its own contract.
  const staff = io.of(STAFF_NAMESPACE) as unknown as StaffNamespace;
  staff.use((socket, next) => {
    const caller = auth.callerOf((socket.handshake.auth as { token?: unknown }).token);
    if (!caller) {
      next(new Error('unauthorized'));
      return;
    }
    socket.data.role = caller.role;
    socket.data.actor = caller.actor;
    next();
  });
  const overlay = io.of(OVERLAY_NAMESPACE) as unknown as OverlayNamespace;
  overlay.use((socket, next) => {
    next(auth.isOverlayKey((socket.handshake.auth as { key?: unknown }).key) ? undefined : new Error('unauthorized'));
  });
  const sweep = setInterval(() => {
    for (const namespace of [staff, overlay] as const) {
      for (const socket of namespace.sockets.values()) {
        const buffered = bufferedFor(socket.conn as unknown as EngineConnection);
        if (buffered.bytes > SLOW_CLIENT_LIMITS.bytes || buffered.packets > SLOW_CLIENT_LIMITS.packets) {
          onSlowClient(namespace.name, buffered.bytes);
          socket.disconnect(true);
        }
      }
    }
  }, SLOW_CLIENT_LIMITS.everyMs);
  sweep.unref();
  httpServer.once('close', () => clearInterval(sweep));
  return {
    io,
    staff,
    overlay,
    staffRoomOf(role) {
      const room = staffRoom(role);
      return { emit: (event, change) => (staff.adapter.rooms.get(room)?.size ? staff.to(room).emit(event, change) : false) };
    },
    dropStaleOverlays() {
      for (const socket of overlay.sockets.values()) {
        if (!auth.isOverlayKey((socket.handshake.auth as { key?: unknown }).key)) socket.disconnect(true);
      }
    },
    endSessions(actor) {
      for (const socket of staff.sockets.values()) if (socket.data.actor === actor) socket.disconnect(true);
    },
    connections(actor) {
      let count = 0;
      for (const socket of staff.sockets.values()) if (socket.data.actor === actor) count += 1;
      return count;
    },
  };
}

/** What engine.io keeps for one connection: packets not yet handed over, and the WebSocket's queue. */
interface EngineConnection {
  writeBuffer?: unknown[];
  transport?: { socket?: { bufferedAmount?: number } };
}

function bufferedFor(conn: EngineConnection): { bytes: number; packets: number } {
  return { bytes: conn.transport?.socket?.bufferedAmount ?? 0, packets: conn.writeBuffer?.length ?? 0 };
}

const RESYNC_MIN_INTERVAL_MS = 250;

/**
 * Answers a client's resync with a snapshot, at most every 250 ms per client: a broken or
 * hostile client asking in a loop must not make the core build snapshots without end. A
 * request inside the interval is answered when it ends, with the then-current state.
 */
function throttledResync(send: () => void): { request: () => void; stop: () => void } {
  let lastAt = 0;
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    timer = null;
    lastAt = Date.now();
    send();
  };
  return {
    request: () => {
      if (timer) return;
      const wait = lastAt + RESYNC_MIN_INTERVAL_MS - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    stop: () => {
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * Sends a freshly built snapshot. Building it reads the whole live state; if that fails (a bug,
 * an old database past the money limits, a storage error) the failure is reported (health
 * banner) and the client told why, and the connection handler returns normally: a throw here
 * would end the process. The client keeps its connection and asks again a little later.
 */
function sendSnapshot<S>(
  socket: { emit(event: 'snapshot', snapshot: S): unknown; emit(event: 'snapshot_failed', problem: SnapshotProblem): unknown },
  build: () => S,
  report: ReportInternal,
  context: string,
): void {
  let snapshot: S;
  try {
    snapshot = build();
  } catch (error) {
    const overflow = moneyOverflow(error);
    report(context, overflow ?? error);
    socket.emit('snapshot_failed', {
      code: overflow ? 'money_out_of_range' : 'internal',
      message: overflow ?? 'The app could not prepare this view; it will try again in a few seconds.',
    });
    return;
  }
  socket.emit('snapshot', snapshot);
}

/**
 * Each new client gets a snapshot; a client that saw a gap asks again. A dashboard joins its
 * role's room in the same tick as its snapshot is stamped, so the room's next change follows it.
 */
export function serveHub(
  sockets: Sockets,
  hub: Hub,
  hooks: { onStaffGone?: (actor: string) => void; onOverlayConnected?: () => void; onError?: ReportInternal } = {},
): void {
  const report = hooks.onError ?? logInternal;
  sockets.staff.on('connection', (socket) => {
    void socket.join(staffRoom(socket.data.role));
    const send = () => sendSnapshot(socket, () => hub.staffSnapshot(socket.data.role), report, `sending a ${socket.data.role} dashboard its snapshot`);
    send();
    const resync = throttledResync(send);
    socket.on('resync', resync.request);
    socket.on('disconnect', () => {
      resync.stop();
      try {
        hooks.onStaffGone?.(socket.data.actor);
      } catch (error) {
        report('releasing the claims of a moderator who left', error);
      }
    });
  });
  sockets.overlay.on('connection', (socket) => {
    try {
      hooks.onOverlayConnected?.();
    } catch (error) {
      report('noting that an overlay page connected', error);
    }
    const send = () => sendSnapshot(socket, () => hub.overlaySnapshot(), report, 'sending an overlay page its snapshot');
    send();
    const resync = throttledResync(send);
    socket.on('resync', resync.request);
    socket.on('disconnect', resync.stop);
  });
}
