import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MLP, Problem, Rng, checkProblem, initBackend } from '../../../lib/index.js';
import { disk, polygon, spaceTime } from '../../../lib/geometry/index.js';
import { sampleConditionPoints, toColumns } from '../../../lib/pinn/batch.js';
import { conditionMisfits } from '../../../lib/pinn/loss/misfits.js';
import { L_SHAPE, diskProblem } from '../../fixtures/disk_problem.js';
import { describeOnBackends } from '../../helpers/backends.js';

// conditionMisfits (lib/pinn/loss/misfits.ts): each kind of condition on a box and on any geometry, with its
// outward normals, against closed forms of u.

const column = (v: number[]) => tf.tensor2d(v, [v.length, 1]);

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

describe('condition misfits', () => {
  beforeAll(async () => {
    await initBackend('cpu', { log: false });
  });

  const square: Problem = {
    name: 'square',
    title: 'test',
    inputs: ['x'],
    outputs: ['u'],
    domain: { x: [0, 1] },
    terms: ['u'],
    residual: (d) => d.u,
    conditions: [],
    grid: { x: 2 },
  };
  const net = { forward: (p: Record<string, tf.Tensor>) => tf.square(p.x) as tf.Tensor2D };
  const at = (x: number) => [{ x: column([x]) }];

  it('Neumann uses the outward normal: -u_x on x-min, +u_x on x-max', () => {
    const c = { kind: 'neumann' as const, on: ['x-min' as const, 'x-max' as const], value: 0 };
    const [lo, hi] = conditionMisfits(square, c, net, [...at(0), ...at(1)]);
    expect(lo.dataSync()[0]).toBeCloseTo(-0, 6);
    expect(hi.dataSync()[0]).toBeCloseTo(2, 6);
  });

  it('periodic compares values (and derivatives) at both ends', () => {
    const c = { kind: 'periodic' as const, input: 'x', derivatives: 1 };
    const [u, ux] = conditionMisfits(square, c, net, [...at(0), ...at(1)]);
    expect(u.dataSync()[0]).toBeCloseTo(-1, 6);
    expect(ux.dataSync()[0]).toBeCloseTo(-2, 6);
    const sine = { forward: (p: Record<string, tf.Tensor>) => tf.sin(tf.mul(p.x, 2 * Math.PI)) as tf.Tensor2D };
    for (const m of conditionMisfits(square, c, sine, [...at(0), ...at(1)])) expect(Math.abs(m.dataSync()[0])).toBeLessThan(1e-5);
  });

  it('Dirichlet and data misfits are u minus the given values', () => {
    const d = conditionMisfits(square, { kind: 'dirichlet', on: 'x-max', value: (p) => tf.mul(p.x, 3) as tf.Tensor2D }, net, at(1));
    expect(d[0].dataSync()[0]).toBeCloseTo(-2, 6);
    const data = conditionMisfits(square, { kind: 'data', points: { x: [0.5] }, values: [1] }, net, [{ x: column([0.5]) }]);
    expect(data[0].dataSync()[0]).toBeCloseTo(-0.75, 6);
  });
});
