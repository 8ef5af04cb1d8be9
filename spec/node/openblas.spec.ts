import { existsSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { LBFGS, Objective } from '../../lib/index.js';
import { hostKernels, setHostKernels } from '../../lib/internals/index.js';
import { openBlasInUse, stopOpenBlas, useOpenBlas } from '../../lib/node/index.js';
import { OPENBLAS_ADDON, packageRoot } from '../../lib/node/openblas_build.js';
import { fusedJetSwitch } from '../../lib/taylor/fused/switches.js';
import { describeOnBackends } from '../helpers/backends.js';
import { FusedCase, inputGradients, maxRelative, valuesAndGrads } from '../helpers/fused_cases.js';
import { burgersOnWorkers } from '../helpers/parallel_burgers.js';
import { skipReason } from '../helpers/console_guard.js';

// The fused jet kernel's products on OpenBLAS (useOpenBlas) against the tf ops it replaces: the same values and
// weight gradients to float32 rounding, on both backends, leak-free; and the addon's own argument checks.

const built = existsSync(join(packageRoot(), 'build', 'native', OPENBLAS_ADDON));
if (!built) skipReason("spec/node/openblas.spec.ts, the OpenBLAS products: the addon is not built (npm run build:native; needs gcc and Debian's libopenblas-dev)");

// Widths that are not multiples of four, two outputs, and the shapes of the Burgers network.
const CASES: FusedCase[] = [
  { sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', terms: ['u', 'u_t', 'u_x', 'u_xx'], n: 257 },
  { sizes: [2, 7, 13, 1], activation: 'tanh', terms: ['u_xxxx', 'u_xt'], n: 33 },
  { sizes: [2, 6, 5, 2], activation: 'tanh', terms: ['u_x', 'v_xx', 'u_t'], outputs: ['u', 'v'], n: 19 },
  // The addon's loops for the other activations it runs (the wasm backend's SIMD loops have no sin).
  { sizes: [2, 6, 5, 2], activation: 'sigmoid', terms: ['u_x', 'v_xx', 'u_t'], outputs: ['u', 'v'], n: 19 },
  { sizes: [2, 9, 3], activation: 'sin', terms: ['u_xx', 'w_t'], outputs: ['u', 'v', 'w'], n: 70 },
];

function run(c: FusedCase, fused: boolean): { values: Float32Array[]; grads: Float32Array[] } {
  fusedJetSwitch.enabled = fused;
  return valuesAndGrads(c);
}

describe('useOpenBlas: its arguments', () => {
  it('refuses unknown keys, a bad thread count and an addon that is not there, by name', () => {
    expect(() => useOpenBlas({ thread: 1 } as never)).toThrow(/Unknown key 'thread' in useOpenBlas options.*Did you mean 'threads'/);
    expect(() => useOpenBlas({ threads: 0 })).toThrow('useOpenBlas: threads must be a positive integer, but got 0.');
    expect(() => useOpenBlas({ addon: '/nonexistent/openblas_gemm.node' })).toThrow(/addon \/nonexistent\/openblas_gemm.node is not built; run 'npm run build:native'/);
    expect(openBlasInUse()).toBeNull();
  });
});

describe.skipIf(!built)('the OpenBLAS addon', () => {
  afterEach(() => stopOpenBlas());

  it('computes op(a) op(b) + beta c for each transpose, as a loop does', () => {
    useOpenBlas();
    const gemm = hostKernels()!;
    const [m, n, k] = [5, 3, 4];
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i + 1));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i + 1));
    // op(x)[i][j] of x stored [rows, cols], transposed when asked.
    const at = (x: Float32Array, cols: number, trans: boolean, i: number, j: number) => (trans ? x[j * cols + i] : x[i * cols + j]);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      const c = new Float32Array(m * n).fill(2);
      gemm.gemm(ta, tb, m, n, k, a, b, c, 0.5);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 1; // 0.5 * the 2 c held
          for (let q = 0; q < k; q++) s += at(a, ta ? m : k, ta, i, q) * at(b, tb ? k : n, tb, q, j);
          expect(c[i * n + j], `trans ${ta} ${tb} at ${i},${j}`).toBeCloseTo(s, 5);
        }
    }
  });

  it('refuses arrays shorter than the shape, other array types and a missing argument', () => {
    useOpenBlas();
    const gemm = hostKernels()!;
    expect(() => gemm.gemm(false, false, 4, 4, 4, new Float32Array(15), new Float32Array(16), new Float32Array(16), 0)).toThrow('an array is shorter than its m, n, k say');
    expect(() => gemm.gemm(false, false, 1, 1, 1, new Float64Array(1) as never, new Float32Array(1), new Float32Array(1), 0)).toThrow('a, b and c must be Float32Arrays');
    expect(() => (gemm.gemm as unknown as (...a: unknown[]) => void)(false, false, 1)).toThrow('expected 9 arguments');
  });
});

