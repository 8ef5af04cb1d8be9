import * as tf from '@tensorflow/tfjs';

import { gradientDepth, gradientRunsUnrecorded, recordedVjp } from '../../internals/engine.js';
import type { MLP } from '../../models/index.js';
import { IndexSet, degree, factorial, keyOf } from '../multi_index.js';
import { JetOps, TF_OPS } from '../ops.js';
import { mlpJet } from '../pass.js';
import { BackendArrays, FUSED_BACKENDS, backendArrays } from '../../internals/backend_arrays.js';
import { CompiledActivation, canCompile, compilable, compileActivation } from './codegen.js';
import { recordActivation } from './program.js';
import { DenseLoops, denseLoops, simdActivation } from './wasm/index.js';

/**
 * The forward kernel: [x0, x1, ... (the inputs as column blocks [N,w_j]), W0, b0, W1, b1, ..., scratch?] to one
 * [N,·] tensor per request. Its gradient saves every input, so that a gradient recorded for a higher
 * derivative can be built from them.
 */
export const JET_FORWARD = 'TfjsPinnMlpJet';
/**
 * The same pass when its gradient will run unrecorded (a training step): [scratch, x0, ..., W0, b0, ...]. Its gradient
 * saves the scratch tensor alone, which holds everything the backward kernel reads (the points, the weights,
 * each layer's z and h): the engine clones every saved tensor with a kernel and a tape node of its own, 13 of
 * them per step for the default Burgers network otherwise.
 */
export const JET_FORWARD_ONCE = 'TfjsPinnMlpJetOnce';
/** Their gradient: [scratch, dy per request] to [dx0, dx1, ..., dW0, db0, ...]. */
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
  /** Layer sizes, inputs first (the backward kernel reads the weights from the scratch tensor by them). */
  sizes: number[];
  /** Widths of the input column blocks ([N,w_j] each): the kernel interleaves them itself (the wasm Concat kernel copies row by row). */
  blocks: number[];
  /** Key of the activation's recorded program and its compiled loops. */
  loops: string;
}

const plans = new Map<string, Plan>();
const compiledCache = new Map<string, CompiledActivation | null>();
const programs = new Map<string, ReturnType<typeof recordActivation>>();
let registered = false;
let compiles: boolean | undefined;

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

/** Switch for measuring the tf-op path against the fused kernel in one process (bench only). */
export const fusedJetSwitch = { enabled: true };

