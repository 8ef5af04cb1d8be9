import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import * as esbuild from 'esbuild';
import { type Browser, type Page, chromium } from 'playwright-core';

import { ROOT } from '../../scripts/build_browser.js';
import { type StaticServer, serveStatic } from '../../scripts/static_server.js';
import { CHROMIUM_PATH } from './chromium.js';

/** Where the bundled gradient page is written and served from. */
const OUT_DIR = 'results/browser-gradients';
const URL_DIR = '/gradients/';

// Headless, no network of Chromium's own (as spec/helpers/chromium.ts launches it).
const FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The gradient page served on 127.0.0.1 in a headless Chromium, and how to stop both. */
export interface GradientPageRig {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Bundles spec/helpers/browser_page_gradients/page.ts with tfjs (stock configs
 * read before the library registers its own, by import order), serves it and
 * opens it in Chromium.
 */
export async function startGradientPage(): Promise<GradientPageRig> {
  const out = join(ROOT, OUT_DIR);
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'spec/helpers/browser_page_gradients/page.ts')],
    outfile: join(out, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  copyFileSync(join(ROOT, 'spec/helpers/browser_page_gradients/index.html'), join(out, 'index.html'));
  const server: StaticServer = await serveStatic(ROOT, { [URL_DIR]: OUT_DIR }, 0);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}${URL_DIR}`);
    const loaded = await page.waitForFunction(() => 'gradients' in window || 'loadError' in window, undefined, { timeout: 0 });
    await loaded.dispose();
    const why = await page.evaluate(() => (window as { loadError?: string }).loadError);
    if (why !== undefined) throw new Error(`The gradient page could not load: ${why}`);
    const opened = browser;
    return {
      page,
      errors,
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}
