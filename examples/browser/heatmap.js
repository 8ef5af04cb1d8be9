// Drawing helpers for the demo: heat maps of a grid of values and a loss curve, on a plain canvas.

// Viridis at five stops: perceptually even, readable in grey, fine for colour-blind readers.
const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

/**
 * @param {number} f position in [0, 1]
 * @returns {string} CSS colour
 */
function viridis(f) {
  const p = Math.min(Math.max(f, 0), 1) * (STOPS.length - 1);
  const i = Math.min(Math.floor(p), STOPS.length - 2);
  const w = p - i;
  const [r, g, b] = STOPS[i].map((v, k) => Math.round(v + w * (STOPS[i + 1][k] - v)));
  return `rgb(${r},${g},${b})`;
}

/**
 * Draws `values` (row-major, `rows` x `cols`) as coloured cells filling the canvas,
 * from the smallest value (dark) to the largest (yellow).
 * @param {HTMLCanvasElement} canvas
 * @param {ArrayLike<number>} values
 * @param {number} rows
 * @param {number} cols
 * @returns {{min: number, max: number}} the range the colours span
 */
export function drawHeatMap(canvas, values, rows, cols) {
  const ctx = canvas.getContext('2d');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const w = canvas.width / cols;
  const h = canvas.height / rows;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      ctx.fillStyle = viridis(max > min ? (values[r * cols + c] - min) / (max - min) : 0.5);
      ctx.fillRect(Math.floor(c * w), Math.floor(r * h), Math.ceil(w), Math.ceil(h));
    }
  }
  return { min, max };
}

/**
 * Draws a loss history on a log scale.
 * @param {HTMLCanvasElement} canvas
 * @param {number[]} losses
 */
export function drawLossCurve(canvas, losses) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const logs = losses.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length < 2) return;
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.ceil(Math.max(...logs));
  const pad = 28;
  const y = (v) => height - 14 - ((v - lo) / Math.max(hi - lo, 1e-9)) * (height - 24);
  ctx.strokeStyle = '#ccc';
  ctx.fillStyle = '#555';
  ctx.font = '10px monospace';
  for (let d = lo; d <= hi; d++) {
    ctx.beginPath();
    ctx.moveTo(pad, y(d));
    ctx.lineTo(width, y(d));
    ctx.stroke();
    ctx.fillText(`1e${d}`, 0, y(d) + 3);
  }
  ctx.strokeStyle = '#c0392b';
  ctx.beginPath();
  logs.forEach((v, i) => {
    const x = pad + (i / (logs.length - 1)) * (width - pad - 4);
    if (i === 0) ctx.moveTo(x, y(v));
    else ctx.lineTo(x, y(v));
  });
  ctx.stroke();
}
