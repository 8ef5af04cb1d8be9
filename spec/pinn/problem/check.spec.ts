import { beforeAll, describe, expect, it } from 'vitest';

import { PROBLEMS, Problem, burgersProblem, checkProblem, heatProblem, initBackend } from '../../../lib/index.js';
import type { Condition } from '../../../lib/index.js';
import { buildProblem } from '../../../lib/node/index.js';
import { diskProblem } from '../../fixtures/disk_problem.js';

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

describe('checkProblem', () => {
  const heat = heatProblem();
  const withCondition = (c: unknown): Problem => ({ ...heat, conditions: [heat.conditions[0], c as never] });
  const check = (p: unknown) => () => checkProblem(p as Problem);

  it('names what is wrong', () => {
    expect(() => checkProblem({ ...burgersProblem(), domain: { x: [1, -1], t: [0, 1] } })).toThrow("Problem 'burgers': domain.x must be an interval [lo, hi] with lo < hi, but got [1,-1].");
    expect(() => checkProblem({ ...burgersProblem(), inputs: ['xx', 't'] })).toThrow("Problem 'burgers': 'inputs' must name the inputs by single characters");
    expect(() => checkProblem({ ...burgersProblem(), conditions: [{ kind: 'dirichlet', on: 'y-min', value: 0 }] })).toThrow(
      "Boundary part 'y-min' of problem 'burgers' is not one of x-min, x-max, t-min, t-max.",
    );
  });

  it('accepts every shipped problem', () => {
    for (const m of Object.values(PROBLEMS)) expect(checkProblem(buildProblem(m)).name).toBeTruthy();
  });

  it('rejects unknown keys on the problem and on each condition', () => {
    expect(check({ ...heat, condition: [] })).toThrow("Unknown key 'condition' in problem 'heat'; valid keys: name, title, inputs, outputs, domain, geometry, time, terms, residual, residualNames, conditions, transform, exact, grid, upToConstant, constants, params, parameters, exactParameters. Did you mean 'conditions'?");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 0, wieght: 2 }))).toThrow(
      "Unknown key 'wieght' in problem 'heat', conditions[1] (dirichlet); valid keys: kind, output, weight, imposed, on, value. Did you mean 'weight'?",
    );
    expect(check(withCondition({ kind: 'periodic', input: 'x', value: 0 }))).toThrow("Unknown key 'value' in problem 'heat', conditions[1] (periodic); valid keys: kind, output, weight, imposed, input, derivatives.");
    expect(check({ ...heat, transform: { value: () => 0, scale: () => 0, shift: () => 0 } })).toThrow("Unknown key 'shift' in problem 'heat', transform; valid keys: value, scale.");
  });

  it('checks every field of a condition, naming it', () => {
    expect(check(withCondition({ kind: 'dirichlet', on: [], value: 0 }))).toThrow("Problem 'heat': conditions[1].on must name at least one boundary part such as 'x-min' (or 'boundary'), or be a predicate on a point, but got [].");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 'zero' }))).toThrow("Problem 'heat': conditions[1].value must be a finite number or a function of the points returning [N,1], but got \"zero\".");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: NaN }))).toThrow("Problem 'heat': conditions[1].value must be a finite number or a function of the points returning [N,1], but got NaN.");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min' }))).toThrow("Problem 'heat': conditions[1].value must be a finite number or a function of the points returning [N,1], but got undefined.");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 0, weight: Infinity }))).toThrow("Problem 'heat': conditions[1].weight must be a finite number >= 0, but got Infinity.");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 0, imposed: 'yes' }))).toThrow("Problem 'heat': conditions[1].imposed must be true or false, but got \"yes\".");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 0, imposed: true }))).toThrow("Problem 'heat': conditions[1] (dirichlet(x-min)) is marked imposed, but the problem has no transform to impose it.");
    expect(check(withCondition({ kind: 'periodic', input: 'x', derivatives: -1 }))).toThrow("Problem 'heat': conditions[1].derivatives must be an integer >= 0, but got -1.");
    expect(check(withCondition({ kind: 'periodic', input: 'z' }))).toThrow("Problem 'heat': conditions[1].input must be one of the inputs [x, t], but got \"z\".");
  });

  it('checks data conditions: points and values present, of one length, finite', () => {
    expect(check(withCondition({ kind: 'data' }))).toThrow("Problem 'heat': conditions[1].values must be a non-empty array of finite numbers (the observations), but got undefined.");
    expect(check(withCondition({ kind: 'data', values: [1, 2] }))).toThrow("Problem 'heat': conditions[1].points must be {x: number[], t: number[]} (coordinates of the observations), but got undefined.");
    expect(check(withCondition({ kind: 'data', values: [1, 2], points: { x: [0, 1], t: [0] } }))).toThrow("Problem 'heat': conditions[1].points.t must hold 2 finite coordinates, one per value, but has 1.");
    expect(check(withCondition({ kind: 'data', values: [1, NaN], points: { x: [0, 1], t: [0, 0] } }))).toThrow("Problem 'heat': conditions[1].values[1] is NaN; observations must be finite numbers.");
    expect(check(withCondition({ kind: 'data', values: [1, 2], points: { x: [0, NaN], t: [0, 0] } }))).toThrow("Problem 'heat': conditions[1].points.x[1] is NaN; coordinates must be finite numbers.");
    expect(check(withCondition({ kind: 'data', values: [1, 2], points: { x: [0, 1], t: [0, 0], y: [1, 1] } }))).toThrow("Unknown key 'y' in problem 'heat', conditions[1].points; valid keys: x, t.");
  });

  it('checks grid, transform, params, terms and names', () => {
    expect(check({ ...heat, grid: { x: 10, t: 10, y: 4 } })).toThrow("Unknown key 'y' in problem 'heat', grid; valid keys: x, t.");
    expect(check({ ...heat, grid: { x: 10, t: 1.5 } })).toThrow("Problem 'heat': grid.t must be an integer >= 2 (grid points along t), but got 1.5.");
    expect(check({ ...heat, transform: 3 })).toThrow("Problem 'heat': 'transform' must be a function (net, p) => u or {value, scale} (functions of the points), but got 3.");
    expect(check({ ...heat, transform: { value: () => 0 } })).toThrow("Problem 'heat': transform.scale must be a function of the points, but got undefined.");
    expect(check({ ...heat, constants: { alpha: '0.1' } })).toThrow("Problem 'heat': constants.alpha must be a finite number, but got \"0.1\".");
    // The deprecated name still works, is checked alike, and cannot be given beside the new one.
    expect(check({ ...heat, constants: undefined, params: { alpha: '0.1' } })).toThrow("Problem 'heat': params.alpha must be a finite number, but got \"0.1\".");
    expect(check({ ...heat, params: { alpha: 0.1 } })).toThrow("Problem 'heat': give 'constants' or its deprecated name 'params', not both.");
    expect(check({ ...heat, terms: ['u_t', 'u_yy'] })).toThrow("Problem 'heat': terms[1] 'u_yy' must be an output [u] followed by '_' and inputs [x, t], e.g. 'u_x'.");
    expect(check({ ...heat, name: '' })).toThrow("Problem '': 'name' must be a non-empty string, but got \"\".");
    expect(check({ ...heat, exact: 5 })).toThrow("Problem 'heat': 'exact' must be a function of the points, but got 5.");
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
});