describe.skipIf(!built)('the addon\'s jet loops', () => {
  afterEach(() => stopOpenBlas());

  it('refuse a malformed program by what is wrong, and arrays shorter than K * nw', () => {
    useOpenBlas();
    const host = hostKernels()!;
    // tanh over one coefficient: K = 1, 2 registers, one instruction (unary tanh, opcode 10) from register 0.
    const good = Int32Array.from([1, 2, 1, 1, 10, 1, 1, 0]);
    const [z, h] = [Float32Array.from([0.5, -2]), new Float32Array(2)];
    host.jetForward!(good, new Float32Array(0), z, h, 2);
    h.forEach((v, i) => expect(v, `tanh(${z[i]})`).toBeCloseTo(Math.tanh(z[i]), 6));
    const bad = (code: number[], message: string) => expect(() => host.jetForward!(Int32Array.from(code), new Float32Array(0), z, h, 2)).toThrow(message);
    bad([1, 2], 'the program is shorter than its header');
    bad([1, 2, 1, 1, 99, 1, 1, 0], 'an opcode is unknown');
    bad([1, 2, 1, 1, 10, 1, 1, 5], 'an argument is out of range');
    bad([1, 2, 1, 1, 10, 1, 1, -1], 'an argument is out of range'); // constant 0 of none
    bad([1, 2, 1, 1, 10, 1, 1, 0, 7], 'the program has words after its last instruction');
    bad([1, 2, 1, 1, 10, 1], 'the program ends inside an instruction');
    expect(() => host.jetForward!(good, new Float32Array(0), z, h, 3)).toThrow('an array is shorter than K * nw');
  });
});

