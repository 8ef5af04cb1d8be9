import type { Points } from '../sampling/index.js';
import { type SchemeName, SCHEMES, rgbHex } from './colour.js';
import { type HeatRaster, heatMapPng } from './heat_map.js';
import { niceTicks, tickLabels } from './ticks.js';

/** What to draw: a grid, the prediction and the exact values of one output on it. */
export interface PlotInput {
  /** The picture's title. */
  title: string;
  /** The input names: one input gives line plots, two give heat maps. */
  inputs: string[];
  /** Grid sizes per input, first input fastest (as gridPoints makes them). */
  grid: Record<string, number>;
  /** The grid points, one column per input. */
  points: Points;
  /** [N] values on the grid. */
  predicted: Float64Array;
  /** [N] values on the grid. */
  exact: Float64Array;
  /**
   * 1 where a grid point lies inside a non-box geometry; the others are
   * painted light grey and may hold NaN (Trainer.evaluate's `inside`). @default every point inside
   */
  inside?: Uint8Array;
  /** Observed data points, drawn as dots on the prediction (inverse problems). */
  observed?: Points;
  /** Learned parameters per step, drawn as a fourth panel (relative to the truth where known). */
  trajectories?: {
    /** The step numbers. */
    steps: Float64Array;
    /** One line per parameter. */
    series: {
      /** The parameter's name. */
      name: string;
      /** Its value at each step. */
      values: Float64Array;
      /** The true value, when known (when every series has one, the lines are drawn as value / truth). */
      truth?: number;
    }[];
  };
}

/**
 * Most pixels in one heat-map raster: larger grids are sampled every k-th
 * point along both inputs. Three panels of this many pixels stay under 500 kB
 * even for noise (3 bytes a pixel, base64 adds a third); smooth fields
 * compress far below that. The shipped grids (at most 256 x 100) fit whole.
 */
export const MAX_RASTER_PIXELS = 36_000;

// Layout of one panel, in SVG pixels: plot area, margins, colour bar.
const W = 260;
const H = 200;
const LEFT = 52;
const TOP = 70;
const BOTTOM = 42;
const BAR_GAP = 10;
const BAR = 12;
const BAR_LABELS = 56;
const PANEL = LEFT + W + BAR_GAP + BAR + BAR_LABELS;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r1 = (v: number) => +v.toFixed(1);

/** Checks the input's shape and values; throws naming the field that is wrong. */
function checkInput(p: PlotInput): number {
  if (p.inputs.length !== 1 && p.inputs.length !== 2) throw new Error(`'renderPlot' draws one or two inputs, but 'inputs' has ${p.inputs.length} (${p.inputs.join(', ')}).`);
  let n = 1;
  for (const v of p.inputs) {
    const m = p.grid[v];
    if (!Number.isInteger(m) || m < 2) throw new Error(`'grid.${v}' passed to 'renderPlot' must be an integer >= 2, but got ${m}.`);
    n *= m;
  }
  for (const field of ['predicted', 'exact'] as const) {
    const values = p[field];
    if (values.length !== n) throw new Error(`'${field}' passed to 'renderPlot' has ${values.length} values, but the grid has ${n} points.`);
    const bad = values.findIndex((x, i) => !Number.isFinite(x) && (p.inside === undefined || p.inside[i] === 1));
    if (bad >= 0) throw new Error(`'${field}' passed to 'renderPlot' holds ${values[bad]} at point ${bad}: a picture of it would hide that.`);
  }
  for (const v of p.inputs) if (p.points[v]?.length !== n) throw new Error(`'points.${v}' passed to 'renderPlot' must have ${n} values, but has ${p.points[v]?.length}.`);
  return n;
}

/** Every k-th index along each of two grid axes (the longer one thinned first, both keep >= 2) so at most MAX_RASTER_PIXELS remain. */
function sampled(mw: number, mh: number): [number[], number[]] {
  const along = (m: number, step: number) => Array.from({ length: Math.floor((m - 1) / step) + 1 }, (_, k) => k * step);
  let [sw, sh] = [1, 1];
  while (along(mw, sw).length * along(mh, sh).length > MAX_RASTER_PIXELS) {
    if (along(mw, sw).length >= along(mh, sh).length) sw++;
    else sh++;
  }
  return [along(mw, sw), along(mh, sh)];
}

