import { readFileSync } from 'node:fs';

import type { TorchLayer } from '../../lib/index.js';

/** One PyTorch float64 reference case of spec/fixtures/torch-partials.json. */
export interface GoldenCase {
  name: string;
  activation: 'sigmoid' | 'tanh' | 'sin';
  sizes: number[];
  layers: TorchLayer[];
  x: number[];
  t: number[];
  /** Keyed 'u', 'x', 't', 'xx', 'xt', ...: the variables differentiated, in order. */
  partials: Record<string, number[]>;
}

/** The golden cases, copied from the project's shared PyTorch reference. */
export function goldenCases(): GoldenCase[] {
  const url = new URL('../fixtures/torch-partials.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')).cases;
}

/** The partials term for a golden key: 'u' stays, 'xt' becomes 'u_xt'. */
export function termOf(key: string): string {
  return key === 'u' ? 'u' : `u_${key}`;
}
