import * as tf from '@tensorflow/tfjs';

import { gradientDepth, gradientRunsUnrecorded, recordedVjp } from '../../internals/engine.js';
import { BackendArrays, FUSED_BACKENDS, backendArrays } from '../../internals/backend_arrays.js';
import { LEIBNIZ, LEIBNIZ_GRAD, LEIBNIZ_ONCE, LEIBNIZ_ONCE_GRAD } from '../../internals/kernel_names.js';

/** u_i = value[i] + Σ c · scale[s] · N[n] over its products. */
export interface LeibnizTerm {
  value: number;
  products: { scale: number; net: number; c: number }[];
}

interface Plan {
  terms: LeibnizTerm[];
  nets: number;
  scales: number;
  values: number;
}

const plans = new Map<string, Plan>();
let registered = false;

/**
 * The affine transform's terms u_α = ∂^α value + Σ_β C(α,β) ∂^{α−β} scale ∂^β N
 * in one kernel and one gradient kernel on cpu and wasm, where separate tf ops
 * cost about 80 kernels per Burgers step (products, sums and the tape's copies
 * of their inputs); undefined on other backends, which keep the tf ops.
 * Differentiable in every input, to any order (a recorded gradient is built from tf ops).
 *
 * @example
 * const [u, u_x] = leibnizKernel([dn.u, dn.u_x], [dh.u, dh.u_x], [dg.u, dg.u_x], [{ value: 0, products: [{ scale: 0, net: 0, c: 1 }] }, ...]);
 * u_x; // [n,1]
 */
export function leibnizKernel(nets: tf.Tensor2D[], scales: tf.Tensor2D[], values: tf.Tensor2D[], terms: LeibnizTerm[]): tf.Tensor2D[] | undefined {
  const backend = tf.getBackend();
  if (!(FUSED_BACKENDS as readonly string[]).includes(backend)) return undefined;
  if ([...nets, ...scales, ...values].some((t) => t.rank !== 2 || t.shape[1] !== 1 || t.dtype !== 'float32')) return undefined;
  const plan: Plan = { terms, nets: nets.length, scales: scales.length, values: values.length };
  const key = JSON.stringify(plan);
  if (!plans.has(key)) plans.set(key, plan);
  if (!registered) register();
  const inputs = [...nets, ...scales, ...values];
  if (!gradientRunsUnrecorded()) return tf.engine().runKernel(LEIBNIZ, inputs as unknown as tf.NamedTensorMap, { plan: key }) as unknown as tf.Tensor2D[];
  const scratch = tf.engine().makeTensorFromTensorInfo(backendArrays(backend, tf.backend()).alloc([nets[0].shape[0] * (plan.nets + plan.scales)]));
  return tf.engine().runKernel(LEIBNIZ_ONCE, [scratch, ...inputs] as unknown as tf.NamedTensorMap, { plan: key }) as unknown as tf.Tensor2D[];
}

function split(plan: Plan, all: tf.TensorInfo[]): { nets: tf.TensorInfo[]; scales: tf.TensorInfo[]; values: tf.TensorInfo[]; rest: tf.TensorInfo[] } {
  const [a, b, c] = [plan.nets, plan.nets + plan.scales, plan.nets + plan.scales + plan.values];
  return { nets: all.slice(0, a), scales: all.slice(a, b), values: all.slice(b, c), rest: all.slice(c) };
}

/** The forward kernel; with `scratchFirst` ({@link LEIBNIZ_ONCE}) it also keeps the N and scale terms in the scratch tensor. */
function forwardKernel(backendName: string, scratchFirst: boolean) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a = backendArrays(backendName, backend);
    const given = inputs as unknown as tf.TensorInfo[];
    const { nets, scales, values } = split(plan, scratchFirst ? given.slice(1) : given);
    const n = nets[0].shape[0];
    const outs = plan.terms.map(() => a.alloc([n, 1]));
    // Views after every alloc: a growing wasm heap detaches earlier ones.
    const [nv, sv, gv] = [nets.map((t) => a.view(t)), scales.map((t) => a.view(t)), values.map((t) => a.view(t))];
    plan.terms.forEach((term, i) => {
      const o = a.view(outs[i]);
      o.set(gv[term.value]);
      for (const p of term.products) addProduct(o, p.c, sv[p.scale], nv[p.net], n);
    });
    if (scratchFirst) {
      const kept = a.view(given[0]);
      [...nv, ...sv].forEach((v, i) => kept.set(v.subarray(0, n), i * n));
    }
    return outs;
  };
}

