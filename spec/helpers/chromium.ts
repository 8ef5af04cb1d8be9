import { existsSync } from 'node:fs';

import { type Browser, type Page, chromium } from 'playwright-core';

import { ROOT, buildBrowser } from '../../scripts/build_browser.js';
import { DEMO_MOUNTS, type StaticServer, serveStatic } from '../../scripts/static_server.js';

/** Debian's Chromium, or the one named by CHROMIUM_PATH. Playwright's own browser download is never used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser specs cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `no Chromium at ${CHROMIUM_PATH} (install Debian's with 'apt-get install chromium', or set CHROMIUM_PATH)`;
}

// Flags from the project's browser notes: headless, no network of Chromium's own.
const FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** URL folder of the page-side spec code (plain browser modules, not transpiled by vitest). */
export const PAGE_DIR = '/spec/helpers/browser_page/';

/** URL of the standalone bundle on the rig's server. */
export const BUNDLE_URL = '/dist/browser/tfjs-pinn.bundle.js';

/** A built bundle served on 127.0.0.1 and a headless Chromium to load it in. */
export interface BrowserRig {
  server: StaticServer;
  browser: Browser;
  /** A fresh page with spec/helpers/browser_page/checks.js loaded as window.checks; console errors collected. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/**
 * Builds the browser outputs, serves them and launches Chromium (Playwright
 * gives each launch a fresh temporary --user-data-dir).
 */
export async function startBrowserRig(): Promise<BrowserRig> {
  await buildBrowser();
  const server = await serveStatic(ROOT, { ...DEMO_MOUNTS, [PAGE_DIR]: 'spec/helpers/browser_page' }, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
  return {
    server,
    browser,
    async newPage() {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}${PAGE_DIR}blank.html`);
      await page.waitForFunction(() => 'checks' in window, undefined, { timeout: 0 });
      return { page, errors };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
