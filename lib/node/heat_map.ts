import { type SchemeName, colourAt } from './colour.js';
import { loadPng } from './optional.js';

/** A field on a regular grid, as the raster of one heat-map panel. */
export interface HeatRaster {
  /** Pixels per row and rows; row 0 is the top (the largest vertical coordinate). */
  width: number;
  height: number;
  /** Value of pixel (column c, row r) at `values[r * width + c]`. */
  values: Float64Array;
}

/**
 * Encodes a raster as an RGB PNG, each value coloured on `scheme` over the
 * domain [lo, hi] (one pixel per grid point: the viewer's smoothing makes the
 * map seamless, with no cell edges to show as seams).
 *
 * @example
 * const png = await heatMapPng({ width: 2, height: 1, values: Float64Array.of(0, 1) }, 'viridis', 0, 1);
 * png.subarray(1, 4).toString(); // 'PNG'
 */
export async function heatMapPng(raster: HeatRaster, scheme: SchemeName, lo: number, hi: number): Promise<Buffer> {
  const PNG = await loadPng();
  const { width, height, values } = raster;
  const png = new PNG({ width, height });
  const span = hi - lo;
  for (let i = 0; i < width * height; i++) {
    // A flat field sits mid-scheme rather than dividing by zero.
    const [r, g, b] = colourAt(scheme, span > 0 ? (values[i] - lo) / span : 0.5);
    png.data[4 * i] = r;
    png.data[4 * i + 1] = g;
    png.data[4 * i + 2] = b;
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 2 });
}
