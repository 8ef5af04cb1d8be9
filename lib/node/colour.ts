// Colour schemes of the pictures, as published anchor colours with linear
// interpolation between them: ColorBrewer RdBu (11 classes, red low, blue high,
// as vega's 'redblue') and matplotlib's viridis sampled at 9 points.

/** A colour scheme's name. */
export type SchemeName = 'redblue' | 'viridis';

/** An sRGB colour, each channel 0..255. */
export type Rgb = [number, number, number];

const hex = (...codes: string[]): Rgb[] => codes.map((c) => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]);

/** The anchor colours of each scheme, evenly spaced from 0 to 1. */
export const SCHEMES: Readonly<Record<SchemeName, readonly Rgb[]>> = {
  redblue: hex('#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'),
  viridis: hex('#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'),
};

/**
 * The colour of `t` in 0..1 on a scheme (clamped), interpolated linearly between anchors.
 *
 * @example
 * colourAt('viridis', 0); // [68, 1, 84]
 * colourAt('redblue', 0.5); // [247, 247, 247]
 */
export function colourAt(scheme: SchemeName, t: number): Rgb {
  const stops = SCHEMES[scheme];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(x));
  const f = x - k;
  const [a, b] = [stops[k], stops[k + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + f * (b[c] - a[c]))) as Rgb;
}

/**
 * A colour as '#rrggbb'.
 *
 * @example
 * rgbHex([68, 1, 84]); // '#440154'
 * rgbHex(colourAt('redblue', 1)); // '#053061'
 */
export function rgbHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
