import * as tf from '@tensorflow/tfjs';

import { gradientDepth, recordedVjp } from '../internals/engine.js';
import { BackendArrays, FUSED_BACKENDS, backendArrays } from '../taylor/fused/arrays.js';

/** Forward kernel: [N terms..., scale terms..., value terms...] ([n,1] each) to the u terms. */
const LEIBNIZ = 'TfjsPinnLeibniz';
/** Its gradient: [the forward's inputs..., du per u term] to one gradient per input. */
const LEIBNIZ_GRAD = 'TfjsPinnLeibnizGrad';

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
  return tf.engine().runKernel(LEIBNIZ, [...nets, ...scales, ...values] as unknown as tf.NamedTensorMap, { plan: key }) as unknown as tf.Tensor2D[];
}

function split(plan: Plan, all: tf.TensorInfo[]): { nets: tf.TensorInfo[]; scales: tf.TensorInfo[]; values: tf.TensorInfo[]; rest: tf.TensorInfo[] } {
  const [a, b, c] = [plan.nets, plan.nets + plan.scales, plan.nets + plan.scales + plan.values];
  return { nets: all.slice(0, a), scales: all.slice(a, b), values: all.slice(b, c), rest: all.slice(c) };
}

function forwardKernel(backendName: string) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a = backendArrays(backendName, backend);
    const { nets, scales, values } = split(plan, inputs as unknown as tf.TensorInfo[]);
    const n = nets[0].shape[0];
    const outs = plan.terms.map(() => a.alloc([n, 1]));
    // Views after every alloc: a growing wasm heap detaches earlier ones.
    const [nv, sv, gv] = [nets.map((t) => a.view(t)), scales.map((t) => a.view(t)), values.map((t) => a.view(t))];
    plan.terms.forEach((term, i) => {
      const o = a.view(outs[i]);
      o.set(gv[term.value]);
      for (const p of term.products) {
        const [s, m] = [sv[p.scale], nv[p.net]];
        for (let r = 0; r < n; r++) o[r] += p.c * s[r] * m[r];
      }
    });
    return outs;
  };
}

function backwardKernel(backendName: string) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a: BackendArrays = backendArrays(backendName, backend);
    const { nets, scales, values, rest: dus } = split(plan, inputs as unknown as tf.TensorInfo[]);
    const n = nets[0].shape[0];
    const grads = [...nets, ...scales, ...values].map(() => a.alloc([n, 1]));
    const views = grads.map((g) => a.view(g));
    views.forEach((v) => v.fill(0));
    const [dN, dS, dG] = [views.slice(0, plan.nets), views.slice(plan.nets, plan.nets + plan.scales), views.slice(plan.nets + plan.scales)];
    const [nv, sv] = [nets.map((t) => a.view(t)), scales.map((t) => a.view(t))];
    plan.terms.forEach((term, i) => {
      const du = a.view(dus[i]);
      const g = dG[term.value];
      for (let r = 0; r < n; r++) g[r] += du[r];
      for (const p of term.products) {
        const [s, m, ds, dm] = [sv[p.scale], nv[p.net], dS[p.scale], dN[p.net]];
        for (let r = 0; r < n; r++) {
          ds[r] += p.c * m[r] * du[r];
          dm[r] += p.c * s[r] * du[r];
        }
      }
    });
    return grads;
  };
}

/** The same combination as tf ops: the differentiable form a recorded gradient is built from. */
function tfCombine(plan: Plan, inputs: tf.Tensor[]): tf.Tensor[] {
  const { nets, scales, values } = split(plan, inputs as unknown as tf.TensorInfo[]) as unknown as { nets: tf.Tensor[]; scales: tf.Tensor[]; values: tf.Tensor[] };
  return plan.terms.map((term) => tf.addN([values[term.value], ...term.products.map((p) => tf.mul(tf.mul(scales[p.scale], nets[p.net]), p.c))]));
}

function register(): void {
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({ kernelName: LEIBNIZ, backendName, kernelFunc: forwardKernel(backendName) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LEIBNIZ_GRAD, backendName, kernelFunc: backwardKernel(backendName) as unknown as tf.KernelFunc });
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
  registered = true;
}
