// Canvas plots for the playground, small and dependency-free: heat maps with axes and a colour bar,
// and line charts (linear or log y) with axes and a legend. Everything is drawn at the device's pixel
// ratio so text stays sharp.

/** A colour map: position in [0, 1] to [r, g, b]. */
type ColourMap = (f: number) => [number, number, number];

function fromStops(stops: [number, number, number][]): ColourMap {
  return (f) => {
    const p = Math.min(Math.max(f, 0), 1) * (stops.length - 1);
    const i = Math.min(Math.floor(p), stops.length - 2);
    const w = p - i;
    return stops[i].map((v, k) => Math.round(v + w * (stops[i + 1][k] - v))) as [number, number, number];
  };
}

/** Viridis (perceptually even, readable in grey): for errors and magnitudes. */
export const VIRIDIS = fromStops([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]]);
/** ColorBrewer RdBu reversed (blue low, red high): for the solution, as the Node pictures. */
export const RDBU = fromStops([[5, 48, 97], [67, 147, 195], [209, 229, 240], [247, 247, 247], [253, 219, 199], [214, 96, 77], [103, 0, 31]]);

/** Round tick values covering [lo, hi], about `count` of them. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** A short label for a tick value. */
export function label(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1).replace('e+', 'e') : String(Number(v.toPrecision(4)));
}

