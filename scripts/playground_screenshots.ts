// `npx tsx scripts/playground_screenshots.ts`: the pictures in docs/img/ of docs/playground.md, taken
// by Debian's Chromium (CHROMIUM_PATH to override) through playwright-core: a custom problem typed in as
// a link (Poisson on a square with a hole, not a shipped problem) trained on wasm, and a malformed
// residual showing its error. Prints the run's numbers.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { ROOT } from './build_browser.js';
import { buildPlayground } from './build_playground.js';
import { DEMO_MOUNTS, serveStatic } from './static_server.js';

// The flags spec/helpers/chromium.ts uses: headless, no network of Chromium's own, WebGPU on.
const FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu'];

/** The custom problem of the screenshots: -Δu = 2π² sin(πx) sin(πy) on the unit square without a disk. */
export const SQUARE_WITH_HOLE = {
  name: 'square-with-hole',
  inputs: ['x', 'y'],
  geometry: "difference(box([0, 1], [0, 1]), disk([0.5, 0.5], 0.2), 'outer', 'hole')",
  definitions: ['g(x, y) = sin(PI*x)*sin(PI*y)'],
  residual: 'u_xx + u_yy + 2*PI^2*g(x, y)',
  conditions: [
    { kind: 'dirichlet', on: 'outer', value: 0 },
    { kind: 'dirichlet', on: 'hole', value: 'g(x, y)' },
  ],
  exact: 'g(x, y)',
};

const PLAN = { network: { hidden: [20, 20, 20] }, sampling: { domain: 1000, boundary: 200 }, adam: { steps: 500, lr: 3e-3 }, lbfgs: { steps: 500 } };

const IMG = join(ROOT, 'docs', 'img');
mkdirSync(IMG, { recursive: true });
await buildPlayground();
const server = await serveStatic(ROOT, DEMO_MOUNTS, 0);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1250 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  const link = { preset: 'new', definition: SQUARE_WITH_HOLE, plan: PLAN, backend: 'wasm' };
  await page.goto(`${server.url}/playground/#${encodeURIComponent(JSON.stringify(link))}`);
  await page.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 0 });
  const t0 = Date.now();
  await page.click('#train');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), undefined, { timeout: 0 });
  const result = await page.evaluate(() => (window as unknown as { playground: unknown }).playground);
  console.log(`trained in ${((Date.now() - t0) / 1000).toFixed(1)} s:`, JSON.stringify({ ...(result as object), records: undefined }));
  await page.screenshot({ path: join(IMG, 'playground-custom.png'), fullPage: true });
  // A malformed residual: the error is shown under the problem, at its character.
  await page.fill('#p-residual', 'u_xx + u_yy + 2*PI^2*g(x, y))');
  await page.click('#train');
  await page.waitForFunction(() => document.body.dataset.state === 'invalid', undefined, { timeout: 0 });
  await page.locator('#problem').screenshot({ path: join(IMG, 'playground-error.png') });
  console.log('wrote docs/img/playground-custom.png and docs/img/playground-error.png');
} finally {
  await browser.close();
  await server.close();
}
