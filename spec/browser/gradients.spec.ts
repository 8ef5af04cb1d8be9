import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MatrixReport } from '../helpers/browser_page_gradients/page.js';
import { chromiumMissing } from '../helpers/chromium.js';
import { type GradientPageRig, startGradientPage } from '../helpers/chromium_gradients.js';

// The gradient matrix of spec/gradients_stock.spec.ts, run in headless Chromium (Debian's):
// WebGL is SwiftShader's. Stock configs are read in the page before the library registers.
const missing = chromiumMissing();
if (missing !== undefined) console.warn(`spec/browser_gradients.spec.ts skipped: ${missing}`);

const TOLERANCE = 1e-5;

describe.skipIf(missing !== undefined)('registered gradients equal stock tfjs in Chromium', () => {
  let rig: GradientPageRig;

  beforeAll(async () => {
    rig = await startGradientPage();
  });

  afterAll(async () => {
    await rig?.close();
  });

  for (const backend of ['webgl', 'cpu']) {
    it(`every case of the matrix on ${backend}`, async () => {
      const report = await rig.page.evaluate(
        ([name, tol]) => (window as unknown as { gradients: { run(b: string, t: number): Promise<MatrixReport> } }).gradients.run(name, tol),
        [backend, TOLERANCE] as [string, number],
      );
      console.log(`${backend} in Chromium: ${report.cases} cases, ${report.failures.length} differ from stock`);
      expect(report.backend).toBe(backend);
      expect(report.stockIsStock).toBe(true);
      expect(report.uncovered).toEqual([]);
      expect(report.missed).toEqual([]);
      expect(report.failures).toEqual([]);
      expect(report.leaked).toBe(0);
    });
  }

  it('raised no console errors', () => {
    expect(rig.errors).toEqual([]);
  });
});
