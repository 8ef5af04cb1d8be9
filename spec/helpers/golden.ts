import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';

import { MLP, TestNet, partials } from '../../lib/index.js';
import type { TorchLayer } from '../../lib/index.js';
import { expectClose, goldenTolerance } from './close.js';

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

/**
 * Computes every partial of a golden case with `partials` and expects each to
 * match PyTorch within the tolerance for its order; frees what it made.
 */
export function expectGoldenAgreement(c: GoldenCase, method: 'reverse' | 'taylor', where: string): void {
  const net = c.name.startsWith('testnet') ? TestNet.fromLayers(c.layers) : MLP.fromLayers(c.layers, c.activation);
  const x = tf.tensor2d(c.x, [c.x.length, 1]);
  const t = tf.tensor2d(c.t, [c.t.length, 1]);
  const keys = Object.keys(c.partials);
  const d = partials(net, { x, t }, keys.map(termOf), { method });
  for (const key of keys) {
    const order = key === 'u' ? 0 : key.length;
    expectClose(d[termOf(key)].dataSync(), c.partials[key], goldenTolerance(order), `${c.name} ${key} ${where}`);
  }
  tf.dispose([x, t, ...Object.values(d)]);
  net.dispose();
}