/** An axis: maps a value range to pixels [p0, p1]. */
function scale(lo: number, hi: number, p0: number, p1: number): (v: number) => number {
  return (v) => p0 + ((v - lo) / (hi - lo)) * (p1 - p0);
}

/** Ticks, labels and title of the horizontal axis under a plot area. */
function xAxis(lo: number, hi: number, title: string): string {
  const x = scale(lo, hi, 0, W);
  const ticks = niceTicks(lo, hi, 5);
  const labels = tickLabels(ticks);
  const parts = ticks.map((t, i) => `<line x1="${r1(x(t))}" x2="${r1(x(t))}" y1="${H}" y2="${H + 5}" stroke="#555"/><text x="${r1(x(t))}" y="${H + 17}" text-anchor="middle">${labels[i]}</text>`);
  return `${parts.join('')}<text x="${W / 2}" y="${H + 34}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`;
}

/** Ticks, labels and title of the vertical axis left of a plot area. */
function yAxis(lo: number, hi: number, title: string): string {
  const y = scale(lo, hi, H, 0);
  const ticks = niceTicks(lo, hi, 5);
  const labels = tickLabels(ticks);
  const parts = ticks.map((t, i) => `<line x1="-5" x2="0" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="#555"/><text x="-8" y="${r1(y(t) + 4)}" text-anchor="end">${labels[i]}</text>`);
  return `${parts.join('')}<text transform="translate(${-LEFT + 12},${H / 2}) rotate(-90)" text-anchor="middle" font-weight="bold">${esc(title)}</text>`;
}

/** A vertical colour bar right of a plot area: the scheme's anchors as a gradient, with ticks and a title. */
function colourBar(id: string, scheme: SchemeName, lo: number, hi: number, title: string): string {
  const stops = SCHEMES[scheme].map((c, i, all) => `<stop offset="${(i / (all.length - 1)).toFixed(3)}" stop-color="${rgbHex(c)}"/>`).join('');
  const x0 = W + BAR_GAP;
  const y = scale(lo, hi, H, 0);
  const ticks = hi > lo ? niceTicks(lo, hi, 5) : [lo];
  const labels = tickLabels(ticks);
  const marks = ticks.map((t, i) => {
    const yy = r1(hi > lo ? y(t) : H / 2);
    return `<line x1="${x0 + BAR}" x2="${x0 + BAR + 4}" y1="${yy}" y2="${yy}" stroke="#555"/><text x="${x0 + BAR + 7}" y="${r1(yy + 4)}">${labels[i]}</text>`;
  });
  return (
    `<defs><linearGradient id="${id}" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>` +
    `<text x="${x0}" y="-8" font-weight="bold">${esc(title)}</text>` +
    `<rect x="${x0}" y="0" width="${BAR}" height="${H}" fill="url(#${id})" stroke="#555" stroke-width="0.5"/>${marks.join('')}`
  );
}

/** The three rasters (prediction, exact, error) and the axis ranges of a two-input problem. */
function rasters(p: PlotInput, time?: string) {
  const [a, b] = p.inputs;
  // Time runs left to right when there is time; else the first input does.
  const [h, w] = time === a ? [b, a] : time === b ? [a, b] : [b, a];
  const [iw, ih] = sampled(p.grid[w], p.grid[h]);
  const strideOf = (v: string) => (v === a ? 1 : p.grid[a]);
  const index = (jw: number, jh: number) => jw * strideOf(w) + jh * strideOf(h);
  const width = iw.length;
  const height = ih.length;
  const prediction = new Float64Array(width * height);
  const exact = new Float64Array(width * height);
  const error = new Float64Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = index(iw[c], ih[height - 1 - r]);
      const i = r * width + c;
      // Outside the geometry: NaN, which the heat map paints grey and the colour ranges skip.
      const out = p.inside !== undefined && p.inside[k] === 0;
      prediction[i] = out ? NaN : p.predicted[k];
      exact[i] = out ? NaN : p.exact[k];
      error[i] = out ? NaN : Math.abs(p.predicted[k] - p.exact[k]);
    }
  }
  // Pixel centres sit on the grid points, so each axis reaches half a pixel beyond the first and last point.
  const extent = (idx: number[], at: (j: number) => number) => {
    const [first, last] = [at(idx[0]), at(idx.at(-1)!)];
    const half = (last - first) / (idx.length - 1) / 2;
    return [first - half, last + half] as const;
  };
  const wRange = extent(iw, (j) => p.points[w][index(j, 0)]);
  const hRange = extent(ih, (j) => p.points[h][index(0, j)]);
  const raster = (values: Float64Array): HeatRaster => ({ width, height, values });
  return { w, h, wRange, hRange, prediction: raster(prediction), exact: raster(exact), error: raster(error) };
}

