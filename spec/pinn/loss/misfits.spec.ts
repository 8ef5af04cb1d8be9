import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { MLP, PROBLEMS, Problem, Rng, Trainer, burgersProblem, checkProblem } from '../../../lib/index.js';
import { disk, polygon, spaceTime } from '../../../lib/geometry/index.js';
import { sampleConditionPoints, toColumns } from '../../../lib/pinn/batch.js';
import { drawBatch } from '../../../lib/pinn/trainer/points.js';
import { checkTrainOptions } from '../../../lib/pinn/options.js';
import { conditionMisfits } from '../../../lib/pinn/loss/misfits.js';
import { lossParts } from '../../../lib/pinn/loss/parts.js';
import { samplePoints } from '../../../lib/sampling/points.js';
import type { Condition } from '../../../lib/pinn/types.js';
import { describeOnBackends } from '../../helpers/backends.js';

const L_SHAPE: [number, number][] = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]];

function diskProblem(conditions: Condition[], extra: Partial<Problem> = {}): Problem {
  return {
    name: 'disk-test',
    title: 'test',
    inputs: ['x', 'y'],
    outputs: ['u'],
    geometry: disk({ x: 0, y: 0 }, 1),
    terms: ['u_xx', 'u_yy'],
    residual: (d) => tf.add(d.u_xx, d.u_yy) as tf.Tensor2D,
    conditions,
    grid: { x: 21, y: 21 },
    ...extra,
  };
}

// u = x² + y²: on the unit circle u = 1 and du/dn = 2r = 2.
const radial = { forward: (p: Record<string, tf.Tensor>) => tf.add(tf.square(p.x), tf.square(p.y)) as tf.Tensor2D };

/** Largest |misfit| of condition i of a problem at n sampled points, for a given u. */
function worstMisfit(problem: Problem, i: number, net: { forward: (p: Record<string, tf.Tensor>) => tf.Tensor2D }, n = 64): number {
  const sets = sampleConditionPoints(problem, n, 'sobol', new Rng(1), {});
  return tf.tidy(() => {
    const ms = conditionMisfits(problem, problem.conditions[i], net, sets[i].map(toColumns));
    return Math.max(...ms.map((m) => tf.max(tf.abs(m)).dataSync()[0]));
  });
}

describeOnBackends('conditions on any boundary', () => {
  it('Neumann uses the true normal: n · ∇(x² + y²) = 2 on the unit circle', () => {
    const p = diskProblem([{ kind: 'neumann', on: 'circle', value: 2 }, { kind: 'neumann', on: 'boundary', value: 0 }]);
    expect(worstMisfit(p, 0, radial)).toBeLessThan(1e-5);
    expect(Math.abs(worstMisfit(p, 1, radial) - 2)).toBeLessThan(1e-5);
  });

  it('Robin: a u + b du/dn = value, with constant and point-dependent coefficients', () => {
    const p = diskProblem([
      { kind: 'robin', on: 'circle', a: 3, b: 0.5, value: 4 },
      { kind: 'robin', on: 'circle', a: (q) => q.x, b: 1, value: (q) => tf.add(q.x, 2) },
    ]);
    expect(worstMisfit(p, 0, radial)).toBeLessThan(1e-5);
    expect(worstMisfit(p, 1, radial)).toBeLessThan(1e-5);
  });

  it('an operator condition sees the terms, the points and the normals', () => {
    const p = diskProblem([
      { kind: 'operator', on: 'circle', terms: ['u_x', 'u_y'], residual: (d, q, n) => tf.sub(tf.add(tf.mul(d.u_x, n.x), tf.mul(d.u_y, n.y)), tf.mul(2, tf.sqrt(tf.add(tf.square(q.x), tf.square(q.y))))) },
    ]);
    expect(worstMisfit(p, 0, radial)).toBeLessThan(1e-5);
  });

  it('a non-convex polygon: du/dn of u = x is the x-component of each edge normal', () => {
    const p: Problem = { ...diskProblem([]), geometry: polygon(L_SHAPE), conditions: [
      { kind: 'neumann', on: 'edge1', value: 1 },
      { kind: 'neumann', on: ['edge5'], value: -1 },
      { kind: 'neumann', on: ['edge0', 'edge2', 'edge4'], value: 0 },
      { kind: 'neumann', on: 'edge3', value: 1 },
    ] };
    const ux = { forward: (q: Record<string, tf.Tensor>) => tf.add(q.x, tf.mul(q.y, 0)) as tf.Tensor2D };
    for (let i = 0; i < 4; i++) expect(worstMisfit(p, i, ux), `condition ${i}`).toBeLessThan(1e-6);
  });

  it('a predicate selects boundary points: Dirichlet on the upper half circle only', () => {
    const p = diskProblem([{ kind: 'dirichlet', on: (q) => q.y > 0, value: (q) => tf.add(tf.mul(q.y, 0), 1) }]);
    const sets = sampleConditionPoints(p, 100, 'sobol', new Rng(1), {});
    expect(sets[0].length).toBe(1);
    expect(sets[0][0].y.every((y) => y > 0)).toBe(true);
    expect(sets[0][0].x.length).toBe(100);
    expect(worstMisfit(p, 0, radial)).toBeLessThan(1e-5);
  });

  it('a hard Dirichlet constraint on a circle through the distance function holds whatever the network', () => {
    const g = disk({ x: 0.5, y: 0 }, 0.7);
    const value = (q: Record<string, tf.Tensor2D>) => tf.sin(q.x) as tf.Tensor2D;
    const p = diskProblem([{ kind: 'dirichlet', on: 'circle', value, imposed: true }], { geometry: g, transform: { value, scale: (q) => g.distance(q) } });
    const net = new MLP({ sizes: [2, 8, 1], seed: 4, inputs: ['x', 'y'] });
    const sets = sampleConditionPoints(p, 200, 'sobol', new Rng(1), {});
    const worst = tf.tidy(() => tf.max(tf.abs(conditionMisfits(p, p.conditions[0], net, sets[0].map(toColumns))[0])).dataSync()[0]);
    expect(worst).toBeLessThan(1e-5);
    // and the constraint is not trivially satisfied: the network's own values on the circle are not sin(x).
    const raw = tf.tidy(() => tf.max(tf.abs(tf.sub(net.forward(toColumns({ x: sets[0][0].x, y: sets[0][0].y })), tf.sin(toColumns({ x: sets[0][0].x }).x)))).dataSync()[0]);
    expect(raw).toBeGreaterThan(1e-2);
    net.dispose();
  });

  it('space-time: initial conditions on the disk at t = 0, Dirichlet on the lateral surface', () => {
    const g = spaceTime(disk({ x: 0, y: 0 }, 1), 't', [0, 1]);
    const p: Problem = { ...diskProblem([{ kind: 'initial', value: 1 }, { kind: 'dirichlet', on: 'circle', value: 1 }]), inputs: ['x', 'y', 't'], time: 't', geometry: g, terms: ['u_t'], residual: (d) => d.u_t, grid: { x: 5, y: 5, t: 3 } };
    checkProblem(p);
    const sets = sampleConditionPoints(p, 50, 'sobol', new Rng(1), {});
    expect(sets[0][0].t.every((t) => t === 0)).toBe(true);
    expect(disk({ x: 0, y: 0 }, 1).contains(sets[0][0]).every((c) => c === 1)).toBe(true);
    const r = Array.from(sets[1][0].x, (x, i) => Math.hypot(x, sets[1][0].y[i]));
    expect(r.every((v) => Math.abs(v - 1) < 1e-12)).toBe(true);
    expect(sets[1][0]['n:t'].every((v) => v === 0)).toBe(true);
  });
});

