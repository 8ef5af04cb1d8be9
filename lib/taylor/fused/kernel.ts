import * as tf from '@tensorflow/tfjs';

import { gradientDepth } from '../../internals/engine.js';
import type { MLP } from '../../models/index.js';
import { IndexSet, degree, factorial, keyOf } from '../multi_index.js';
import { JetOps, TF_OPS } from '../ops.js';
import { mlpJet } from '../pass.js';
import { BackendArrays, FUSED_BACKENDS, backendArrays } from './arrays.js';
import { CompiledActivation, canCompile, compilable, compileActivation } from './codegen.js';
import { recordActivation } from './program.js';

/** The forward kernel: [points, W0, b0, W1, b1, ...] to one [N,·] tensor per request. */
export const JET_FORWARD = 'TfjsPinnMlpJet';
/** Its gradient: [points, W0, b0, ..., dy per request] to [dpoints, dW0, db0, ...]. */
export const JET_BACKWARD = 'TfjsPinnMlpJetGrad';

/** One derivative to read off: coefficient `k` of the output jet times `factor` (alpha!), one column or all. */
interface Request {
  k: number;
  column?: number;
  factor: number;
}

/** Everything a kernel call needs besides tensors; kept by key, since kernel attributes should stay small. */
interface Plan {
  activation: MLP['activation'];
  set: IndexSet;
  directions: number[][];
  requests: Request[];
  layers: number;
  compiled: CompiledActivation;
}

const plans = new Map<string, Plan>();
const compiledCache = new Map<string, CompiledActivation | null>();
let registered = false;
let compiles: boolean | undefined;

/** Switch for measuring the tf-op path against the fused kernel in one process (bench only). */
export const fusedJetSwitch = { enabled: true };

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
export function fusedJet(net: MLP, points: tf.Tensor2D, directions: readonly (readonly number[])[], set: IndexSet, requests: readonly { alpha: readonly number[]; column?: number }[]): tf.Tensor2D[] | undefined {
  if (!fusedJetSwitch.enabled) return undefined;
  const backend = tf.getBackend();
  if (!(FUSED_BACKENDS as readonly string[]).includes(backend)) return undefined;
  compiles ??= canCompile();
  if (!compiles) return undefined;
  const compiled = compiledFor(net.activation, set);
  if (compiled === null) return undefined;
  const index = new Map(set.members.map((m, i) => [keyOf(m), i]));
  const plan: Plan = {
    activation: net.activation,
    set,
    directions: directions.map((d) => [...d]),
    requests: requests.map((r) => ({ k: index.get(keyOf(r.alpha))!, column: r.column, factor: factorial(r.alpha) })),
    layers: net.weights.length,
    compiled,
  };
  const key = JSON.stringify([plan.activation, set.vars, set.members, plan.directions, plan.requests, plan.layers]);
  if (!plans.has(key)) plans.set(key, plan);
  if (!registered) register();
  const inputs: tf.Tensor[] = [points, ...net.weights.flatMap((w, i) => [w, net.biases[i]])];
  if (gradientDepth() > 0) {
    // A gradient may follow: the forward pass leaves its hidden layers' z and h in a workspace the gradient reads.
    const size = workspaceLayout(plan, points.shape[0], net.biases.map((b) => b.shape[0])).size;
    inputs.push(tf.engine().makeTensorFromTensorInfo(backendArrays(backend, tf.backend()).alloc([Math.max(size, 1)])));
  }
  return tf.engine().runKernel(JET_FORWARD, inputs as unknown as tf.NamedTensorMap, { plan: key }) as unknown as tf.Tensor2D[];
}

function compiledFor(activation: MLP['activation'], set: IndexSet): CompiledActivation | null {
  const key = `${activation}|${set.vars}|${set.members.map(keyOf).join(';')}`;
  if (!compiledCache.has(key)) {
    const program = recordActivation(activation, set);
    compiledCache.set(key, compilable(program) ? compileActivation(program) : null);
  }
  return compiledCache.get(key)!;
}

/** Offsets (in floats) of each hidden layer's z and h in the workspace, and its total size. */
function workspaceLayout(plan: Plan, n: number, widths: number[]): { z: number[]; h: number[]; size: number } {
  const k = plan.set.members.length;
  const layout = { z: [] as number[], h: [] as number[], size: 0 };
  for (let l = 0; l < plan.layers - 1; l++) {
    layout.z.push(layout.size);
    layout.h.push(layout.size + k * n * widths[l]);
    layout.size += 2 * k * n * widths[l];
  }
  return layout;
}

