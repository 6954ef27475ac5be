import { DEMO_OPENED_PARAM, DEMO_RETURN_PARAM, loopbackDashboard } from '../../shared/demo.js';

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

const DEMO_RETURN_KEY = 'telethon-desk.demo-return';

export interface DemoReturn {
  /** The real campaign's dashboard on this computer. */
  url: string;
  /** The demo has a tab of its own (opened by the real dashboard): going back closes it. */
  ownTab: boolean;
}

/**
 * The demo's way back to the real campaign, from its link (#back=...&opened=tab), kept for this
 * tab like the token and taken out of the address bar. Null outside a demo opened from a dashboard.
 */
export function takeDemoReturn(): DemoReturn | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const given = fragment.get(DEMO_RETURN_PARAM);
  if (given !== null) {
    const url = loopbackDashboard(given);
    const ownTab = fragment.get(DEMO_OPENED_PARAM) === 'tab';
    fragment.delete(DEMO_RETURN_PARAM);
    fragment.delete(DEMO_OPENED_PARAM);
    const rest = fragment.toString();
    history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    if (url) sessionStorage.setItem(DEMO_RETURN_KEY, JSON.stringify({ url, ownTab } satisfies DemoReturn));
  }
  try {
    const kept = JSON.parse(sessionStorage.getItem(DEMO_RETURN_KEY) ?? 'null') as DemoReturn | null;
    const url = kept ? loopbackDashboard(kept.url) : null;
    return kept && url ? { url, ownTab: kept.ownTab === true } : null;
  } catch {
    return null;
  }
}
