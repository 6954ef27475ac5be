import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Prints an HTML file to PDF bytes. */
export type PrintPdf = (htmlFile: string) => Promise<Buffer>;

/** Where Chromium is: CHROMIUM_PATH, else Debian's. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Printing with a headless Chromium (the app without its window), when Chromium and
 * playwright-core are there; null otherwise, and the report is the HTML alone. The page has no
 * script and its policy allows no request: nothing leaves the machine while it prints.
 */
export function printWithChromium(executable = chromiumPath()): PrintPdf | null {
  if (!existsSync(executable)) return null;
  return async (htmlFile) => {
    let playwright: typeof import('playwright-core');
    try {
      playwright = await import('playwright-core');
    } catch {
      throw new Error('playwright-core is not installed beside the app');
    }
    const browser = await playwright.chromium.launch({
      executablePath: executable,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      timeout: 30_000,
    });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.goto(pathToFileURL(htmlFile).href, { timeout: 30_000 });
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
    } finally {
      await browser.close();
    }
  };
}