/** Layer 0's input jet, stacked: the points, then each direction as a constant block, zeros above degree 1. */
function inputJet(a: BackendArrays, plan: Plan, points: tf.TensorInfo): tf.TensorInfo {
  const n = points.shape[0];
  const width0 = points.shape[1];
  const h = a.alloc([plan.set.members.length * n, width0]);
  const hv = a.view(h);
  hv.set(a.view(points));
  plan.set.members.forEach((alpha, j) => {
    if (j === 0) return;
    const block = hv.subarray(j * n * width0, (j + 1) * n * width0);
    if (degree(alpha) !== 1) {
      block.fill(0);
      return;
    }
    const dir = plan.directions[alpha.findIndex((x) => x === 1)];
    for (let i = 0; i < n; i++) block.set(dir, i * width0);
  });
  return h;
}

/**
 * The jet pass over stacked coefficients; returns the last layer's z. With a
 * workspace, every hidden layer's z and h are copied into it for the gradient.
 */
function forwardPass(a: BackendArrays, plan: Plan, points: tf.TensorInfo, params: tf.TensorInfo[], workspace?: tf.TensorInfo): tf.TensorInfo {
  const n = points.shape[0];
  const k = plan.set.members.length;
  const layout = workspace && workspaceLayout(plan, n, params.filter((_, i) => i % 2 === 1).map((b) => b.shape[0]));
  let h = inputJet(a, plan, points);
  for (let l = 0; ; l++) {
    const [w, b] = [params[2 * l], params[2 * l + 1]];
    const width = w.shape[1];
    const z = a.matMul(h, w);
    a.free(h);
    z.shape = [k * n, width];
    const zv = a.view(z);
    const bv = a.view(b);
    for (let i = 0; i < n * width; i += width) for (let c = 0; c < width; c++) zv[i + c] += bv[c];
    if (l === plan.layers - 1) return z;
    const next = a.alloc([k * n, width]);
    plan.compiled.forward(a.view(z), a.view(next), n * width);
    if (workspace && layout) {
      const wv = a.view(workspace);
      wv.set(a.view(z), layout.z[l]);
      wv.set(a.view(next), layout.h[l]);
    }
    a.free(z);
    h = next;
  }
}

function forwardKernel(backendName: string) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a = backendArrays(backendName, backend);
    const all = inputs as unknown as tf.TensorInfo[];
    const [points, params, workspace] = [all[0], all.slice(1, 1 + 2 * plan.layers), all[1 + 2 * plan.layers]];
    const n = points.shape[0];
    const out = params[params.length - 1].shape[0];
    const last = forwardPass(a, plan, points, params, workspace);
    const results = plan.requests.map((r) => a.alloc([n, r.column === undefined ? out : 1]));
    const zv = a.view(last);
    plan.requests.forEach((r, i) => {
      const ov = a.view(results[i]);
      const base = r.k * n * out;
      if (r.column === undefined) for (let j = 0; j < n * out; j++) ov[j] = r.factor * zv[base + j];
      else for (let j = 0; j < n; j++) ov[j] = r.factor * zv[base + j * out + r.column];
    });
    a.free(last);
    return results;
  };
}

