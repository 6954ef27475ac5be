import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../people/invites.js';
import { type RouteKey, type RouteResponse, ROUTE_ROLES, roleAllows, splitRouteKey } from '../../shared/contract.js';
import type { ApiError, Role } from '../../shared/views.js';

/** An error that is the caller's (4xx) or a known state of the app (503), with plain words. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export async function sendText(res: ServerResponse, reply: TextReply): Promise<void> {
  const pieces = typeof reply.text === 'string' ? [reply.text] : reply.text;
  await sendPieces(res, pieces, {
    'content-type': reply.contentType,
    ...(reply.filename ? { 'content-disposition': `attachment; filename="${reply.filename.replace(/[^\w.-]/g, '_')}"` } : {}),
  });
}

/** A 200 body written piece by piece, waiting for the socket to drain between (large exports). */
async function sendPieces(res: ServerResponse, pieces: readonly string[], headers: Record<string, string>): Promise<void> {
  let length = 0;
  for (const piece of pieces) length += Buffer.byteLength(piece);
  res.writeHead(200, { ...headers, 'content-length': length, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  for (const piece of pieces) {
    if (res.destroyed) return;
    if (!res.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body: ApiError = { error: { code, message } };
  // A refused upload is not read to the end: close the connection instead of draining it.
  sendJson(res, status, body, status === 413 ? { connection: 'close' } : {});
}

/** Reads the raw body up to `limit` bytes; more is a 413 without reading the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new HttpError(413, 'body_too_large', `the body is larger than ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new HttpError(413, 'body_too_large', `the body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'malformed_json', 'the body is not valid JSON');
  }
}

/**
 * Requests must name this server in their Host header: a page on another site that a DNS
 * rebinding attack points at 127.0.0.1 carries its own host name and is refused.
 */
export function hostAllowed(host: string | undefined, allowedHosts: ReadonlySet<string>): boolean {
  return host !== undefined && allowedHosts.has(host.toLowerCase());
}

/** Browsers send Origin on cross-site requests; when present it must be one of ours. */
export function originAllowed(origin: string | undefined, allowedHosts: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && allowedHosts.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}

export interface RouteInput {
  body: unknown;
  query: URLSearchParams;
  params: Record<string, string>;
  role: Role;
  /** Who is calling (the owner or an invite's person): for the audit and for who-did-what rules. */
  caller: Caller;
  req: IncomingMessage;
}

/**
 * A 200 JSON answer already serialized, in pieces, by a route whose answer is too large to
 * stringify or send in one turn of the event loop (a marathon's export): the pieces joined are
 * the JSON of a `T`. They are written one by one, waiting for the socket to drain between.
 */
export class SerializedJson<T> {
  declare readonly encodes: T;
  constructor(readonly pieces: readonly string[]) {}
}

/** A response with a status other than 200. */
export class Reply<T> {
  constructor(readonly status: number, readonly body: T) {}
}

/**
 * A response that is not JSON (a CSV export): the route's contract type is `string`. Sent as a
 * download when a filename is given.
 */
export class TextReply {
  /** `text` may come in pieces (a large export): they are sent one by one. */
  constructor(readonly contentType: string, readonly text: string | readonly string[], readonly filename?: string) {}
}

type Answer<K extends RouteKey> =
  | RouteResponse<K>
  | Reply<RouteResponse<K>>
  | SerializedJson<RouteResponse<K>>
  | (RouteResponse<K> extends string ? TextReply : never);
export type RouteHandler<K extends RouteKey> = (input: RouteInput) => Answer<K> | Promise<Answer<K>>;

interface CompiledRoute {
  key: RouteKey;
  method: string;
  pattern: RegExp;
  paramNames: string[];
  handler: RouteHandler<RouteKey>;
}

/** Routes keyed by the shared contract; each declares its least role in ROUTE_ROLES. */
export class ApiRouter {
  private readonly routes: CompiledRoute[] = [];

  on<K extends RouteKey>(key: K, handler: RouteHandler<K>): this {
    const { method, path } = splitRouteKey(key);
    const paramNames: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
        paramNames.push(name);
        return '([^/]+)';
      })}$`,
    );
    this.routes.push({ key, method, pattern, paramNames, handler: handler as unknown as RouteHandler<RouteKey> });
    return this;
  }

  match(method: string, pathname: string): { route: CompiledRoute; params: Record<string, string> } | 'wrong_method' | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.paramNames.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route, params };
    }
    return pathMatched ? 'wrong_method' : null;
  }

  /** Runs a matched route for a caller whose role is already known. */
  async run(
    matched: { route: CompiledRoute; params: Record<string, string> },
    caller: Caller,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    bodyLimit: number,
  ): Promise<void> {
    const role = caller.role;
    const need = ROUTE_ROLES[matched.route.key];
    if (!roleAllows(role, need)) {
      throw new HttpError(403, 'forbidden', `this needs the ${need} role; this token is ${role}`);
    }
    const raw = matched.route.method === 'GET' ? Buffer.alloc(0) : await readBody(req, bodyLimit);
    const body = parseJson(raw);
    const result = await matched.route.handler({ body, query: url.searchParams, params: matched.params, role, caller, req });
    if (result instanceof SerializedJson) await sendPieces(res, result.pieces, { 'content-type': 'application/json; charset=utf-8' });
    else if (result instanceof TextReply) await sendText(res, result);
    else if (result instanceof Reply) sendJson(res, result.status, result.body);
    else sendJson(res, 200, result);
  }
}
