import * as tf from '@tensorflow/tfjs';

import type { ActivationName } from '../../models/index.js';
import { IndexSet, factorial, keyOf } from '../multi_index.js';
import { HostKernels, hostKernels } from '../../internals/host_kernels.js';
import { CompiledActivation, compilable, compileActivation } from './codegen.js';
import { encodeHostProgram } from './host_program.js';
import { ActivationProgram, recordActivation } from './program.js';
import { layerSwitch, simdSwitch } from './switches.js';
import { LayerLoops, hasRelaxedMadd, layerLoops, simdActivation } from './wasm/index.js';

/** One derivative to read off: coefficient `k` of the output jet times `factor` (alpha!), one column or all. */
export interface Request {
  k: number;
  column?: number;
  factor: number;
}

/** Everything a kernel call needs besides tensors; kept by key, since kernel attributes should stay small. */
export interface Plan {
  activation: ActivationName;
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
  /**
   * The input is the whole stacked input jet [K*N, in] (an embedding's jet, computed before), not points and
   * directions: the pass starts from it, and its gradient goes to all K*N rows.
   */
  jetInput: boolean;
}

/** The dense chain a fused pass runs: the activation, the widths [in, hidden..., out] and how many dense layers. */
export interface FusedLayers {
  activation: ActivationName;
  sizes: readonly number[];
}

/** Plans by kernel key: the kernels find theirs by the key in their attributes. */
export const plans = new Map<string, Plan>();
const compiledCache = new Map<string, CompiledActivation | null>();
const programs = new Map<string, ReturnType<typeof recordActivation>>();

/** Plans by a short description of the call (the set follows from the directions and the requests). */
const planCache = new Map<string, { plan: Plan; key: string; js: CompiledActivation } | null>();

/**
 * The plan of a call, its kernel key and its JavaScript loops, made once per kind of call (a training step
 * asks for the same plan every time), or null where the activation has no loops.
 */
export function planFor(
  net: FusedLayers,
  columns: readonly tf.Tensor2D[],
  directions: readonly (readonly number[])[],
  set: IndexSet,
  requests: readonly { alpha: readonly number[]; column?: number }[],
  jetInput = false,
): { plan: Plan; key: string; js: CompiledActivation } | null {
  const call = `${jetInput}|${net.activation}|${net.sizes.join()}|${columns.map((c) => c.shape[1]).join()}|${directions.map((d) => d.join()).join(';')}|${requests.map((r) => `${r.alpha.join()}:${r.column}`).join(';')}|${set.members.map(keyOf).join(';')}`;
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
    layers: net.sizes.length - 1,
    sizes: [...net.sizes],
    blocks: columns.map((c) => c.shape[1]),
    loops,
    jetInput,
  };
  const key = JSON.stringify([plan.activation, set.vars, set.members, plan.directions, plan.requests, plan.sizes, plan.blocks, jetInput]);
  if (!plans.has(key)) plans.set(key, plan);
  const entry = { plan: plans.get(key)!, key, js };
  planCache.set(call, entry);
  return entry;
}

/** The key of the activation's Taylor program over `set`, recorded on first use. */
function activationLoopsKey(activation: ActivationName, set: IndexSet): string {
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
export function loopsFor(key: string, memory: WebAssembly.Memory | undefined): CompiledActivation | null {
  const program = programs.get(key)!;
  const host = memory !== undefined && simdSwitch.enabled ? hostLoops(key, program) : null;
  if (host !== null) return host;
  const simd = memory !== undefined && simdSwitch.enabled ? simdActivation(program, key, memory) : null;
  if (simd !== null) return simd;
  if (!compiledCache.has(key)) compiledCache.set(key, compilable(program) ? compileActivation(program) : null);
  return compiledCache.get(key)!;
}

const hostLoopsCache = new WeakMap<HostKernels, Map<string, CompiledActivation | null>>();

/** The host's jet loops (useOpenBlas's native addon in Node) for the program, where they are installed and run it. */
function hostLoops(key: string, program: ActivationProgram): CompiledActivation | null {
  const host = hostKernels();
  if (host === null || host.jetForward === undefined || host.jetBackward === undefined) return null;
  let byKey = hostLoopsCache.get(host);
  if (byKey === undefined) hostLoopsCache.set(host, (byKey = new Map()));
  if (!byKey.has(key)) {
    const encoded = encodeHostProgram(program);
    byKey.set(key, encoded === null ? null : {
      forward: (z, h, nw) => host.jetForward!(encoded.code, encoded.constants, z, h, nw),
      backward: (z, dh, dz, nw) => host.jetBackward!(encoded.code, encoded.constants, z, dh, dz, nw),
    });
  }
  return byKey.get(key)!;
}

/**
 * A dense layer's fused SIMD loops (product, bias and activation in one sweep, and the same backward) for the
 * activation's program by its key, or null: no wasm memory, SIMD switched off, no relaxed SIMD (unless forced:
 * see {@link layerSwitch}), or an activation without SIMD loops.
 */
export function layerLoopsFor(key: string, wIn: number, wOut: number, memory: WebAssembly.Memory | undefined): LayerLoops | null {
  if (memory === undefined || !simdSwitch.enabled || layerSwitch.enabled === false) return null;
  if (layerSwitch.enabled === 'auto' && !hasRelaxedMadd()) return null;
  return layerLoops(programs.get(key)!, key, wIn, wOut, memory);
}