/** Sizes the canvas for the device pixel ratio and returns a context in CSS pixels. */
function prepare(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; h: number } {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || Number(canvas.getAttribute('width')) || 300;
  const h = canvas.clientHeight || Number(canvas.getAttribute('height')) || 200;
  canvas.width = Math.round(w * ratio);
  canvas.height = Math.round(h * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  return { ctx, w, h };
}

/** A field on a regular grid: values[j * nx + i] at (x_i, y_j); NaN cells (outside a geometry) are grey. */
export interface Field {
  values: ArrayLike<number>;
  nx: number;
  ny: number;
  x: [number, number];
  y: [number, number];
  xLabel: string;
  yLabel: string;
  title: string;
  colours: ColourMap;
  /** Colour range; @default the values' finite min and max */
  range?: [number, number];
}

/** The finite min and max of `values` ([0, 0] when none is finite). */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/** Draws a heat map with x and y axes, a title and a colour bar; returns the colour range. */
export function drawField(canvas: HTMLCanvasElement, f: Field): [number, number] {
  const { ctx, w, h } = prepare(canvas);
  const [lo, hi] = f.range ?? extent(f.values);
  const pad = { left: 44, right: 70, top: 20, bottom: 34 };
  const pw = w - pad.left - pad.right;
  const ph = h - pad.top - pad.bottom;
  // The cells, drawn into an image of one pixel per grid point and scaled (smoothing off: cells stay cells).
  const img = new ImageData(f.nx, f.ny);
  for (let j = 0; j < f.ny; j++) {
    for (let i = 0; i < f.nx; i++) {
      const v = f.values[j * f.nx + i];
      const k = 4 * ((f.ny - 1 - j) * f.nx + i);
      const [r, g, b] = Number.isFinite(v) ? f.colours(hi > lo ? (v - lo) / (hi - lo) : 0.5) : [225, 225, 225];
      img.data.set([r, g, b, 255], k);
    }
  }
  const off = document.createElement('canvas');
  off.width = f.nx;
  off.height = f.ny;
  off.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, pad.left, pad.top, pw, ph);
  ctx.strokeStyle = '#444';
  ctx.strokeRect(pad.left, pad.top, pw, ph);
  ctx.fillStyle = '#222';
  ctx.textAlign = 'center';
  ctx.fillText(f.title, pad.left + pw / 2, 13);
  // x axis
  for (const v of ticks(f.x[0], f.x[1], 5)) {
    const px = pad.left + ((v - f.x[0]) / (f.x[1] - f.x[0])) * pw;
    ctx.beginPath();
    ctx.moveTo(px, pad.top + ph);
    ctx.lineTo(px, pad.top + ph + 4);
    ctx.stroke();
    ctx.fillText(label(v), px, pad.top + ph + 15);
  }
  ctx.fillText(f.xLabel, pad.left + pw / 2, h - 4);
  // y axis
  ctx.textAlign = 'right';
  for (const v of ticks(f.y[0], f.y[1], 5)) {
    const py = pad.top + ph - ((v - f.y[0]) / (f.y[1] - f.y[0])) * ph;
    ctx.beginPath();
    ctx.moveTo(pad.left - 4, py);
    ctx.lineTo(pad.left, py);
    ctx.stroke();
    ctx.fillText(label(v), pad.left - 6, py + 4);
  }
  ctx.save();
  ctx.translate(10, pad.top + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(f.yLabel, 0, 0);
  ctx.restore();
  // colour bar
  const bx = pad.left + pw + 12;
  const bw = 12;
  for (let k = 0; k < ph; k++) {
    const [r, g, b] = f.colours(1 - k / Math.max(ph - 1, 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(bx, pad.top + k, bw, 1);
  }
  ctx.strokeRect(bx, pad.top, bw, ph);
  ctx.fillStyle = '#222';
  ctx.textAlign = 'left';
  const barTicks = hi > lo ? ticks(lo, hi, 4) : [lo];
  for (const v of barTicks) {
    const py = hi > lo ? pad.top + ph - ((v - lo) / (hi - lo)) * ph : pad.top + ph / 2;
    ctx.beginPath();
    ctx.moveTo(bx + bw, py);
    ctx.lineTo(bx + bw + 3, py);
    ctx.stroke();
    ctx.fillText(label(v), bx + bw + 5, py + 4);
  }
  return [lo, hi];
}

/** One line of a chart. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  colour: string;
  dash?: number[];
}

/** Distinct line colours (Tableau 10). */
export const LINE_COLOURS = ['#4e79a7', '#e15759', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac'];

/** Draws line series with axes, a title and a legend; `logY` plots log10 of the positive values. */
export function drawLines(canvas: HTMLCanvasElement, series: Series[], o: { title: string; xLabel: string; yLabel: string; logY?: boolean }): void {
  const { ctx, w, h } = prepare(canvas);
  const pad = { left: 52, right: 12, top: 20, bottom: 34 };
  const pw = w - pad.left - pad.right;
  const ph = h - pad.top - pad.bottom;
  const ty = (v: number) => (o.logY ? (v > 0 ? Math.log10(v) : NaN) : v);
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const y = ty(s.y[i]);
      if (!Number.isFinite(y) || !Number.isFinite(s.x[i])) continue;
      [x0, x1, y0, y1] = [Math.min(x0, s.x[i]), Math.max(x1, s.x[i]), Math.min(y0, y), Math.max(y1, y)];
    }
  }
  ctx.fillStyle = '#222';
  ctx.textAlign = 'center';
  ctx.fillText(o.title, pad.left + pw / 2, 13);
  if (!(x1 >= x0 && y1 >= y0)) return;
  if (o.logY) [y0, y1] = [Math.floor(y0), Math.max(Math.ceil(y1), Math.floor(y0) + 1)];
  else if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  else [y0, y1] = [y0 - 0.05 * (y1 - y0), y1 + 0.05 * (y1 - y0)];
  if (x1 === x0) x1 = x0 + 1;
  const px = (x: number) => pad.left + ((x - x0) / (x1 - x0)) * pw;
  const py = (y: number) => pad.top + ph - ((y - y0) / (y1 - y0)) * ph;
  ctx.strokeStyle = '#e4e4e4';
  ctx.fillStyle = '#222';
  const yt = o.logY ? Array.from({ length: y1 - y0 + 1 }, (_, k) => y0 + k).filter((_, k, all) => all.length <= 8 || k % Math.ceil(all.length / 8) === 0) : ticks(y0, y1, 5);
  ctx.textAlign = 'right';
  for (const v of yt) {
    ctx.beginPath();
    ctx.moveTo(pad.left, py(v));
    ctx.lineTo(pad.left + pw, py(v));
    ctx.stroke();
    ctx.fillText(o.logY ? `1e${v}` : label(v), pad.left - 5, py(v) + 4);
  }
  ctx.textAlign = 'center';
  for (const v of ticks(x0, x1, 5)) {
    ctx.beginPath();
    ctx.moveTo(px(v), pad.top);
    ctx.lineTo(px(v), pad.top + ph);
    ctx.stroke();
    ctx.fillText(label(v), px(v), pad.top + ph + 15);
  }
  ctx.fillText(o.xLabel, pad.left + pw / 2, h - 4);
  ctx.save();
  ctx.translate(11, pad.top + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(o.yLabel, 0, 0);
  ctx.restore();
  ctx.strokeStyle = '#444';
  ctx.strokeRect(pad.left, pad.top, pw, ph);
  ctx.save();
  ctx.beginPath();
  ctx.rect(pad.left, pad.top, pw, ph);
  ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.colour;
    ctx.setLineDash(s.dash ?? []);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < s.x.length; i++) {
      const y = ty(s.y[i]);
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(px(s.x[i]), py(y));
      else ctx.moveTo(px(s.x[i]), py(y));
      pen = true;
    }
    ctx.stroke();
  }
  ctx.restore();
  ctx.setLineDash([]);
  // legend, top right inside the plot
  ctx.textAlign = 'left';
  const widest = Math.max(...series.map((s) => ctx.measureText(s.name).width));
  series.forEach((s, k) => {
    const lx = pad.left + pw - widest - 28;
    const ly = pad.top + 12 + 13 * k;
    ctx.strokeStyle = s.colour;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    ctx.moveTo(lx, ly - 4);
    ctx.lineTo(lx + 16, ly - 4);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#222';
    ctx.fillText(s.name, lx + 20, ly);
  });
}
