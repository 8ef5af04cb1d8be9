import * as tf from '@tensorflow/tfjs';

import type { MLP, Network } from '../models/index.js';
import { assertMLP, assertTaylorOrder, directionVector, inputMatrix } from './checks.js';
import { evaluateJet } from './evaluate.js';

const FN = 'taylor';

/**
 * u and its derivatives of order 1..`order` along one direction, by Taylor
 * mode: one forward pass carrying every coefficient, instead of one nested
 * backward pass per order. Returns [u, D u, D^2 u, ...], each [N,out], where
 * D is the directional derivative along `direction` (an input name such as
 * 'x', or a vector over the inputs). Built from tf ops only, so weight
 * gradients flow through it (use it inside tf.variableGrads or minimize).
 *
 * @example
 * const [u, u_x, u_xx, u_xxx, u_xxxx] = taylor(net, { x, t }, 'x', 4);
 * const [, d1] = taylor(net, { x, t }, [1, 1], 1); // u_x + u_t
 */
export function taylor(model: MLP | Network, inputs: Record<string, tf.Tensor2D> | tf.Tensor2D, direction: string | number[], order: number): tf.Tensor2D[] {
  assertMLP(model, FN);
  const v = directionVector(model, direction, FN);
  assertTaylorOrder(order, FN);
  return tf.tidy(() => evaluateJet(model, [inputMatrix(model, inputs, FN)], [v], Array.from({ length: order + 1 }, (_, k) => ({ alpha: [k] }))));
}
