import * as vega from 'vega';
import * as vl from 'vega-lite';

import type { Points } from '../pinn/index.js';

/** What to draw: a grid, the prediction and the exact values of one output on it. */
export interface PlotInput {
  title: string;
  inputs: string[];
  /** Grid sizes per input, first input fastest (as gridPoints makes them). */
  grid: Record<string, number>;
  points: Points;
  predicted: Float64Array;
  exact: Float64Array;
}

/** Every `step`-th index along a grid axis, ends kept: keeps the SVG small. */
function thin(m: number, most: number): number[] {
  const step = Math.max(1, Math.ceil(m / most));
  const idx: number[] = [];
  for (let i = 0; i < m; i += step) idx.push(i);
  if (idx.at(-1) !== m - 1) idx.push(m - 1);
  return idx;
}

/**
 * The Vega-Lite spec of the picture: prediction, exact solution and absolute
 * error side by side, each a heat map over the two inputs (time on the
 * horizontal axis when there is one) with axes and its own colour bar; for a
 * one-input problem, the two curves and the error as lines.
 *
 * @example
 * const spec = plotSpec(input, 't');
 * vl.compile(spec); // Vega spec, rendered by renderPlot
 */
export function plotSpec(p: PlotInput, time?: string): vl.TopLevelSpec {
  if (p.inputs.length === 1) {
    const v = p.inputs[0];
    const rows = Array.from(p.predicted, (u, i) => ({ [v]: p.points[v][i], prediction: u, exact: p.exact[i], error: Math.abs(u - p.exact[i]) }));
    const curves = rows.flatMap((r) => [
      { [v]: r[v], value: r.prediction, series: 'prediction' },
      { [v]: r[v], value: r.exact, series: 'exact' },
    ]);
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: p.title,
      hconcat: [
        { width: 320, height: 240, title: 'prediction and exact', data: { values: curves }, mark: 'line', encoding: { x: { field: v, type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, color: { field: 'series', type: 'nominal' }, strokeDash: { field: 'series', type: 'nominal' } } },
        { width: 320, height: 240, title: 'absolute error', data: { values: rows }, mark: 'line', encoding: { x: { field: v, type: 'quantitative' }, y: { field: 'error', type: 'quantitative', axis: { format: '.1e' } } } },
      ],
    } as vl.TopLevelSpec;
  }
  const [a, b] = p.inputs;
  const [h, w] = time === a ? [b, a] : time === b ? [a, b] : [b, a];
  const ia = thin(p.grid[a], 100);
  const ib = thin(p.grid[b], 80);
  // Cells span halfway to the neighbouring (thinned) grid lines, so the map has no gaps.
  const edges = (name: string, idx: number[], stride: number) => {
    const c = idx.map((i) => p.points[name][i * stride]);
    return c.map((v, k) => [k === 0 ? v : (v + c[k - 1]) / 2, k === c.length - 1 ? v : (v + c[k + 1]) / 2]);
  };
  const ea = edges(a, ia, 1);
  const eb = edges(b, ib, p.grid[a]);
  const rows: Record<string, number>[] = [];
  ib.forEach((j, jb) => {
    ia.forEach((i, iaIdx) => {
      const k = j * p.grid[a] + i;
      const cell = { [a]: ea[iaIdx], [b]: eb[jb] };
      rows.push({ [w]: cell[w][0], [`${w}2`]: cell[w][1], [h]: cell[h][0], [`${h}2`]: cell[h][1], prediction: p.predicted[k], exact: p.exact[k], error: Math.abs(p.predicted[k] - p.exact[k]) });
    });
  });
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) [lo, hi] = [Math.min(lo, r.prediction, r.exact), Math.max(hi, r.prediction, r.exact)];
  // Prediction and exact share one colour scale so they compare by eye; the error has its own.
  const panel = (field: string, title: string, scheme: string) => ({
    width: 260,
    height: 200,
    title,
    mark: { type: 'rect', strokeWidth: 0 },
    encoding: {
      x: { field: w, type: 'quantitative', title: w, scale: { nice: false, zero: false } },
      x2: { field: `${w}2` },
      y: { field: h, type: 'quantitative', title: h, scale: { nice: false, zero: false } },
      y2: { field: `${h}2` },
      color: { field, type: 'quantitative', title: field, scale: field === 'error' ? { scheme } : { scheme, domain: [lo, hi] }, legend: { format: field === 'error' ? '.1e' : '.2f' } },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: p.title,
    data: { values: rows },
    hconcat: [panel('prediction', 'prediction', 'redblue'), panel('exact', 'exact', 'redblue'), panel('error', 'absolute error', 'viridis')],
    resolve: { scale: { color: 'independent' } },
  } as vl.TopLevelSpec;
}

/**
 * Renders the picture to an SVG string headless (vega's `view.toSVG()`).
 *
 * @example
 * const svg = await renderPlot({title, inputs, grid, points, predicted, exact}, 't');
 * await writeFile('results/burgers/burgers.svg', svg);
 */
export async function renderPlot(p: PlotInput, time?: string): Promise<string> {
  const compiled = vl.compile(plotSpec(p, time)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