/** The backward kernel, reading the N and scale terms from the forward's inputs or, `fromScratch`, from the scratch tensor. */
function backwardKernel(backendName: string, fromScratch: boolean) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a: BackendArrays = backendArrays(backendName, backend);
    const given = inputs as unknown as tf.TensorInfo[];
    const dus = fromScratch ? given.slice(1) : split(plan, given).rest;
    const n = dus[0].shape[0];
    const count = plan.nets + plan.scales + plan.values;
    const grads = Array.from({ length: count }, () => a.alloc([n, 1]));
    const views = grads.map((g) => a.view(g));
    views.forEach((v) => v.fill(0));
    const [dN, dS, dG] = [views.slice(0, plan.nets), views.slice(plan.nets, plan.nets + plan.scales), views.slice(plan.nets + plan.scales)];
    let nv: Float32Array[];
    let sv: Float32Array[];
    if (fromScratch) {
      const kept = a.view(given[0]);
      nv = Array.from({ length: plan.nets }, (_, i) => kept.subarray(i * n, (i + 1) * n));
      sv = Array.from({ length: plan.scales }, (_, i) => kept.subarray((plan.nets + i) * n, (plan.nets + i + 1) * n));
    } else {
      const { nets, scales } = split(plan, given);
      [nv, sv] = [nets.map((t) => a.view(t)), scales.map((t) => a.view(t))];
    }
    plan.terms.forEach((term, i) => {
      const du = a.view(dus[i]);
      addTo(dG[term.value], du, n);
      for (const p of term.products) addProductAdjoint(dS[p.scale], dN[p.net], p.c, sv[p.scale], nv[p.net], du, n);
    });
    return grads;
  };
}

// The loops as functions of their own: inside the kernels' closures V8 ran them at about 5 ns per element (a
// Burgers step's pair of kernels took 0.25 ms at N = 2,000). Same expressions, same order: the same bits.

/** o += c s m. */
function addProduct(o: Float32Array, c: number, s: Float32Array, m: Float32Array, n: number): void {
  for (let r = 0; r < n; r++) o[r] += c * s[r] * m[r];
}

/** g += du. */
function addTo(g: Float32Array, du: Float32Array, n: number): void {
  for (let r = 0; r < n; r++) g[r] += du[r];
}

/** The adjoint of o += c s m: ds += c m du, dm += c s du. */
function addProductAdjoint(ds: Float32Array, dm: Float32Array, c: number, s: Float32Array, m: Float32Array, du: Float32Array, n: number): void {
  for (let r = 0; r < n; r++) {
    ds[r] += c * m[r] * du[r];
    dm[r] += c * s[r] * du[r];
  }
}

/** The same combination as tf ops: the differentiable form a recorded gradient is built from. */
function tfCombine(plan: Plan, inputs: tf.Tensor[]): tf.Tensor[] {
  const { nets, scales, values } = split(plan, inputs as unknown as tf.TensorInfo[]) as unknown as { nets: tf.Tensor[]; scales: tf.Tensor[]; values: tf.Tensor[] };
  return plan.terms.map((term) => tf.addN([values[term.value], ...term.products.map((p) => tf.mul(tf.mul(scales[p.scale], nets[p.net]), p.c))]));
}

function register(): void {
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({ kernelName: LEIBNIZ, backendName, kernelFunc: forwardKernel(backendName, false) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LEIBNIZ_GRAD, backendName, kernelFunc: backwardKernel(backendName, false) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LEIBNIZ_ONCE, backendName, kernelFunc: forwardKernel(backendName, true) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LEIBNIZ_ONCE_GRAD, backendName, kernelFunc: backwardKernel(backendName, true) as unknown as tf.KernelFunc });
  }
  tf.registerGradient({
    kernelName: LEIBNIZ,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const plan = plans.get((attrs as { plan: string }).plan)!;
      const dys = Array.isArray(dy) ? dy : [dy];
      let grads: tf.Tensor[];
      if (gradientDepth() > 0) {
        // This gradient is being recorded (a derivative of a derivative): tf ops, differentiable again.
        grads = recordedVjp(() => tfCombine(plan, saved), saved, dys);
      } else {
        grads = tf.engine().runKernel(LEIBNIZ_GRAD, [...saved, ...dys] as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as unknown as tf.Tensor[];
      }
      return Object.fromEntries(grads.map((g, i) => [i, () => g]));
    },
  });
  tf.registerGradient({
    kernelName: LEIBNIZ_ONCE,
    inputsToSave: ['0'],
    gradFunc: (dy, [scratch], attrs) => {
      // Its forward found that this gradient would run unrecorded; a recorded one would lack the inputs it needs.
      if (gradientDepth() > 0) throw new Error(`tfjs-pinn internal: the gradient of ${LEIBNIZ_ONCE} is being recorded (gradient depth ${gradientDepth()}), which its forward pass ruled out.`);
      const dys = Array.isArray(dy) ? dy : [dy];
      const grads = tf.engine().runKernel(LEIBNIZ_ONCE_GRAD, [scratch, ...dys] as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as unknown as tf.Tensor[];
      const thunks: Record<number, () => tf.Tensor> = Object.fromEntries(grads.map((g, i) => [i + 1, () => g]));
      // The scratch tensor is memory, not an argument of the function: it has no gradient.
      thunks[0] = () => tf.zerosLike(scratch);
      return thunks;
    },
  });
  registered = true;
}
