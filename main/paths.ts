import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'telethon-desk';

/** The user's app-data folder for Telethon Desk (the same one the desktop app uses). */
export function defaultDataDir(): string {
  if (process.env.TELETHON_DATA_DIR) return process.env.TELETHON_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER);
}

/** The demo never shares a database with real data: it lives in its own folder. */
export const demoDataDir = (dataDir: string): string => join(dataDir, 'demo');