/** Switch for measuring the JavaScript loops (activation, bias, weight gradient) against the WebAssembly SIMD ones (bench and specs only). */
export const simdSwitch = { enabled: true };

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
export function fusedJet(net: MLP, columns: readonly tf.Tensor2D[], directions: readonly (readonly number[])[], set: IndexSet, requests: readonly { alpha: readonly number[]; column?: number }[]): tf.Tensor2D[] | undefined {
  if (!fusedJetSwitch.enabled) return undefined;
  const taped = gradientDepth() > 0;
  const backend = tf.getBackend();
  if (!(FUSED_BACKENDS as readonly string[]).includes(backend)) return undefined;
  compiles ??= canCompile();
  if (!compiles) return undefined;
  const found = planFor(net, columns, directions, set, requests);
  if (found === null) return undefined;
  const { plan, key, js } = found;
  const arrays = backendArrays(backend, tf.backend());
  const simd = arrays.memory !== undefined && loopsFor(plan.loops, arrays.memory) !== js;
  const n = columns[0].shape[0];
  if (taped && !simd && n * set.members.length > FUSED_TAPED_ROWS) return undefined;
  if (!registered) register();
  const inputs: tf.Tensor[] = [...columns, ...net.weights.flatMap((w, i) => [w, net.biases[i]])];
  const attrs = { plan: key };
  if (!taped) return tf.engine().runKernel(JET_FORWARD, inputs as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor2D[];
  // A gradient may follow: the forward pass leaves what the backward kernel reads in a scratch tensor.
  const scratch = tf.engine().makeTensorFromTensorInfo(arrays.alloc([scratchLayout(plan, n).size]));
  // When its gradient will run unrecorded (a training step), the gradient needs the scratch tensor alone.
  if (gradientRunsUnrecorded()) return tf.engine().runKernel(JET_FORWARD_ONCE, [scratch, ...inputs] as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor2D[];
  return tf.engine().runKernel(JET_FORWARD, [...inputs, scratch] as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor2D[];
}

/** Plans by a short description of the call (the set follows from the directions and the requests). */
const planCache = new Map<string, { plan: Plan; key: string; js: CompiledActivation } | null>();

/**
 * The plan of a call, its kernel key and its JavaScript loops, made once per kind of call (a training step
 * asks for the same plan every time), or null where the activation has no loops.
 */
function planFor(
  net: MLP,
  columns: readonly tf.Tensor2D[],
  directions: readonly (readonly number[])[],
  set: IndexSet,
  requests: readonly { alpha: readonly number[]; column?: number }[],
): { plan: Plan; key: string; js: CompiledActivation } | null {
  const call = `${net.activation}|${net.sizes.join()}|${columns.map((c) => c.shape[1]).join()}|${directions.map((d) => d.join()).join(';')}|${requests.map((r) => `${r.alpha.join()}:${r.column}`).join(';')}`;
  const cached = planCache.get(call);
  if (cached !== undefined) return cached;
  const loops = activationLoopsKey(net.activation, set);
  const js = loopsFor(loops, undefined);
  if (js === null) {
    planCache.set(call, null);
    return null;
  }
  const index = new Map(set.members.map((m, i) => [keyOf(m), i]));
  const plan: Plan = {
    activation: net.activation,
    set,
    directions: directions.map((d) => [...d]),
    requests: requests.map((r) => ({ k: index.get(keyOf(r.alpha))!, column: r.column, factor: factorial(r.alpha) })),
    layers: net.weights.length,
    sizes: [...net.sizes],
    blocks: columns.map((c) => c.shape[1]),
    loops,
  };
  const key = JSON.stringify([plan.activation, set.vars, set.members, plan.directions, plan.requests, plan.sizes, plan.blocks]);
  if (!plans.has(key)) plans.set(key, plan);
  const entry = { plan: plans.get(key)!, key, js };
  planCache.set(call, entry);
  return entry;
}

/** The key of the activation's Taylor program over `set`, recorded on first use. */
function activationLoopsKey(activation: MLP['activation'], set: IndexSet): string {
  const key = `${activation}|${set.vars}|${set.members.map(keyOf).join(';')}`;
  if (!programs.has(key)) programs.set(key, recordActivation(activation, set));
  return key;
}

/**
 * The activation's loops: WebAssembly SIMD over the wasm backend's heap where
 * the activation has them (tanh, sigmoid: about 4x the JavaScript loops),
 * else generated JavaScript, else null. Chosen per kernel call, not per plan:
 * a plan made on wasm may later run on cpu, whose arrays are not in any wasm memory.
 */
function loopsFor(key: string, memory: WebAssembly.Memory | undefined): CompiledActivation | null {
  const program = programs.get(key)!;
  const simd = memory !== undefined && simdSwitch.enabled ? simdActivation(program, key, memory) : null;
  if (simd !== null) return simd;
  if (!compiledCache.has(key)) compiledCache.set(key, compilable(program) ? compileActivation(program) : null);
  return compiledCache.get(key)!;
}

/** Offsets in floats into the scratch tensor; see {@link scratchLayout}. */
interface ScratchLayout {
  /** The points [N,in], interleaved. */
  points: number;
  /** Each layer's weights [in,out], as they were when the pass ran. */
  weights: number[];
  /** Each hidden layer's z [K*N,w] and h [K*N,w]. */
  z: number[];
  h: number[];
  size: number;
}

/**
 * Where a taped forward pass keeps what its gradient reads: the points, the weights, each hidden layer's
 * z and h. One tensor, so the tape saves one more input, not two per layer.
 */
function scratchLayout(plan: Plan, n: number): ScratchLayout {
  const rows = plan.set.members.length * n;
  const sizes = plan.sizes;
  const layout: ScratchLayout = { points: 0, weights: [], z: [], h: [], size: n * sizes[0] };
  for (let l = 0; l < plan.layers; l++) {
    layout.weights.push(layout.size);
    layout.size += sizes[l] * sizes[l + 1];
  }
  for (let l = 0; l < plan.layers - 1; l++) {
    layout.z.push(layout.size);
    layout.h.push(layout.size + rows * sizes[l + 1]);
    layout.size += 2 * rows * sizes[l + 1];
  }
  return layout;
}

/** The points [N,in]: the column blocks interleaved into `out`. */
function interleave(a: BackendArrays, columns: tf.TensorInfo[], out: Float32Array): void {
  const n = columns[0].shape[0];
  const width0 = columns.reduce((w, column) => w + column.shape[1], 0);
  if (columns.length === 1) {
    out.set(a.view(columns[0]).subarray(0, n * width0));
    return;
  }
  let offset = 0;
  for (const column of columns) {
    const [cv, w] = [a.view(column), column.shape[1]];
    for (let i = 0; i < n; i++) for (let q = 0; q < w; q++) out[i * width0 + offset + q] = cv[i * w + q];
    offset += w;
  }
}

/**
 * Layer 0's input jet, stacked: the points (written by `writePoints` into the first N rows), then each
 * direction as a constant block, zeros above degree 1.
 */
function inputJet(a: BackendArrays, plan: Plan, n: number, writePoints: (rows: Float32Array) => void): tf.TensorInfo {
  const width0 = plan.sizes[0];
  const h = a.alloc([plan.set.members.length * n, width0]);
  const hv = a.view(h);
  writePoints(hv.subarray(0, n * width0));
  plan.set.members.forEach((alpha, j) => {
    if (j === 0) return;
    const block = hv.subarray(j * n * width0, (j + 1) * n * width0);
    if (degree(alpha) !== 1) {
      block.fill(0);
      return;
    }
    const dir = plan.directions[alpha.findIndex((x) => x === 1)];
    for (let c = 0; c < width0; c++) {
      const v = dir[c];
      for (let i = c; i < n * width0; i += width0) block[i] = v;
    }
  });
  return h;
}

/**
 * The jet pass over stacked coefficients; returns the last layer's z. With a
 * scratch tensor, every hidden layer's z and transposed h are kept in it
 * for the gradient.
 */
function forwardPass(a: BackendArrays, plan: Plan, columns: tf.TensorInfo[], params: tf.TensorInfo[], scratch?: tf.TensorInfo): tf.TensorInfo {
  const n = columns[0].shape[0];
  const k = plan.set.members.length;
  const layout = scratchLayout(plan, n);
  const loops = loopsFor(plan.loops, a.memory)!;
  let h = inputJet(a, plan, n, (rows) => interleave(a, columns, rows));
  if (scratch !== undefined) {
    const sv = a.view(scratch);
    sv.set(a.view(h).subarray(0, n * plan.sizes[0]), layout.points);
    params.forEach((w, i) => i % 2 === 0 && sv.set(a.view(w).subarray(0, w.shape[0] * w.shape[1]), layout.weights[i / 2]));
  }
  for (let l = 0; ; l++) {
    const [w, b] = [params[2 * l], params[2 * l + 1]];
    const width = w.shape[1];
    const z = a.matMul(h, w);
    a.free(h);
    const zv = a.view(z);
    const bv = a.view(b);
    const dense = denseFor(a, w.shape[0], width);
    if (dense !== null) dense.addBias(zv, bv, n);
    else for (let i = 0; i < n * width; i += width) for (let c = 0; c < width; c++) zv[i + c] += bv[c];
    if (l === plan.layers - 1) return z;
    const next = a.alloc([k * n, width]);
    loops.forward(a.view(z), a.view(next), n * width);
    if (scratch !== undefined) {
      const sv = a.view(scratch);
      sv.set(a.view(z), layout.z[l]);
      sv.set(a.view(next), layout.h[l]);
    }
    a.free(z);
    h = next;
  }
}

/** The forward kernel; `scratchFirst` for {@link JET_FORWARD_ONCE}'s order of inputs. */
function forwardKernel(backendName: string, scratchFirst: boolean) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a = backendArrays(backendName, backend);
    const given = inputs as unknown as tf.TensorInfo[];
    const all = scratchFirst ? [...given.slice(1), given[0]] : given;
    const c = plan.blocks.length;
    const [columns, params, scratch] = [all.slice(0, c), all.slice(c, c + 2 * plan.layers), all[c + 2 * plan.layers] as tf.TensorInfo | undefined];
    const n = columns[0].shape[0];
    const out = params[params.length - 1].shape[0];
    const last = forwardPass(a, plan, columns, params, scratch);
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
    const [scratch, ...dys] = inputs as unknown as tf.TensorInfo[];
    const c = plan.blocks.length;
    const n = dys[0].shape[0];
    const rows = plan.set.members.length * n;
    const layout = scratchLayout(plan, n);
    const sizes = plan.sizes;
    const out = sizes[sizes.length - 1];
    const loops = loopsFor(plan.loops, a.memory)!;
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
    const grads: tf.TensorInfo[] = new Array(c + 2 * plan.layers);
    for (let l = plan.layers - 1; l >= 0; l--) {
      const [wIn, wOut] = [sizes[l], sizes[l + 1]];
      const { dw, db } = weightGradient(a, plan, n, scratch, layout, l, dz);
      // W^T from the weights kept in the scratch tensor: a loop over a few hundred numbers, cheaper than a Transpose kernel call.
      const wT = a.alloc([wOut, wIn]);
      {
        const [tv, sv] = [a.view(wT), a.view(scratch)];
        const at = layout.weights[l];
        for (let i = 0; i < wIn; i++) for (let j = 0; j < wOut; j++) tv[j * wIn + i] = sv[at + i * wOut + j];
      }
      const dh = a.matMul(dz, wT);
      a.free(wT);
      a.free(dz);
      grads[c + 2 * l] = dw;
      grads[c + 1 + 2 * l] = db;
      if (l > 0) {
        dz = a.alloc([rows, wIn]);
        // h itself (not transposed) is recomputed by the compiled loop from z, which is cheaper than a transpose back.
        const zl = a.view(scratch).subarray(layout.z[l - 1], layout.z[l - 1] + rows * wIn);
        loops.backward(zl, a.view(dh), a.view(dz), n * wIn);
        a.free(dh);
      } else {
        // Coefficient 0's rows are d/dpoints; each input block's columns of them are its gradient.
        let offset = 0;
        for (let j = 0; j < c; j++) {
          const w = plan.blocks[j];
          const dx = a.alloc([n, w]);
          const [dxv, dhv] = [a.view(dx), a.view(dh)];
          for (let i = 0; i < n; i++) for (let q = 0; q < w; q++) dxv[i * w + q] = dhv[i * wIn + offset + q];
          grads[j] = dx;
          offset += w;
        }
        a.free(dh);
      }
    }
    return grads;
  };
}

/** A dense layer's SIMD loops on the wasm backend, else null (the JavaScript and matMul path). */
function denseFor(a: BackendArrays, wIn: number, wOut: number): DenseLoops | null {
  return a.memory === undefined || !simdSwitch.enabled ? null : denseLoops(wIn, wOut, a.memory);
}

/**
 * Layer l's dw = hᵀ dz (h its input jet [K*N,wIn]) and db = the column sums of
 * dz's first N rows (the bias enters coefficient 0 only): one SIMD loop on
 * wasm, else a transpose, the backend's matMul and a JavaScript sum.
 */
function weightGradient(
  a: BackendArrays,
  plan: Plan,
  n: number,
  scratch: tf.TensorInfo,
  layout: ScratchLayout,
  l: number,
  dz: tf.TensorInfo,
): { dw: tf.TensorInfo; db: tf.TensorInfo } {
  const [wIn, wOut] = [plan.sizes[l], plan.sizes[l + 1]];
  const rows = plan.set.members.length * n;
  const h0 = l === 0 ? inputJet(a, plan, n, (points) => points.set(a.view(scratch).subarray(layout.points, layout.points + n * wIn))) : undefined;
  const hView = () => (h0 !== undefined ? a.view(h0) : a.view(scratch).subarray(layout.h[l - 1], layout.h[l - 1] + rows * wIn));
  const dense = denseFor(a, wIn, wOut);
  const db = a.alloc([wOut]);
  let dw: tf.TensorInfo;
  if (dense !== null) {
    dw = a.alloc([wIn, wOut]);
    // Views only after the last alloc: growing the wasm heap detaches earlier ones.
    dense.weightGrad(hView(), a.view(dz), a.view(dw), a.view(db), rows, n);
  } else {
    const [dbv, dv] = [a.view(db), a.view(dz)];
    dbv.fill(0);
    for (let i = 0; i < n * wOut; i += wOut) for (let c = 0; c < wOut; c++) dbv[c] += dv[i + c];
    let h = h0;
    if (h === undefined) {
      h = a.alloc([rows, wIn]);
      a.view(h).set(hView());
    }
    const hT = a.transpose(h);
    a.free(h);
    dw = a.matMul(hT, dz);
    a.free(hT);
    return { dw, db };
  }
  if (h0 !== undefined) a.free(h0);
  return { dw, db };
}

/** The tf-op jet of the same plan: the differentiable reference the recorded gradient is built from. */
function tfJet(plan: Plan, columns: tf.Tensor2D[], params: tf.Tensor[]): tf.Tensor[] {
  const points = columns.length === 1 ? columns[0] : tf.concat(columns, 1);
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

/**
 * tfjs's wasm Identity kernel (tf.clone, and every tensor the tape saves)
 * copies its input, so saving the scratch tensors for the gradient copied
 * all of them on every step (4% of a training step at N = 10,000). Tensors are
 * immutable, so the clone can share the data, as the cpu backend's and the
 * wasm Reshape kernel already do.
 */
function shareOnClone(): void {
  if (tf.getKernel('Identity', 'wasm') !== undefined) tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}

function register(): void {
  shareOnClone();
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({ kernelName: JET_FORWARD, backendName, kernelFunc: forwardKernel(backendName, false) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: JET_FORWARD_ONCE, backendName, kernelFunc: forwardKernel(backendName, true) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: JET_BACKWARD, backendName, kernelFunc: backwardKernel(backendName) as unknown as tf.KernelFunc });
  }
  const backward = (scratch: tf.Tensor, dy: tf.Tensor | tf.Tensor[], attrs: tf.NamedAttrMap) =>
    tf.engine().runKernel(JET_BACKWARD, [scratch, ...(Array.isArray(dy) ? dy : [dy])] as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor[];
  tf.registerGradient({
    kernelName: JET_FORWARD,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const plan = plans.get((attrs as { plan: string }).plan)!;
      const c = plan.blocks.length;
      const params = saved.slice(0, c + 2 * plan.layers);
      const scratch = saved[c + 2 * plan.layers] as tf.Tensor | undefined;
      let grads: tf.Tensor[];
      if (gradientDepth() > 0 || scratch === undefined) {
        // Someone records this gradient to differentiate it again: build it from differentiable tf ops.
        // A derivative coefficient does not depend on the last bias (nor, for order >= 2 alone, on much else): zeros then.
        const dys = Array.isArray(dy) ? dy : [dy];
        grads = recordedVjp(() => tfJet(plan, params.slice(0, c) as tf.Tensor2D[], params.slice(c)), params, dys);
      } else {
        grads = backward(scratch, dy, attrs);
      }
      const thunks: Record<number, () => tf.Tensor> = Object.fromEntries(grads.map((g, i) => [i, () => g]));
      // The scratch tensor is memory, not an argument of the function: it has no gradient.
      if (scratch !== undefined) thunks[grads.length] = () => tf.zerosLike(scratch);
      return thunks;
    },
  });
  tf.registerGradient({
    kernelName: JET_FORWARD_ONCE,
    inputsToSave: ['0'],
    gradFunc: (dy, [scratch], attrs) => {
      // Its forward pass found that this gradient would run unrecorded; a recorded one would lack the inputs it needs.
      if (gradientDepth() > 0) throw new Error(`tfjs-pinn internal: the gradient of ${JET_FORWARD_ONCE} is being recorded (gradient depth ${gradientDepth()}), which its forward pass ruled out.`);
      const grads = backward(scratch, dy, attrs);
      const thunks: Record<number, () => tf.Tensor> = Object.fromEntries(grads.map((g, i) => [i + 1, () => g]));
      thunks[0] = () => tf.zerosLike(scratch);
      return thunks;
    },
  });
  registered = true;
}