function backwardKernel(backendName: string) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a = backendArrays(backendName, backend);
    const all = inputs as unknown as tf.TensorInfo[];
    const params = all.slice(1, 1 + 2 * plan.layers);
    const [points, workspace, dys] = [all[0], all[1 + 2 * plan.layers], all.slice(2 + 2 * plan.layers)];
    const n = points.shape[0];
    const k = plan.set.members.length;
    const rows = k * n;
    const layout = workspaceLayout(plan, n, params.filter((_, i) => i % 2 === 1).map((b) => b.shape[0]));
    const h0 = inputJet(a, plan, points);
    // Layer l's input jet: the stacked points for l = 0, else the workspace's h of hidden layer l - 1.
    const input = (l: number) => (l === 0 ? a.view(h0) : a.view(workspace).subarray(layout.h[l - 1], layout.h[l - 1] + rows * params[2 * l].shape[0]));
    const out = params[params.length - 1].shape[0];
    let dz = a.alloc([rows, out]);
    {
      const dv = a.view(dz);
      dv.fill(0);
      plan.requests.forEach((r, i) => {
        const yv = a.view(dys[i]);
        const base = r.k * n * out;
        if (r.column === undefined) for (let j = 0; j < n * out; j++) dv[base + j] += r.factor * yv[j];
        else for (let j = 0; j < n; j++) dv[base + j * out + r.column] += r.factor * yv[j];
      });
    }
    const grads: tf.TensorInfo[] = new Array(1 + 2 * plan.layers);
    for (let l = plan.layers - 1; l >= 0; l--) {
      const w = params[2 * l];
      const [wIn, wOut] = [w.shape[0], w.shape[1]];
      const db = a.alloc([wOut]);
      const hT = a.alloc([wIn, rows]);
      const wT = a.alloc([wOut, wIn]);
      {
        const [dbv, dv, hv, htv, wv, wtv] = [a.view(db), a.view(dz), input(l), a.view(hT), a.view(w), a.view(wT)];
        dbv.fill(0);
        for (let i = 0; i < n * wOut; i += wOut) for (let c = 0; c < wOut; c++) dbv[c] += dv[i + c];
        for (let i = 0; i < rows; i++) for (let c = 0; c < wIn; c++) htv[c * rows + i] = hv[i * wIn + c];
        for (let i = 0; i < wIn; i++) for (let c = 0; c < wOut; c++) wtv[c * wIn + i] = wv[i * wOut + c];
      }
      const dw = a.matMul(hT, dz);
      dw.shape = [wIn, wOut];
      const dh = a.matMul(dz, wT);
      dh.shape = [rows, wIn];
      [hT, wT, dz].forEach((x) => a.free(x));
      grads[1 + 2 * l] = dw;
      grads[2 + 2 * l] = db;
      if (l > 0) {
        dz = a.alloc([rows, wIn]);
        const wv = a.view(workspace);
        const size = rows * wIn;
        const [zl, hl] = [wv.subarray(layout.z[l - 1], layout.z[l - 1] + size), wv.subarray(layout.h[l - 1], layout.h[l - 1] + size)];
        plan.compiled.backward(zl, hl, a.view(dh), a.view(dz), n * wIn);
        a.free(dh);
      } else {
        const dp = a.alloc([n, wIn]);
        a.view(dp).set(a.view(dh).subarray(0, n * wIn));
        a.free(dh);
        grads[0] = dp;
      }
    }
    a.free(h0);
    return grads;
  };
}

/** The tf-op jet of the same plan: the differentiable reference the recorded gradient is built from. */
function tfJet(plan: Plan, points: tf.Tensor2D, params: tf.Tensor[]): tf.Tensor[] {
  const ops = TF_OPS as unknown as JetOps;
  const layers = { activation: plan.activation, weights: params.filter((_, i) => i % 2 === 0), biases: params.filter((_, i) => i % 2 === 1) };
  const jet = mlpJet(ops, layers, points, plan.directions, plan.set);
  const n = points.shape[0];
  return plan.requests.map((r) => {
    const c = jet.at(plan.set.members[r.k]);
    const out = params[params.length - 1].shape[0];
    if (c === null) return tf.zeros([n, r.column === undefined ? out : 1]);
    const picked = r.column === undefined ? (c as tf.Tensor) : tf.slice(c as tf.Tensor, [0, r.column], [c.shape[0], 1]);
    const scaled = r.factor === 1 ? picked : tf.mul(picked, r.factor);
    return scaled.shape[0] === n ? scaled : tf.broadcastTo(scaled, [n, scaled.shape[1] as number]);
  });
}

function register(): void {
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({ kernelName: JET_FORWARD, backendName, kernelFunc: forwardKernel(backendName) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: JET_BACKWARD, backendName, kernelFunc: backwardKernel(backendName) as unknown as tf.KernelFunc });
  }
  tf.registerGradient({
    kernelName: JET_FORWARD,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const plan = plans.get((attrs as { plan: string }).plan)!;
      const dys = Array.isArray(dy) ? dy : [dy];
      const params = saved.slice(0, 1 + 2 * plan.layers);
      const workspace = saved[1 + 2 * plan.layers];
      let grads: tf.Tensor[];
      if (gradientDepth() > 0 || workspace === undefined) {
        // Someone records this gradient to differentiate it again: build it from differentiable tf ops.
        const f = (...xs: tf.Tensor[]) => tf.addN(tfJet(plan, xs[0] as tf.Tensor2D, xs.slice(1)).map((o, i) => tf.sum(tf.mul(o, dys[i]))));
        grads = tf.grads(f)(params);
      } else {
        grads = tf.engine().runKernel(JET_BACKWARD, [...params, workspace, ...dys] as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as unknown as tf.Tensor[];
      }
      const thunks: Record<number, () => tf.Tensor> = Object.fromEntries(grads.map((g, i) => [i, () => g]));
      // The workspace is scratch memory, not a function argument: it has no gradient.
      if (workspace !== undefined) thunks[grads.length] = () => tf.zerosLike(workspace);
      return thunks;
    },
  });
  registered = true;
}