/** A heat-map panel: raster, frame, axes and colour bar, placed at `dx`. */
async function heatPanel(dx: number, title: string, raster: HeatRaster, scheme: SchemeName, lo: number, hi: number, axes: { w: string; h: string; wRange: readonly [number, number]; hRange: readonly [number, number] }, barTitle: string, id: string, dots?: Points): Promise<string> {
  const png = (await heatMapPng(raster, scheme, lo, hi)).toString('base64');
  let marks = '';
  if (dots) {
    const sx = scale(axes.wRange[0], axes.wRange[1], 0, W);
    const sy = scale(axes.hRange[0], axes.hRange[1], H, 0);
    marks = `<g fill="black" fill-opacity="0.35">${Array.from(dots[axes.w], (v, i) => `<circle cx="${r1(sx(v))}" cy="${r1(sy(dots[axes.h][i]))}" r="0.7"/>`).join('')}</g>`;
  }
  return (
    `<g transform="translate(${dx + LEFT},${TOP})">` +
    `<text x="${W / 2}" y="-30" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>` +
    `<image x="0" y="0" width="${W}" height="${H}" preserveAspectRatio="none" xlink:href="data:image/png;base64,${png}"/>` +
    marks +
    `<rect width="${W}" height="${H}" fill="none" stroke="#555"/>` +
    xAxis(axes.wRange[0], axes.wRange[1], axes.w) +
    yAxis(axes.hRange[0], axes.hRange[1], axes.h) +
    colourBar(id, scheme, lo, hi, barTitle) +
    `</g>`
  );
}

/** A line panel of a one-input problem: curves on shared axes, with a legend. */
function linePanel(dx: number, title: string, x: Float64Array, curves: { name: string; values: Float64Array; colour: string; dash?: string }[], xTitle: string): string {
  const xs = [...x];
  const [xlo, xhi] = [Math.min(...xs), Math.max(...xs)];
  let [ylo, yhi] = [Infinity, -Infinity];
  for (const c of curves) for (const v of c.values) [ylo, yhi] = [Math.min(ylo, v), Math.max(yhi, v)];
  const pad = (yhi - ylo) * 0.05 || Math.abs(yhi) * 0.05 || 1;
  [ylo, yhi] = [ylo - pad, yhi + pad];
  const sx = scale(xlo, xhi, 0, W);
  const sy = scale(ylo, yhi, H, 0);
  const order = xs.map((_, i) => i).sort((i, j) => xs[i] - xs[j]);
  const lines = curves.map((c) => `<polyline fill="none" stroke="${c.colour}" stroke-width="1.5"${c.dash ? ` stroke-dasharray="${c.dash}"` : ''} points="${order.map((i) => `${r1(sx(xs[i]))},${r1(sy(c.values[i]))}`).join(' ')}"/>`);
  const legend = curves.map((c, i) => `<line x1="${W + 10}" x2="${W + 30}" y1="${10 + 16 * i}" y2="${10 + 16 * i}" stroke="${c.colour}" stroke-width="1.5"${c.dash ? ` stroke-dasharray="${c.dash}"` : ''}/><text x="${W + 34}" y="${14 + 16 * i}">${esc(c.name)}</text>`);
  return (
    `<g transform="translate(${dx + LEFT},${TOP})">` +
    `<text x="${W / 2}" y="-30" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>` +
    `<rect width="${W}" height="${H}" fill="none" stroke="#555"/>${lines.join('')}${curves.length > 1 ? legend.join('') : ''}` +
    xAxis(xlo, xhi, xTitle) +
    yAxis(ylo, yhi, curves.length > 1 ? 'value' : curves[0].name) +
    `</g>`
  );
}

