const TOKEN_KEY = 'telethon-desk.token';

/**
 * The dashboard link carries the token in the fragment (#token=...), which never reaches the
 * server's logs. Keep it for this tab only and take it out of the address bar, so a screenshot
 * or a shared screen does not leak it.
 */
export function takeSessionToken(): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromLink = fragment.get('token');
  if (fromLink) {
    sessionStorage.setItem(TOKEN_KEY, fromLink);
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    return fromLink;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** An id for an idempotent request; randomUUID needs a secure context, a LAN address is not one. */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
