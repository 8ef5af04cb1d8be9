import { existsSync } from 'node:fs';
import { join } from 'node:path';

import * as esbuild from 'esbuild';

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

/**
 * Flags from the project's browser notes: headless, no network of Chromium's own.
 * --enable-unsafe-webgpu: headless Linux Chromium offers WebGPU only with it; Debian's
 * Chromium then gives SwiftShader's adapter (vendor 'google', architecture 'swiftshader').
 */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu'];

/** URL folder of the page-side spec code (plain browser modules, not transpiled by vitest). */
export const PAGE_DIR = '/spec/helpers/browser_page/';

/** URL folder of the consumer app bundled from spec/helpers/browser_page/app.js. */
export const APP_DIR = '/results/browser-app/';

/**
 * Bundles spec/helpers/browser_page/app.js as an app would: its import of
 * 'tfjs-pinn' goes through package.json's 'browser' export condition.
 * Returns the inputs esbuild read, to check which file 'tfjs-pinn' became.
 */
async function buildConsumerApp(): Promise<string[]> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'spec/helpers/browser_page/app.js')],
    outfile: join(ROOT, APP_DIR, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.inputs);
}

/** A built bundle served on 127.0.0.1 and a headless Chromium to load it in. */
export interface BrowserRig {
  server: StaticServer;
  browser: Browser;
  /** The files the consumer app bundle was built from. */
  appInputs: string[];
  /**
   * A fresh page with browser_page/checks.js as window.checks ('checks') or
   * the bundled consumer app as window.app ('app'); console errors collected.
   * `noAdapter` makes navigator.gpu.requestAdapter() give none, as on a machine without WebGPU.
   */
  newPage(module?: 'checks' | 'app', options?: { noAdapter?: boolean }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/**
 * Builds the browser outputs, serves them and launches Chromium (Playwright
 * gives each launch a fresh temporary --user-data-dir).
 */
export async function startBrowserRig(): Promise<BrowserRig> {
  await buildBrowser();
  const appInputs = await buildConsumerApp();
  const server = await serveStatic(ROOT, { ...DEMO_MOUNTS, [PAGE_DIR]: 'spec/helpers/browser_page', [APP_DIR]: APP_DIR.slice(1) }, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  return {
    server,
    browser,
    appInputs,
    async newPage(module = 'checks', options = {}) {
      const page = await browser.newPage();
      if (options.noAdapter) {
        await page.addInitScript(() => {
          const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
          if (gpu !== undefined) gpu.requestAdapter = async () => null;
        });
      }
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}${PAGE_DIR}blank.html?module=${module}`);
      const failed = await page.waitForFunction((name) => name in window || 'loadError' in window, module, { timeout: 0 });
      const why = await page.evaluate(() => (window as { loadError?: string }).loadError);
      await failed.dispose();
      if (why !== undefined) throw new Error(`The page could not load its ${module} module: ${why}`);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
