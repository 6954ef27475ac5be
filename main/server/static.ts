import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Page headers: nothing but our own scripts may run, and no other site may frame the page.
 * `framedBySelf`: the overlay pages, which the dashboard previews in iframes.
 */
export function pageHeaders(host: string, framedBySelf = false): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src 'self' ws://${host}`,
      // The dashboard's overlay tab previews the real overlay pages.
      "frame-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      framedBySelf ? "frame-ancestors 'self'" : "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/** Serves a file from the built renderer folder; false when there is no such file. */
export function serveStatic(root: string, pathname: string, host: string, res: ServerResponse, framedBySelf = false): boolean {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return false;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': statSync(file).size,
    ...(type.startsWith('text/html') ? pageHeaders(host, framedBySelf) : { 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }),
  });
  createReadStream(file).pipe(res);
  return true;
}
