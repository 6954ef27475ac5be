import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, type Locator, type Page, chromium } from 'playwright-core';

/** Debian's Chromium by default; CHROMIUM_PATH points elsewhere on other machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/** The element a test finds by its data-testid, within a page or a part of it. */
export const byTest = (scope: Page | Locator, id: string): Locator => scope.locator(`[data-testid="${id}"]`);

/** A dashboard opened by its link in a fresh browser context, ready; page errors are collected. */
export async function openDashboard(browser: Browser, url: string, viewport = { width: 1366, height: 768 }, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...options, viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.locator('#root[data-state="ready"]').waitFor();
  return { page, errors };
}

/**
 * A page opened at `url` (in a context of its own), ready; its page errors go to `errors`, each
 * marked with `label`, for a test that opens several pages and checks one list at the end.
 */
export async function openPageInto(
  errors: string[],
  label: string,
  browser: Browser,
  url: string,
  viewport = { width: 1366, height: 768 },
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await browser.newPage({ ...options, viewport });
  page.on('pageerror', (error) => errors.push(`${label}: ${error.message}`));
  await page.goto(url);
  await page.locator('#root[data-state="ready"]').waitFor();
  return page;
}