/**
 * Renders the picture as one SVG file: prediction, exact solution and
 * absolute error side by side. Two inputs give heat maps, each an embedded
 * PNG raster (one pixel per grid point, so seamless and small) under vector
 * axes, titles and a colour bar; prediction and exact share one colour scale
 * so they compare by eye, the error has its own. One input gives line plots.
 * Time, when there is one, runs left to right. Heat maps need the optional package pngjs.
 *
 * @example
 * const svg = await renderPlot({ title, inputs, grid, points, predicted, exact }, 't');
 * await writeFile('results/burgers/burgers.svg', svg);
 */
export async function renderPlot(p: PlotInput, time?: string): Promise<string> {
  checkInput(p);
  let body: string;
  let panels: number;
  if (p.inputs.length === 1) {
    const v = p.inputs[0];
    const error = p.predicted.map((u, i) => Math.abs(u - p.exact[i]));
    body =
      linePanel(0, 'prediction and exact', p.points[v], [
        { name: 'prediction', values: p.predicted, colour: '#1f77b4' },
        { name: 'exact', values: p.exact, colour: '#ff7f0e', dash: '5,3' },
      ], v) + linePanel(PANEL + 40, 'absolute error', p.points[v], [{ name: 'error', values: error, colour: '#d62728' }], v);
    panels = 2;
  } else {
    const r = rasters(p, time);
    let [lo, hi] = [Infinity, -Infinity];
    for (const f of [r.prediction.values, r.exact.values]) for (const v of f) if (!Number.isNaN(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    let emax = 0;
    for (const v of r.error.values) if (!Number.isNaN(v)) emax = Math.max(emax, v);
    body = (
      await Promise.all([
        heatPanel(0, p.observed ? `prediction and ${p.observed[r.w].length} data points` : 'prediction', r.prediction, 'redblue', lo, hi, r, 'value', 'bar-prediction', p.observed),
        heatPanel(PANEL, 'exact', r.exact, 'redblue', lo, hi, r, 'value', 'bar-exact'),
        heatPanel(2 * PANEL, 'absolute error', r.error, 'viridis', 0, emax, r, '|error|', 'bar-error'),
      ])
    ).join('');
    panels = 3;
  }
  let extra = 0;
  if (p.trajectories) {
    body += parameterPanel(panels * PANEL + 40, p.trajectories);
    extra = PANEL + 40;
  }
  const width = panels * PANEL + (panels === 2 ? 40 : 0) + extra;
  const height = TOP + H + BOTTOM;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" fill="#222">` +
    `<rect width="${width}" height="${height}" fill="white"/>` +
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${esc(p.title)}</text>` +
    `${body}</svg>\n`
  );
}

const SERIES_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b'];

/** Learned parameters against the step: value / truth where the truth is known (so all share one axis), else the value. */
function parameterPanel(dx: number, t: NonNullable<PlotInput['trajectories']>): string {
  const relative = t.series.every((s) => s.truth !== undefined && s.truth !== 0);
  const curves = t.series.map((s, i) => ({ name: relative ? `${s.name} / ${+s.truth!.toPrecision(4)}` : s.name, values: relative ? s.values.map((v) => v / s.truth!) : s.values, colour: SERIES_COLOURS[i % SERIES_COLOURS.length] }));
  if (relative) curves.push({ name: 'truth', values: new Float64Array(t.steps.length).fill(1), colour: '#555', dash: '4,3' } as (typeof curves)[number]);
  return linePanel(dx, relative ? 'parameters / true value' : 'parameters', t.steps, curves, 'step');
}