describe('problems on geometries', () => {
  it('checkProblem names what is wrong with a geometry', () => {
    const p = diskProblem([]);
    expect(() => checkProblem({ ...p, domain: { x: [0, 1], y: [0, 1] } })).toThrow("Problem 'disk-test': give either 'domain' (a box: an interval per input) or 'geometry' (lib/geometry), not both.");
    expect(() => checkProblem({ ...p, geometry: undefined })).toThrow('but neither is set');
    expect(() => checkProblem({ ...p, inputs: ['y', 'x'] })).toThrow("Problem 'disk-test': 'geometry' must be over the inputs [y, x] in that order, but is over [x, y].");
    expect(() => checkProblem(diskProblem([{ kind: 'dirichlet', on: 'x-min', value: 0 }]))).toThrow("Boundary part 'x-min' of problem 'disk-test' is not one of circle. Name 'boundary' for all of it, or select points with a predicate.");
    expect(() => checkProblem(diskProblem([{ kind: 'robin', on: 'circle', a: 1, value: 0 } as unknown as Condition]))).toThrow("conditions[0].b (robin: a u + b du/dn = value) must be a finite number or a function of the points returning [N,1], but got undefined.");
    expect(() => checkProblem(diskProblem([{ kind: 'periodic', input: 'x' }]))).toThrow("Boundary part 'x-min' of problem 'disk-test' is not a face of a box; the disk's parts are circle.");
  });

  it('a box problem draws the same points as before geometry (interior and faces)', () => {
    const problem = burgersProblem();
    const options = checkTrainOptions({ sampling: { method: 'sobol', domain: 300, boundary: 40 } });
    const batch = drawBatch(problem, options.sampling, new Rng(7), {}, null);
    const rng = new Rng(7);
    const interior = samplePoints(problem.domain!, 300, 'sobol', rng, { index: 0, shift: [] });
    expect(Array.from(batch.interior.x)).toEqual(Array.from(interior.x));
    expect(Array.from(batch.interior.t)).toEqual(Array.from(interior.t));
    // Condition 0 (initial), then 1 (x-min, x-max), as samplePoints drew them face by face.
    const c0 = { index: 0, shift: [] as number[] };
    const init = samplePoints(problem.domain!, 40, 'sobol', rng, c0, { t: 0 });
    const c1 = { index: 0, shift: [] as number[] };
    const lo = samplePoints(problem.domain!, 20, 'sobol', rng, c1, { x: -1 });
    const hi = samplePoints(problem.domain!, 20, 'sobol', rng, c1, { x: 1 });
    expect(Array.from(batch.conditions[0][0].x)).toEqual(Array.from(init.x));
    expect(Array.from(batch.conditions[1][0].t)).toEqual(Array.from(lo.t));
    expect(Array.from(batch.conditions[1][1].t)).toEqual(Array.from(hi.t));
    expect(Array.from(batch.conditions[1][0]['n:x'])).toEqual(new Array(20).fill(-1));
  });

  it('systems: named residual parts, per-output errors, grid points outside the geometry left out', async () => {
    const exactU = (x: number, y: number) => x * x + y * y;
    const p: Problem = {
      ...diskProblem([{ kind: 'dirichlet', on: 'circle', value: 1 }, { kind: 'dirichlet', on: 'circle', value: 0, output: 'v' }]),
      outputs: ['u', 'v'],
      terms: ['u_xx', 'u_yy', 'v'],
      residual: (d) => [tf.sub(tf.add(d.u_xx, d.u_yy), 4) as tf.Tensor2D, d.v],
      residualNames: ['poisson', 'zero'],
      exact: (q) => [Float64Array.from(q.x, (x, i) => exactU(x, q.y[i])), Float64Array.from(q.x, (x) => 1 + 0 * x)],
      upToConstant: ['v'],
    };
    const trainer = new Trainer(p, { network: { hidden: [8] }, sampling: { domain: 64, boundary: 16 }, adam: { steps: 2 }, lbfgs: { steps: 0 } });
    await trainer.run();
    expect(Object.keys(trainer.history[0].parts)).toEqual(['residual:poisson', 'residual:zero', 'dirichlet(circle)', 'dirichlet(circle):v']);
    const ev = trainer.evaluate();
    expect(Object.keys(ev.relL2ByOutput)).toEqual(['u', 'v']);
    // Inside the unit disk on a 21 x 21 grid over [-1, 1]^2: the exact values are NaN exactly outside.
    let inside = 0;
    ev.points.x.forEach((x, i) => {
      const inDisk = x * x + ev.points.y[i] ** 2 <= 1 + 1e-9;
      expect(ev.inside[i]).toBe(inDisk ? 1 : 0);
      expect(Number.isNaN(ev.exact[0][i])).toBe(!inDisk);
      inside += inDisk ? 1 : 0;
    });
    expect(inside).toBeGreaterThan(300);
    // Errors by hand over the inside points; v up to a constant.
    const idx = Array.from(ev.inside.keys()).filter((i) => ev.inside[i]);
    const rel = (j: number) => Math.sqrt(idx.reduce((s, i) => s + (ev.predicted[j][i] - ev.exact[j][i]) ** 2, 0) / idx.reduce((s, i) => s + ev.exact[j][i] ** 2, 0));
    expect(ev.relL2ByOutput.u).toBeCloseTo(rel(0), 10);
    expect(ev.relL2ByOutput.v).toBeCloseTo(rel(1), 10);
    const meanShift = idx.reduce((s, i) => s + ev.predicted[1][i] - 1, 0) / idx.length;
    expect(Math.abs(meanShift)).toBeLessThan(1e-9);
    expect(Number.isFinite(ev.relL2)).toBe(true);
    trainer.dispose();
  });

  it('the Trainer verifies imposed conditions on boundary points that carry normals (every shipped geometry problem)', () => {
    for (const m of [PROBLEMS['poisson-disk'], PROBLEMS.kovasznay, PROBLEMS.cavity]) {
      const t = new Trainer(m.problem(), { network: { hidden: [4] }, sampling: { domain: 16, boundary: 8 }, adam: { steps: 1 }, lbfgs: { steps: 0 } });
      t.dispose();
    }
    // and refuses a false claim
    const g = disk({ x: 0, y: 0 }, 1);
    const wrong = diskProblem([{ kind: 'dirichlet', on: 'circle', value: 1, imposed: true }], { transform: { value: (q) => tf.mul(q.x, 0), scale: (q) => g.distance(q) } });
    expect(() => new Trainer(wrong, { network: { hidden: [4] } })).toThrow('is marked imposed, but the transform does not satisfy it');
  });

  it('loss parts keep two conditions of the same name apart', () => {
    const p = diskProblem([{ kind: 'dirichlet', on: 'circle', value: 1 }, { kind: 'dirichlet', on: 'circle', value: 0 }]);
    const net = new MLP({ sizes: [2, 4, 1], seed: 1, inputs: ['x', 'y'] });
    const sets = sampleConditionPoints(p, 16, 'sobol', new Rng(1), {});
    const names = tf.tidy(() => Object.keys(lossParts(p, net, { interior: toColumns({ x: Float64Array.of(0), y: Float64Array.of(0) }), conditions: sets.map((s) => s.map(toColumns)) }).parts));
    expect(names).toEqual(['residual', 'dirichlet(circle)', 'dirichlet(circle)#1']);
    net.dispose();
  });
});