describeOnBackends('fused jet kernel on OpenBLAS', (backend) => {
  afterEach(() => {
    stopOpenBlas();
    fusedJetSwitch.enabled = true;
  });

  for (const c of CASES) {
    it.skipIf(!built)(`${c.activation} ${c.sizes.join('-')} ${c.terms.join(',')}: values and weight gradients equal the tf ops (1e-5 of scale), through the addon, leak-free`, () => {
      const before = tf.memory().numTensors;
      const reference = run(c, false);
      useOpenBlas();
      // Count the products that reach OpenBLAS: the kernel must use it, not fall back silently.
      const addon = hostKernels()!;
      const calls = { gemm: 0, jet: 0 };
      setHostKernels({
        gemm: (...args) => (calls.gemm++, addon.gemm(...args)),
        jetForward: (...args) => (calls.jet++, addon.jetForward!(...args)),
        jetBackward: (...args) => (calls.jet++, addon.jetBackward!(...args)),
        describe: () => addon.describe(),
      });
      const got = run(c, true);
      expect(calls.gemm).toBeGreaterThanOrEqual(2 * (c.sizes.length - 1));
      // On wasm the activation loops are the addon's too (on cpu the kernels keep their JavaScript loops).
      if (backend === 'wasm') expect(calls.jet).toBeGreaterThanOrEqual(2 * (c.sizes.length - 2));
      expect(maxRelative(got.values, reference.values), 'values').toBeLessThan(1e-5);
      expect(maxRelative(got.grads, reference.grads), 'weight gradients').toBeLessThan(1e-5);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe.skipIf(!built)('the addon\'s L-BFGS two-loop recursion', () => {
  afterEach(() => stopOpenBlas());

  it('gives the textbook loops\' direction to 1e-12, and refuses pairs of other lengths', () => {
    useOpenBlas();
    const host = hostKernels()!;
    const [n, k] = [37, 6];
    const rand = (seed: number) => Float64Array.from({ length: n }, (_, j) => Math.sin(seed * 7.1 + j * 1.3));
    const steps = Array.from({ length: k }, (_, i) => rand(i + 1));
    const dirs = steps.map((s, i) => s.map((v, j) => v * (1 + 0.3 * Math.cos(i + j))));
    const ro = Float64Array.from(steps, (s, i) => 1 / s.reduce((a, v, j) => a + v * dirs[i][j], 0));
    const g = rand(99);
    // Nocedal and Wright, algorithm 7.4, in plain loops.
    const want = g.map((v) => -v);
    const al = new Float64Array(k);
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, j) => s + v * b[j], 0);
    for (let i = k - 1; i >= 0; i--) {
      al[i] = ro[i] * dot(steps[i], want);
      want.forEach((_, j) => (want[j] -= al[i] * dirs[i][j]));
    }
    want.forEach((_, j) => (want[j] *= 0.7));
    for (let i = 0; i < k; i++) {
      const b = ro[i] * dot(dirs[i], want);
      want.forEach((_, j) => (want[j] += (al[i] - b) * steps[i][j]));
    }
    const q = g.map((v) => -v);
    host.twoLoop!(q, steps, dirs, ro, 0.7);
    const scale = Math.max(...Array.from(want, Math.abs));
    q.forEach((v, j) => expect(Math.abs(v - want[j]) / scale, `element ${j}`).toBeLessThan(1e-12));
    // And an optimiser run through it: Rosenbrock's minimum, in as many iterations as the JavaScript loops take.
    const rosenbrock: Objective = (x) => ({ f: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2, g: Float64Array.from([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)]) });
    const minimise = () => {
      const opt = new LBFGS(Float64Array.from([-1.2, 1]), { historySize: 10, toleranceChange: 1e-20, toleranceGrad: 1e-12 });
      for (let i = 0; i < 200 && !opt.state.converged; i++) opt.step(rosenbrock);
      return opt;
    };
    const native = minimise();
    stopOpenBlas();
    const js = minimise();
    useOpenBlas();
    expect(Math.abs(native.x[0] - 1) + Math.abs(native.x[1] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(native.state.iterations - js.state.iterations)).toBeLessThanOrEqual(2);
    expect(() => host.twoLoop!(q, steps, dirs.slice(1), ro, 0.7)).toThrow('steps and dirs must be arrays of the same length');
    expect(() => host.twoLoop!(q, [...steps.slice(1), new Float64Array(3)], dirs, ro, 0.7)).toThrow('every step and dir must be a Float64Array as long as q');
  });
});

describeOnBackends('fused jet kernel on OpenBLAS: gradients in the inputs', () => {
  afterEach(() => {
    stopOpenBlas();
    fusedJetSwitch.enabled = true;
  });

  it.skipIf(!built)('d/dx and d/dt of a loss of u_x and u_tt (layer 0\'s dh by the host product) equal the tf ops', () => {
    const inputGrads = (host: boolean, fused: boolean) => {
      if (host) useOpenBlas();
      else stopOpenBlas();
      fusedJetSwitch.enabled = fused;
      return inputGradients();
    };
    const before = tf.memory().numTensors;
    const [got, want] = [inputGrads(true, true), inputGrads(false, false)];
    expect(maxRelative(got, want)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.skipIf(!built)('parallelTrainer with OpenBLAS', () => {
  beforeAll(async () => {
    const { initBackend } = await import('../../lib/index.js');
    await initBackend('wasm', { log: false });
  });
  afterEach(() => stopOpenBlas());

  it("gives its workers the main thread's OpenBLAS kernels (it refuses to start otherwise) and trains as one thread does", async () => {
    useOpenBlas();
    const { one, many } = await burgersOnWorkers();
    expect(many.length).toBe(5);
    many.forEach((r, i) => expect(Math.abs(r.loss - one[i].loss) / one[i].loss, `step ${r.step}`).toBeLessThan(1e-4));
  });
});
