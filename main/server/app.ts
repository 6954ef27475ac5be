import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { HOOK_PATH_PREFIX, OVERLAY_PATH_PREFIX, OVERLAY_SOUND_PREFIX, OVERLAY_WIDGETS, STAFF_CHANGE_AUDIENCE, WEBHOOK_MAX_BODY_BYTES, audienceIncludes } from '../../shared/contract.js';
import { archiveRoutes } from '../archive/routes.js';
import { reportRoutes } from '../report/routes.js';
import { campaignRoutes } from '../campaign/routes.js';
import { checklistRoutes } from '../checklist/routes.js';
import { teamRoutes } from '../team/routes.js';
import { chartRoutes } from '../charts/routes.js';
import { chatRoutes } from '../chat/routes.js';
import { donationRoutes } from '../donations/routes.js';
import { publicHealth } from '../hub/public-forms.js';
import { importRoutes } from '../import/routes.js';
import { overlayRoutes } from '../overlay/routes.js';
import { peopleRoutes } from '../people/routes.js';
import { rateRoutes } from '../rates/routes.js';
import type { Services } from '../services.js';
import { sourceRoutes } from '../sources/routes.js';
import { receiveWebhook } from '../sources/webhook/receiver.js';
import { isStorageFailure } from '../store/database.js';
import { moneyOverflow } from '../ingest/money-volume.js';
import { TurnGate } from './turn-gate.js';
import { ApiRouter, HttpError, declaredLength, decodePathPart, hostAllowed, originAllowed, sendError } from './http.js';
import { pageHeaders, serveStatic } from './static.js';
import { targetRoutes } from '../targets/routes.js';
import { incentiveRoutes } from '../incentives/routes.js';
import { screeningRoutes } from '../screening/routes.js';
import { momentRoutes } from '../moments/routes.js';
import { BestMinute } from '../targets/best-minute.js';
import { bestMinuteRoutes } from '../targets/best-minute-routes.js';
import { prizeRoutes } from '../prizes/routes.js';

const API_BODY_LIMIT = 1024 * 1024;

/** The largest body a path takes: webhooks are small, API bodies (a CSV file) larger. */
function bodyLimitOf(url: string | undefined): number {
  return url?.startsWith(HOOK_PATH_PREFIX) ? WEBHOOK_MAX_BODY_BYTES : API_BODY_LIMIT;
}

export interface AppOptions {
  rendererDir: string;
  allowedHosts: () => ReadonlySet<string>;
  onOverlayKeyRotated: () => void;
}

export function buildApi(services: Services, onOverlayKeyRotated: () => void): ApiRouter {
  const api = new ApiRouter();
  campaignRoutes(api, services);
  archiveRoutes(api, services);
  reportRoutes(api, services.report);
  sourceRoutes(api, services);
  donationRoutes(api, services);
  chatRoutes(api, services);
  chartRoutes(api, services);
  rateRoutes(api, services);
  importRoutes(api, services);
  overlayRoutes(api, services, onOverlayKeyRotated);
  peopleRoutes(api, services);
  targetRoutes(api, services);
  bestMinuteRoutes(api, { bestMinute: new BestMinute(services.db, services.ingest.chatters) });
  screeningRoutes(api, services);
  momentRoutes(api, services);
  checklistRoutes(api, services);
  prizeRoutes(api, services);
  incentiveRoutes(api, services.incentives);
  teamRoutes(api, services);
  // The same form the staff socket carries to each role.
  api.on('GET /api/health', ({ role }) =>
    audienceIncludes(STAFF_CHANGE_AUDIENCE.health, role) ? services.health.view() : publicHealth(services.health.view()));
  api.on('POST /api/demo', async () => ({ url: await services.openDemo() }));
  return api;
}

/** The HTTP side of the core: API, webhooks, overlay pages and the dashboard's files. */
/**
 * Webhooks checked and stored per turn of the event loop, at most. A donation costs the server
 * about 200 µs in all, so a turn of a donation train stays a few milliseconds and the dashboards'
 * requests are answered between turns (npm run bench load: 16 kept the event loop's p99 at 15 ms
 * under 200 senders where 64 let it reach 51 ms, at the same throughput).
 */
const WEBHOOKS_PER_TURN = 16;

/**
 * The request's URL. Its target is read as a path, never as a URL of its own: "//evil/x" (which a
 * client sends for "/assets/%2e%2e//evil/x") is the path "//evil/x", not a host to resolve, and
 * whatever cannot be read at all is a 400.
 */
function requestUrl(target: string | undefined, host: string): URL {
  try {
    return new URL(`http://${host}${target?.startsWith('/') ? target : `/${target ?? ''}`}`);
  } catch {
    throw new HttpError(400, 'bad_url', 'this request target cannot be read as a path');
  }
}

