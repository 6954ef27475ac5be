// What the desktop window may do, as pure functions: main.ts wires them to Electron's events,
// and window-policy.test.ts pins them down so a loosened check fails a test, not a streamer.
// No import of 'electron' here (the tests run in plain Node).

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * May the dashboard window navigate to `url`? Only to the core it was opened on, or to a demo
 * core the dashboard started on another loopback port (plain http on 127.0.0.1). Anything else
 * (another site, file:, javascript:, data:) stays out of a window that holds the owner token.
 */
export function isAllowedNavigation(url: string, coreOrigin: string): boolean {
  const target = parse(url);
  if (!target || target.username !== '' || target.password !== '') return false;
  // file:, data: and the like all have the opaque origin "null": never equal to anything.
  if (target.origin !== 'null' && target.origin === coreOrigin) return true;
  return target.protocol === 'http:' && target.hostname === '127.0.0.1';
}

/**
 * May a link the dashboard tries to open in a new window go to the OS browser? Only web pages
 * (http/https with a host); never file:, javascript:, custom schemes that start other programs,
 * or URLs that carry credentials.
 */
export function isSafeExternalUrl(url: string): boolean {
  const target = parse(url);
  if (!target) return false;
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  return target.hostname !== '' && target.username === '' && target.password === '';
}

/**
 * The policy for responses that come without one (the core sends its own with every page;
 * this covers anything that does not, such as an error page): our own scripts only.
 */
export const FALLBACK_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ResponseHeaders = Record<string, string | string[]>;

/**
 * The response headers with FALLBACK_CSP added, or null when the response already has a
 * Content-Security-Policy (the server's own is kept as it is: never replaced or weakened).
 */
export function withFallbackCsp(headers: ResponseHeaders | undefined): ResponseHeaders | null {
  const present = Object.entries(headers ?? {}).some(
    ([name, value]) => name.toLowerCase() === 'content-security-policy' && (Array.isArray(value) ? value.length > 0 : value !== ''),
  );
  if (present) return null;
  return { ...headers, 'Content-Security-Policy': [FALLBACK_CSP] };
}
