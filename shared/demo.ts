/**
 * The demo's link carries, after the token in its fragment, where the real campaign's dashboard
 * is (`#token=...&back=http://127.0.0.1:4848/`), and whether it was opened in a tab of its own
 * (`&opened=tab`): its "Back to my campaign" closes that tab, or goes back in the same one.
 */
export const DEMO_RETURN_PARAM = 'back';
export const DEMO_OPENED_PARAM = 'opened';

/**
 * A way back is only ever a dashboard on this computer (plain http on a loopback address, at
 * its root): never another site, and nothing but an address (no javascript:, no credentials).
 */
const LOOPBACK_DASHBOARD = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):([0-9]{1,5})\/$/;

export function loopbackDashboard(given: string): string | null {
  const match = LOOPBACK_DASHBOARD.exec(given);
  if (!match || Number(match[2]) > 65_535) return null;
  return given;
}
