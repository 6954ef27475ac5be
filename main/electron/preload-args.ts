// How the main process hands facts to the sandboxed preload: as extra command-line switches on
// the renderer process (webPreferences.additionalArguments), which a sandboxed preload can read
// from process.argv without any channel back to the main process. Pure: no 'electron' import.

const VERSION_SWITCH = '--telethon-desk-version=';

export function preloadArguments(facts: { version: string }): string[] {
  return [`${VERSION_SWITCH}${facts.version}`];
}

export function versionFromArguments(argv: readonly string[]): string {
  const found = argv.find((arg) => arg.startsWith(VERSION_SWITCH));
  return found ? found.slice(VERSION_SWITCH.length) : 'unknown';
}