export function createApp(services: Services, options: AppOptions): Server {
  const api = buildApi(services, options.onOverlayKeyRotated);
  const webhooks = new TurnGate(WEBHOOKS_PER_TURN);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const hosts = options.allowedHosts();
    const host = req.headers.host ?? '';
    if (!hostAllowed(host, hosts)) {
      throw new HttpError(421, 'wrong_host', 'this server only answers requests addressed to its own address');
    }
    const url = requestUrl(req.url, host);
    const path = url.pathname;

    if (path.startsWith('/api/')) {
      if (!originAllowed(req.headers.origin, hosts)) throw new HttpError(403, 'wrong_origin', 'requests from other sites are refused');
      const matched = api.match(req.method ?? 'GET', path);
      if (matched === null) throw new HttpError(404, 'not_found', `no route ${req.method} ${path}`);
      if (matched === 'wrong_method') throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${path}`);
      const caller = services.auth.callerOfRequest(req.headers.authorization);
      if (!caller && services.auth.isRevokedRequest(req.headers.authorization)) {
        throw new HttpError(403, 'revoked', 'this invite link was revoked by the owner: ask them for a new one');
      }
      if (!caller) {
        throw new HttpError(401, 'unauthorized', 'send the owner token or an invite token as "Authorization: Bearer TOKEN" (a revoked invite no longer works)');
      }
      await api.run(matched, caller, req, res, url, bodyLimitOf(path));
      return;
    }
    if (path.startsWith(HOOK_PATH_PREFIX)) {
      await receiveWebhook(services, decodePathPart(path.slice(HOOK_PATH_PREFIX.length)), req, res, webhooks);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', 'pages are read with GET');
    if (path.startsWith(OVERLAY_SOUND_PREFIX)) {
      // An uploaded alert sound, for the overlay's key only; its type was read from its bytes.
      if (!services.auth.isOverlayKey(url.searchParams.get('key'))) {
        throw new HttpError(403, 'bad_overlay_key', 'this overlay key is not valid (it may have been rotated): copy the URL again from the dashboard');
      }
      const file = services.sounds.file(path.slice(OVERLAY_SOUND_PREFIX.length));
      if (!file) throw new HttpError(404, 'not_found', 'no uploaded sound has this id');
      res.writeHead(200, {
        'content-type': file.type,
        'content-length': String(file.bytes.length),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'",
        // Named by its content's hash: the same id is always the same bytes.
        'cache-control': 'private, max-age=31536000, immutable',
      });
      res.end(req.method === 'HEAD' ? undefined : file.bytes);
      return;
    }
    if (path.startsWith(OVERLAY_PATH_PREFIX)) {
      const widget = path.slice(OVERLAY_PATH_PREFIX.length);
      if (!(OVERLAY_WIDGETS as readonly string[]).includes(widget)) throw new HttpError(404, 'not_found', 'no such overlay widget');
      if (!services.auth.isOverlayKey(url.searchParams.get('key'))) {
        throw new HttpError(403, 'bad_overlay_key', 'this overlay key is not valid (it may have been rotated): copy the URL again from the dashboard');
      }
      if (!serveStatic(options.rendererDir, '/overlay.html', host, res, true)) throw new HttpError(500, 'not_built', 'the overlay is not built: run npm run build');
      return;
    }
    if (path === '/' || path === '/index.html') {
      if (!serveStatic(options.rendererDir, '/index.html', host, res)) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', ...pageHeaders(host) });
        res.end('The dashboard is not built yet: run "npm run build" and reload.');
      }
      return;
    }
    if (path.startsWith('/assets/') && serveStatic(options.rendererDir, path, host, res)) return;
    throw new HttpError(404, 'not_found', `nothing at ${path}`);
  };

  const server = createServer((req, res) => {
    // socket.io answers its own path; everything else is ours.
    if (req.url?.startsWith('/socket.io/')) return;
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        sendError(res, error.status, error.code, error.message);
      } else if (isStorageFailure(error)) {
        sendError(res, 503, 'storage_unavailable', 'the database could not save this right now; retry later');
      } else if (moneyOverflow(error)) {
        sendError(res, 503, 'money_out_of_range', moneyOverflow(error) ?? '');
      } else {
        // The path only: a query may carry an overlay key.
        services.health.internalError(`answering ${req.method} ${(req.url ?? '/').split('?')[0]}`, error);
        sendError(res, 500, 'internal', 'the app failed to handle this request; see its log');
      }
    });
  });
  // A sender that asks "Expect: 100-continue" waits for our go before sending its body: a body
  // declared too large gets its 413 instead, and the connection closes before any of it is sent.
  server.on('checkContinue', (req, res) => {
    const limit = bodyLimitOf(req.url);
    const declared = declaredLength(req);
    if (declared !== null && declared > limit) {
      res.shouldKeepAlive = false;
      sendError(res, 413, 'body_too_large', `the body is larger than ${limit} bytes`);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  return server;
}
