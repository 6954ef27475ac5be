// The contract between the desktop shell's preload and the dashboard. In a browser (a
// moderator on another machine, `npm run serve`) there is no bridge at all.

/** The name under which the preload exposes the bridge: `window.telethonDesktop`. */
export const DESKTOP_BRIDGE_KEY = 'telethonDesktop';

/** Everything the desktop shell exposes to the page: facts, never a channel to the main process. */
export interface DesktopBridge {
  readonly isDesktop: true;
  /** The app's version (package.json), for the about line and bug reports. */
  readonly version: string;
}
