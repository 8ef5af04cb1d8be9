import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import { disk, gridPoints } from '../lib/index.js';
import { renderPlot } from '../lib/node/index.js';

// Pictures of a field on a non-box geometry: grid points outside are grey, and NaN is allowed only there.
describe('pictures on a disk', () => {
  const grid = { x: 41, y: 41 };
  const points = gridPoints({ x: [-1, 1], y: [-1, 1] }, grid);
  const inside = disk({ x: 0, y: 0 }, 1).contains(points);
  const n = 41 * 41;
  const exact = Float64Array.from({ length: n }, (_, i) => (inside[i] ? points.x[i] : NaN));
  const predicted = Float64Array.from({ length: n }, (_, i) => points.x[i] + 0.01);

  it('paints the points outside light grey and colours the inside from the values there', async () => {
    const svg = await renderPlot({ title: 'disk', inputs: ['x', 'y'], grid, points, predicted, exact, inside });
    const [first] = [...svg.matchAll(/base64,([A-Za-z0-9+/=]+)/g)].map((m) => PNG.sync.read(Buffer.from(m[1], 'base64')));
    const px = (c: number, r: number) => Array.from(first.data.subarray(4 * (r * first.width + c), 4 * (r * first.width + c) + 3));
    expect(px(0, 0)).toEqual([235, 235, 235]); // the corner (-1, 1) is outside the disk
    expect(px(20, 20)).not.toEqual([235, 235, 235]); // the centre is inside
  });

  it('still refuses NaN at a point inside the geometry', async () => {
    const bad = Float64Array.from(exact);
    bad[20 * 41 + 20] = NaN;
    await expect(renderPlot({ title: 'disk', inputs: ['x', 'y'], grid, points, predicted, exact: bad, inside })).rejects.toThrow("'exact' passed to 'renderPlot' holds NaN at point 840");
  });
});
