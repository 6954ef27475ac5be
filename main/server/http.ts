import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../people/invites.js';
import { type RouteKey, type RouteResponse, ROUTE_ROLES, roleAllows, splitRouteKey } from '../../shared/contract.js';
import { ROUTE_SCHEMAS, type SchemaBody, type SchemaQuery, checkAgainst } from '../../shared/schemas.js';
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
  const pieces = typeof reply.text === 'string' || Buffer.isBuffer(reply.text) ? [reply.text] : reply.text;
  await sendPieces(res, pieces, {
    'content-type': reply.contentType,
    ...(reply.filename ? { 'content-disposition': `attachment; filename="${reply.filename.replace(/[^\w.-]/g, '_')}"` } : {}),
  });
}

/** A 200 body written piece by piece, waiting for the socket to drain between (large exports). */
async function sendPieces(res: ServerResponse, pieces: readonly (string | Buffer)[], headers: Record<string, string>): Promise<void> {
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
  sendJson(res, status, body);
}

/** The most a refused upload is read (and thrown away) so that its sender can read the 413. */
const DISCARD_LIMIT = 32 * 1024 * 1024;

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'body_too_large', `the body is larger than ${limit} bytes`);
}

/**
 * After a 413, the rest of the upload is read and thrown away rather than left unread: a
 * connection closed with unread data is reset, and a reset can reach the sender before the 413
 * does. Past DISCARD_LIMIT the connection is cut.
 */
function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/** The body a request declares (Content-Length), if any. */
export function declaredLength(req: IncomingMessage): number | null {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) ? declared : null;
}

/** Reads the raw body up to `limit` bytes; more is a 413 without keeping the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = declaredLength(req);
  if (declared !== null && declared > limit) {
    discardRest(req);
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        discardRest(req);
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** The deepest nesting of arrays and objects a JSON body may have (real bodies use 2 to 5). */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, counted over the raw text
 * (brackets inside strings do not count) without recursion, before anything parses it.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new HttpError(400, 'too_deep', `the body nests lists and objects more than ${MAX_JSON_DEPTH} levels deep`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'malformed_json', 'the body is not valid JSON');
  }
}

/** A percent-encoded part of a path; broken encoding ("%E0%A4%A") is the caller's mistake. */
export function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, 'bad_path', 'the address has broken percent-encoding (such as "%E0%A4%A")');
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

export interface RouteInput<K extends RouteKey = RouteKey> {
  /** The body, checked against the route's schema (shared/schemas.ts). */
  body: SchemaBody<K>;
  /** The query, checked and converted (numbers, times) by the route's schema. */
  query: SchemaQuery<K>;
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
  /** `text` may come in pieces (a large export): they are sent one by one; a Buffer is sent as it is (a PDF). */
  constructor(readonly contentType: string, readonly text: string | readonly string[] | Buffer, readonly filename?: string) {}
}

type Answer<K extends RouteKey> =
  | RouteResponse<K>
  | Reply<RouteResponse<K>>
  | SerializedJson<RouteResponse<K>>
  | (RouteResponse<K> extends string ? TextReply : never);
export type RouteHandler<K extends RouteKey> = (input: RouteInput<K>) => Answer<K> | Promise<Answer<K>>;

interface CompiledRoute {
  key: RouteKey;
  method: string;
  pattern: RegExp;
  paramNames: string[];
  handler: RouteHandler<RouteKey>;
}

/**
 * A query as an object for its schema. A name given twice is refused here: which of the two
 * was meant cannot be guessed.
 */
function queryObject(params: URLSearchParams): Record<string, string> {
  const seen = new Set<string>();
  // No prototype: "__proto__" in a query is a key like any other (and refused as unknown).
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of params) {
    if (seen.has(name)) throw new HttpError(400, 'bad_query', `${name.slice(0, 40)} is given more than once in the query`);
    seen.add(name);
    // An empty value ("?state=") is the same as leaving the name out.
    if (value !== '') out[name] = value;
  }
  return out;
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
        params[name] = decodePathPart(found[index + 1] ?? '');
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
    const schemas = ROUTE_SCHEMAS[matched.route.key];
    const query = checkAgainst(schemas.query, queryObject(url.searchParams), 'the query');
    if (!query.ok) throw new HttpError(400, 'bad_query', query.message);
    const raw = matched.route.method === 'GET' ? Buffer.alloc(0) : await readBody(req, bodyLimit);
    const body = checkAgainst(schemas.body, parseJson(raw), 'the body');
    if (!body.ok) throw new HttpError(422, 'invalid_input', body.message);
    const result = await matched.route.handler({ body: body.value, query: query.value, params: matched.params, role, caller, req });
    if (result instanceof SerializedJson) await sendPieces(res, result.pieces, { 'content-type': 'application/json; charset=utf-8' });
    else if (result instanceof TextReply) await sendText(res, result);
    else if (result instanceof Reply) sendJson(res, result.status, result.body);
    else sendJson(res, 200, result);
  }
}
