import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import { disk, gridPoints } from '../../lib/index.js';
import { niceTicks, tickLabels } from '../../lib/node/ticks.js';
import { MAX_RASTER_PIXELS, type PlotInput, renderPlot } from '../../lib/node/index.js';

// The pictures: SVG with vector axes, titles and colour bars around embedded
// PNG heat maps. Colours are checked against the published anchor colours
// (ColorBrewer RdBu, matplotlib viridis), written here independently.
const RDBU_LOW = [0x67, 0x00, 0x1f];
const RDBU_MID = [0xf7, 0xf7, 0xf7];
const RDBU_HIGH = [0x05, 0x30, 0x61];
const VIRIDIS_LOW = [0x44, 0x01, 0x54];
const VIRIDIS_MID = [0x21, 0x91, 0x8c];
const VIRIDIS_HIGH = [0xfd, 0xe7, 0x25];

/** A two-input plot input on an (x, t) grid with fields given as functions of (x, t). */
function input(nx: number, nt: number, predicted: (x: number, t: number) => number, exact: (x: number, t: number) => number): PlotInput {
  const grid = { x: nx, t: nt };
  const points = gridPoints({ x: [-1, 1], t: [0, 1] }, grid);
  const n = nx * nt;
  return {
    title: 'test: prediction, exact and |error|',
    inputs: ['x', 't'],
    grid,
    points,
    predicted: Float64Array.from({ length: n }, (_, i) => predicted(points.x[i], points.t[i])),
    exact: Float64Array.from({ length: n }, (_, i) => exact(points.x[i], points.t[i])),
  };
}

/** The PNGs embedded in an SVG, decoded, in document order (prediction, exact, error). */
function embedded(svg: string): PNG[] {
  return [...svg.matchAll(/href="data:image\/png;base64,([^"]+)"/g)].map((m) => PNG.sync.read(Buffer.from(m[1], 'base64')));
}

function pixel(png: PNG, col: number, row: number): number[] {
  const i = 4 * (row * png.width + col);
  return [png.data[i], png.data[i + 1], png.data[i + 2]];
}

describe('renderPlot heat maps', () => {
  it('maps a known field to the expected colours: time across, x up, shared scale for prediction and exact', async () => {
    // u = x: top row x = 1 (scale maximum), middle x = 0, bottom x = -1; error 0.5 t: 0 left, 0.25 mid, 0.5 right.
    const svg = await renderPlot(input(5, 3, (x, t) => x + 0.5 * t, (x) => x), 't');
    const [prediction, exact, error] = embedded(svg);
    for (const png of [prediction, exact, error]) expect([png.width, png.height]).toEqual([3, 5]);
    // The shared scale runs from -1 (exact, bottom) to 1.5 (prediction, top right).
    expect(pixel(exact, 0, 4)).toEqual(RDBU_LOW);
    expect(pixel(prediction, 2, 0)).toEqual(RDBU_HIGH);
    expect(pixel(prediction, 0, 4)).toEqual(RDBU_LOW);
    // prediction 0.25 (x = 0, t = 0.5) sits at (0.25 + 1) / 2.5 = 0.5 of the scale: the white middle.
    expect(pixel(prediction, 1, 2)).toEqual(RDBU_MID);
    expect(pixel(error, 0, 2)).toEqual(VIRIDIS_LOW);
    expect(pixel(error, 1, 0)).toEqual(VIRIDIS_MID);
    expect(pixel(error, 2, 3)).toEqual(VIRIDIS_HIGH);
  });

  it('puts the middle of the shared scale at white and a flat error at mid-viridis', async () => {
    const svg = await renderPlot(input(5, 2, (x) => x, (x) => x), 't');
    const [prediction, exact, error] = embedded(svg);
    expect(pixel(prediction, 1, 0)).toEqual(RDBU_HIGH);
    expect(pixel(exact, 0, 2)).toEqual(RDBU_MID);
    expect(pixel(exact, 1, 4)).toEqual(RDBU_LOW);
    expect(pixel(error, 0, 0)).toEqual(VIRIDIS_MID);
  });

  it('has titles, axis titles, tick labels and three colour bars', async () => {
    const svg = await renderPlot(input(11, 6, (x, t) => Math.sin(x + t), (x, t) => Math.sin(x + t)), 't');
    for (const text of ['test: prediction, exact and |error|', '>prediction<', '>exact<', '>absolute error<', '>t<', '>x<', '>|error|<', '>0.5<', '>-0.5<']) {
      expect(svg, text).toContain(text);
    }
    expect(svg.match(/<linearGradient /g)?.length).toBe(3);
    expect(svg.match(/<image /g)?.length).toBe(3);
  });

  it('stays under 500 kB on the Burgers grid with a field of noise, and samples large grids down', async () => {
    let seed = 1;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const burgers = await renderPlot(input(256, 100, noise, noise), 't');
    expect(burgers.length).toBeLessThanOrEqual(500_000);
    expect(embedded(burgers).map((p) => [p.width, p.height])).toEqual([[100, 256], [100, 256], [100, 256]]);
    const large = await renderPlot(input(1001, 801, noise, noise), 't');
    expect(large.length).toBeLessThanOrEqual(500_000);
    const [png] = embedded(large);
    expect(png.width * png.height).toBeLessThanOrEqual(MAX_RASTER_PIXELS);
    expect(Math.min(png.width, png.height)).toBeGreaterThan(100);
  });

  it('refuses non-finite values and mismatched lengths, naming the field', async () => {
    const bad = input(5, 3, (x) => x, (x) => x);
    bad.predicted[7] = NaN;
    await expect(renderPlot(bad, 't')).rejects.toThrow("'predicted' passed to 'renderPlot' holds NaN at point 7");
    const short = input(5, 3, (x) => x, (x) => x);
    short.exact = short.exact.subarray(1);
    await expect(renderPlot(short, 't')).rejects.toThrow("'exact' passed to 'renderPlot' has 14 values, but the grid has 15 points.");
  });
});

describe('renderPlot line plots (one input)', () => {
  it('draws prediction, exact and error as lines with axes, and no raster', async () => {
    const points = gridPoints({ x: [0, 1] }, { x: 21 });
    const exact = points.x.map((x) => x * x);
    const svg = await renderPlot({ title: 'beam', inputs: ['x'], grid: { x: 21 }, points, predicted: exact.map((u) => u + 1e-3), exact });
    expect(svg.match(/<polyline /g)?.length).toBe(3);
    expect(svg).not.toContain('<image');
    for (const text of ['>prediction and exact<', '>absolute error<', '>x<', '>exact<']) expect(svg, text).toContain(text);
  });
});

describe('axis ticks', () => {
  it('are round values inside the range, labelled with the decimals the step needs', () => {
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(-1.004, 1.004, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    niceTicks(0, 0.99, 5).forEach((t, i) => expect(t).toBeCloseTo(0.2 * i, 12));
    expect(tickLabels(niceTicks(0, 0.99, 5))).toEqual(['0', '0.2', '0.4', '0.6', '0.8']);
    expect(tickLabels([0, 2e-4, 4e-4])).toEqual(['0', '2.0e-4', '4.0e-4']);
    expect(tickLabels([-1, -0.5, 0, 0.5, 1])).toEqual(['-1', '-0.5', '0', '0.5', '1']);
  });
});

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
