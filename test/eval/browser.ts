/** Headless Debian Chromium through playwright-core (no browser download): opens a report and records what went wrong. */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether the system Chromium is installed (CI installs the Debian package). */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export type OpenedReport = { browser: Browser; page: Page; errors: string[]; external: string[] };

/** Opens `file` in a fresh headless Chromium; page errors, console errors and any non-file request are collected. */
export async function openReport(file: string, viewport = { width: 1400, height: 900 }): Promise<OpenedReport> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const external: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { browser, page, errors, external };
}
