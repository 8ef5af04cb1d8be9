import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MatrixReport } from '../helpers/browser_page_gradients/page.js';
import { chromiumMissing } from '../helpers/chromium.js';
import { type GradientPageRig, startGradientPage } from '../helpers/chromium_gradients.js';
import { skipReason } from '../helpers/console_guard.js';
import { gradientCases } from '../helpers/gradient_matrix.js';

// The gradient matrix of spec/gradients/stock.spec.ts, run in headless Chromium (Debian's):
// WebGL is SwiftShader's. Stock configs are read in the page before the library registers.
const missing = chromiumMissing();
if (missing !== undefined) skipReason(`spec/browser/gradients.spec.ts: ${missing}`);

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
      expect(report.backend).toBe(backend);
      expect(report.cases, 'cases run in the page').toBe(gradientCases().length);
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
