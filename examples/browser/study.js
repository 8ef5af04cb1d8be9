// The reference study, live: TestNet's u, du/dx, du/dt and d2u/dx2 on the 5 x 7 grid of the
// golden case testnet-seed-grid, with seeds 'sum' and 'ones', against PyTorch float64.
import { drawHeatMap } from './heatmap.js';

/** The study's terms and the golden fixture's key for each. */
const TERMS = [
  { term: 'u', key: 'u', label: 'u' },
  { term: 'u_x', key: 'x', label: 'du/dx' },
  { term: 'u_t', key: 't', label: 'du/dt' },
  { term: 'u_xx', key: 'xx', label: 'd2u/dx2' },
];

/**
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 * @returns {number} largest |a - b|
 */
function maxAbsDiff(a, b) {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/**
 * Computes the study's partials with one seed; returns plain arrays and frees every tensor.
 * @param {any} lib the tfjs-pinn module
 * @param {any} golden the testnet-seed-grid case
 * @param {'sum'|'ones'} seed
 * @returns {Promise<Record<string, Float32Array>>}
 */
async function studyPartials(lib, golden, seed) {
  const { tf } = lib;
  const n = golden.x.length;
  const net = lib.TestNet.fromLayers(golden.layers);
  const x = tf.tensor2d(golden.x, [n, 1]);
  const t = tf.tensor2d(golden.t, [n, 1]);
  const d = lib.partials(net, { x, t }, TERMS.map((s) => s.term), { seed, method: 'reverse' });
  /** @type {Record<string, Float32Array>} */
  const out = {};
  for (const { term } of TERMS) out[term] = await d[term].data();
  tf.dispose([...Object.values(d), x, t]);
  net.dispose();
  return out;
}

/**
 * Runs the study on the current backend and renders heat maps and the numbers table.
 * @param {any} lib the tfjs-pinn module
 * @param {any} golden the testnet-seed-grid case
 * @param {{maps: HTMLElement, table: HTMLTableElement, status: HTMLElement}} el
 * @returns {Promise<{seedDiff: Record<string, number>, vsTorch: Record<string, number>, ms: number}>}
 */
export async function runStudy(lib, golden, el) {
  const start = performance.now();
  const sum = await studyPartials(lib, golden, 'sum');
  const ones = await studyPartials(lib, golden, 'ones');
  const ms = performance.now() - start;
  const cols = new Set(golden.x).size;
  const rows = golden.x.length / cols;
  /** @type {Record<string, number>} */
  const seedDiff = {};
  /** @type {Record<string, number>} */
  const vsTorch = {};
  el.maps.replaceChildren();
  for (const { term, key, label } of TERMS) {
    const ref = golden.partials[key];
    seedDiff[term] = maxAbsDiff(sum[term], ones[term]);
    vsTorch[term] = maxAbsDiff(sum[term], ref) / Math.max(...ref.map(Math.abs));
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.width = cols * 24;
    canvas.height = rows * 24;
    canvas.dataset.term = term;
    const { min, max } = drawHeatMap(canvas, sum[term], rows, cols);
    const caption = document.createElement('figcaption');
    caption.innerHTML = `<b>${label}</b> from ${min.toPrecision(3)} to ${max.toPrecision(3)}<br>`
      + `sum vs ones: ${seedDiff[term].toExponential(1)}<br>vs PyTorch: ${vsTorch[term].toExponential(1)} rel.`;
    figure.append(canvas, caption);
    el.maps.append(figure);
  }
  renderTable(el.table, golden, sum, ones, seedDiff);
  return { seedDiff, vsTorch, ms };
}

/**
 * One row per point: x, t, then per term its value with seed 'sum', with 'ones' and their difference.
 * @param {HTMLTableElement} table
 * @param {any} golden
 * @param {Record<string, Float32Array>} sum
 * @param {Record<string, Float32Array>} ones
 * @param {Record<string, number>} seedDiff
 */
function renderTable(table, golden, sum, ones, seedDiff) {
  const head = ['x', 't', ...TERMS.flatMap(({ label }) => [`${label} sum`, `${label} ones`, 'diff'])];
  const rows = [`<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>`];
  for (let i = 0; i < golden.x.length; i++) {
    const cells = [golden.x[i].toFixed(2), golden.t[i].toFixed(3)];
    for (const { term } of TERMS) {
      cells.push(sum[term][i].toFixed(7), ones[term][i].toFixed(7), (sum[term][i] - ones[term][i]).toExponential(1));
    }
    rows.push(`<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
  }
  const summary = ['max |diff|', '', ...TERMS.flatMap(({ term }) => ['', '', seedDiff[term].toExponential(1)])];
  rows.push(`<tr class="summary">${summary.map((c) => `<td>${c}</td>`).join('')}</tr>`);
  table.innerHTML = rows.join('');
}
