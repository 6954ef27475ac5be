// Runs sandboxed before the dashboard, with context isolation: it can only hand the page plain
// values through contextBridge. Keep it that way: named, typed members checked against
// DesktopBridge, never a pass-through to ipcRenderer.
import { contextBridge } from 'electron';
import { DESKTOP_BRIDGE_KEY, type DesktopBridge } from '../../shared/desktop.js';
import { versionFromArguments } from './preload-args.js';

const bridge = {
  isDesktop: true,
  version: versionFromArguments(process.argv),
} as const satisfies DesktopBridge;

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, bridge);
