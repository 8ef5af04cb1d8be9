import * as tf from '@tensorflow/tfjs';

import { FUSED_BACKENDS, backendArrays } from '../../internals/backend_arrays.js';
import { gradientDepth, gradientRunsUnrecorded } from '../../internals/engine.js';
import { JET_FORWARD, JET_FORWARD_ONCE } from '../../internals/kernel_names.js';
import { IndexSet } from '../multi_index.js';
import { canCompile } from './codegen.js';
import { FusedLayers, loopsFor, planFor } from './plan.js';
import { registerFusedJet } from './register.js';
import { scratchLayout } from './scratch.js';
import { fusedJetSwitch } from './switches.js';

/**
 * Most stacked rows (points times coefficients) for which a pass that a gradient may follow takes the fused
 * kernel when its loops are scalar JavaScript (cpu backend, or an activation without SIMD loops); separate tf
 * ops pay a fixed cost per kernel but run vectorised wasm. With the WebAssembly SIMD loops (tanh, sigmoid on
 * wasm) the fused kernel is faster at every size measured (about 2x the tf ops at N = 2,000 and 10,000), so
 * no limit applies. Measured with the retired fused-kernel probe (docs/performance.md, 'Retired probes'; CPU
 * time, one Adam step of the default Burgers network, 4 coefficients, wasm) with the JavaScript loops: at
 * N = 500 the fused kernel took half the time (4.4 ms against 5.5 ms at best), at N = 2,000 as long (11.8
 * against 13.3 at best), at N = 10,000 longer (56.5 against 45.8 at best). Without a gradient (no backward loops) it is used at every size.
 */
export const FUSED_TAPED_ROWS = 16_384;

let compiles: boolean | undefined;

/** A dense chain with its weights [in,out] and biases [out] per layer (an MLP, or a Network's trunk). */
export interface FusedNet extends FusedLayers {
  weights: readonly tf.Tensor[];
  biases: readonly tf.Tensor[];
}

/**
 * Whether the fused kernel can run here at all (backend, generated code allowed, switched on): a caller that must
 * first build its input asks before paying for it.
 */
export function fusedJetCanRun(): boolean {
  if (!fusedJetSwitch.enabled || !(FUSED_BACKENDS as readonly string[]).includes(tf.getBackend())) return false;
  compiles ??= canCompile();
  return compiles;
}

/**
 * The requested derivatives of an MLP by the fused jet kernel, or undefined
 * where it does not apply (backend other than wasm or cpu, an activation it
 * cannot compile, generated code forbidden, or switched off).
 *
 * One kernel runs the whole jet pass: the K Taylor coefficients of a layer
 * are stacked into one [K*N, w] matrix, so each layer is one matMul by the
 * backend's own kernel plus one compiled loop for the activation's
 * recurrences over all coefficients. Its gradient is a second kernel that
 * recomputes the pass and runs it backward the same way; under a gradient
 * that is itself being recorded (derivatives of derivatives of the weights)
 * the gradient is built from tf ops instead, so every order stays exact.
 */
export function fusedJet(
  net: FusedNet,
  columns: readonly tf.Tensor2D[],
  directions: readonly (readonly number[])[],
  set: IndexSet,
  requests: readonly { alpha: readonly number[]; column?: number }[],
  jetInput = false,
): tf.Tensor2D[] | undefined {
  if (!fusedJetSwitch.enabled) return undefined;
  const taped = gradientDepth() > 0;
  const backend = tf.getBackend();
  if (!(FUSED_BACKENDS as readonly string[]).includes(backend)) return undefined;
  compiles ??= canCompile();
  if (!compiles) return undefined;
  const found = planFor(net, columns, directions, set, requests, jetInput);
  if (found === null) return undefined;
  const { plan, key, js } = found;
  const arrays = backendArrays(backend, tf.backend());
  const simd = arrays.memory !== undefined && loopsFor(plan.loops, arrays.memory) !== js;
  const n = jetInput ? columns[0].shape[0] / set.members.length : columns[0].shape[0];
  if (taped && !simd && n * set.members.length > FUSED_TAPED_ROWS) return undefined;
  registerFusedJet();
  const inputs: tf.Tensor[] = [...columns, ...net.weights.flatMap((w, i) => [w, net.biases[i]])];
  const attrs = { plan: key };
  if (!taped) return tf.engine().runKernel(JET_FORWARD, inputs as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor2D[];
  // A gradient may follow: the forward pass leaves what the backward kernel reads in a scratch tensor.
  const scratch = tf.engine().makeTensorFromTensorInfo(arrays.alloc([scratchLayout(plan, n).size]));
  // When its gradient will run unrecorded (a training step), the gradient needs the scratch tensor alone.
  if (gradientRunsUnrecorded()) return tf.engine().runKernel(JET_FORWARD_ONCE, [scratch, ...inputs] as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor2D[];
  return tf.engine().runKernel(JET_FORWARD, [...inputs, scratch] as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor2D[];
}
