import type { ProblemDefinition } from './definition.js';

// The shipped problems (lib/pinn/problems) written as expressions, one for one: the same residuals,
// conditions, transforms and exact solutions (spec/expression/presets.spec.ts compares them on random
// points). The lid-driven cavity is left out: its lifting is the curl of a stream function written
// with its derivatives by hand and its residual weight is a corner distance, some forty lines of tf
// code; the playground loads it as the shipped module.

/**
 * The shipped problems left out of {@link EXPRESSION_PRESETS} (loaded as their modules), and why.
 *
 * @example
 * 'cavity' in PRESETS_AS_MODULES; // true: PROBLEMS.cavity is used as it is
 */
export const PRESETS_AS_MODULES: Readonly<Record<string, string>> = {
  cavity: "its divergence-free lifting and corner weights are tf code (lib/pinn/problems/cavity.ts); it is loaded as the shipped module",
  'burgers-inverse': 'it learns from the observations in data/raissi/burgers_shock.mat, and data conditions cannot be written as text; the page leaves it out',
  'allen-cahn': "its exact solution is a spectral solve (lib/reference), not an expression; it is loaded as the shipped module",
  advection: 'a hard problem whose plan uses the network toolbox (a periodic embedding); it is loaded as the shipped module',
  'kdv-zk': "its exact solution is a spectral solve (lib/reference), not an expression; it is loaded as the shipped module",
  helmholtz: 'a hard problem of the toolbox; it is loaded as the shipped module',
};

const X0 = '-0.5';
const Y0 = '-0.5';

/**
 * Every shipped problem but the cavity as a {@link ProblemDefinition}, by its name in PROBLEMS.
 *
 * @example
 * const trainer = new Trainer(compileProblem(EXPRESSION_PRESETS.heat), PROBLEMS.heat.defaults);
 */
export const EXPRESSION_PRESETS: Readonly<Record<string, ProblemDefinition>> = {
  burgers: {
    name: 'burgers',
    title: 'viscous Burgers u_t + u u_x = (0.01/π) u_xx, shock at x = 0 (Raissi et al. 2019)',
    inputs: ['x', 't'],
    time: 't',
    domain: { x: [-1, 1], t: [0, 1] },
    definitions: ['nu = 0.01/PI'],
    residual: 'u_t + u*u_x - nu*u_xx',
    conditions: [
      { kind: 'initial', value: '-sin(PI*x)', imposed: true },
      { kind: 'dirichlet', on: 'x-min, x-max', value: 0, imposed: true },
    ],
    transform: { u: { value: '-sin(PI*x)', scale: 't*(1 - x^2)' } },
    exact: 'burgers(x, t, nu)',
    grid: { x: 256, t: 100 },
  },
  heat: {
    name: 'heat',
    title: 'heat u_t = 0.1 u_xx on [0,1], sine initial value, zero ends (soft conditions)',
    inputs: ['x', 't'],
    time: 't',
    domain: { x: [0, 1], t: [0, 1] },
    definitions: ['alpha = 0.1'],
    residual: 'u_t - alpha*u_xx',
    conditions: [
      { kind: 'initial', value: 'sin(PI*x)' },
      { kind: 'dirichlet', on: 'x-min, x-max', value: 0 },
    ],
    exact: 'exp(-alpha*PI^2*t)*sin(PI*x)',
    grid: { x: 101, t: 101 },
  },
  wave: {
    name: 'wave',
    title: 'wave u_tt = u_xx on [0,1], standing wave, initial velocity as a soft condition',
    inputs: ['x', 't'],
    time: 't',
    domain: { x: [0, 1], t: [0, 1] },
    definitions: ['c = 1'],
    residual: 'u_tt - c^2*u_xx',
    conditions: [
      { kind: 'initial', value: 'sin(PI*x)', imposed: true },
      { kind: 'dirichlet', on: 'x-min, x-max', value: 0, imposed: true },
      { kind: 'initialVelocity', value: 0, weight: 10 },
    ],
    transform: { u: { value: 'sin(PI*x)', scale: 't*x*(1 - x)' } },
    exact: 'sin(PI*x)*cos(c*PI*t)',
    grid: { x: 101, t: 101 },
  },
  poisson2d: {
    name: 'poisson2d',
    title: 'Poisson -Δu = f on the unit square, Dirichlet on three sides and Neumann on one (manufactured)',
    inputs: ['x', 'y'],
    domain: { x: [0, 1], y: [0, 1] },
    residual: '(u_xx + u_yy)/(5*PI^2) + sin(PI*x)*sin(2*PI*y)',
    conditions: [
      { kind: 'dirichlet', on: 'x-min, x-max, y-min', value: 0 },
      { kind: 'neumann', on: 'y-max', value: '2*PI*sin(PI*x)', weight: 0.1 },
    ],
    exact: 'sin(PI*x)*sin(2*PI*y)',
    grid: { x: 101, y: 101 },
  },
  kdv: {
    name: 'kdv',
    title: 'KdV u_t + 6 u u_x + u_xxx = 0, one soliton (third order)',
    inputs: ['x', 't'],
    time: 't',
    domain: { x: [-3, 3], t: [0, 0.5] },
    definitions: ['c = 4', 'x0 = -1', 'soliton(x, t) = c/2*sech(sqrt(c)/2*(x - c*t - x0))^2'],
    residual: 'u_t + 6*u*u_x + u_xxx',
    conditions: [
      { kind: 'initial', value: 'soliton(x, t)', imposed: true },
      { kind: 'dirichlet', on: 'x-min, x-max', value: 'soliton(x, t)' },
    ],
    transform: { u: { value: 'soliton(x, 0)', scale: 't' } },
    exact: 'soliton(x, t)',
    grid: { x: 201, t: 101 },
  },
  beam: {
    name: 'beam',
    title: "clamped Euler-Bernoulli beam w'''' = q (fourth order, manufactured)",
    inputs: ['x'],
    outputs: ['w'],
    domain: { x: [0, 1] },
    residual: 'w_xxxx/(8*PI^4) + cos(2*PI*x)',
    conditions: [
      { kind: 'dirichlet', on: 'x-min, x-max', value: 0 },
      { kind: 'neumann', on: 'x-min, x-max', value: 0 },
    ],
    exact: 'sin(PI*x)^2',
    grid: { x: 201 },
  },
  'poisson-disk': {
    name: 'poisson-disk',
    title: 'Poisson -Δu = f on the unit disk, u = 0 on the circle imposed by its distance function (manufactured)',
    inputs: ['x', 'y'],
    geometry: 'disk([0, 0], 1)',
    definitions: ['f(x, y) = 4*sin(PI*x)*cos(PI*y) + 4*PI*x*cos(PI*x)*cos(PI*y) - 4*PI*y*sin(PI*x)*sin(PI*y) + 2*PI^2*(1 - x^2 - y^2)*sin(PI*x)*cos(PI*y)'],
    residual: '(u_xx + u_yy + f(x, y))/(2*PI^2)',
    conditions: [{ kind: 'dirichlet', on: 'circle', value: 0, imposed: true }],
    transform: { u: { value: 0, scale: 'dist' } },
    exact: '(1 - x^2 - y^2)*sin(PI*x)*cos(PI*y)',
    grid: { x: 101, y: 101 },
  },
  kovasznay: {
    name: 'kovasznay',
    title: 'Kovasznay flow, steady Navier-Stokes at Re = 20 (u, v, p; exact solution)',
    inputs: ['x', 'y'],
    outputs: ['u', 'v', 'p'],
    geometry: `box([${X0}, 1], [${Y0}, 1.5])`,
    definitions: [
      're = 20',
      'nu = 1/re',
      'lam = re/2 - sqrt(re^2/4 + 4*PI^2)',
      'ue(x, y) = 1 - exp(lam*x)*cos(2*PI*y)',
      've(x, y) = lam/(2*PI)*exp(lam*x)*sin(2*PI*y)',
      // Coons' transfinite interpolation of the boundary values on [-0.5, 1] x [-0.5, 1.5].
      's(x) = (x + 0.5)/1.5',
      'r(y) = (y + 0.5)/2',
      `cu(x, y) = (1 - s(x))*ue(${X0}, y) + s(x)*ue(1, y) + (1 - r(y))*ue(x, ${Y0}) + r(y)*ue(x, 1.5) - ((1 - r(y))*((1 - s(x))*ue(${X0}, ${Y0}) + s(x)*ue(1, ${Y0})) + r(y)*((1 - s(x))*ue(${X0}, 1.5) + s(x)*ue(1, 1.5)))`,
      `cv(x, y) = (1 - s(x))*ve(${X0}, y) + s(x)*ve(1, y) + (1 - r(y))*ve(x, ${Y0}) + r(y)*ve(x, 1.5) - ((1 - r(y))*((1 - s(x))*ve(${X0}, ${Y0}) + s(x)*ve(1, ${Y0})) + r(y)*((1 - s(x))*ve(${X0}, 1.5) + s(x)*ve(1, 1.5)))`,
      'bubble(x, y) = (x + 0.5)*(1 - x)*((y + 0.5)*(1.5 - y))',
    ],
    residual: ['u*u_x + v*u_y + p_x - nu*(u_xx + u_yy)', 'u*v_x + v*v_y + p_y - nu*(v_xx + v_yy)', 'u_x + v_y'],
    residualNames: ['momentum-x', 'momentum-y', 'continuity'],
    conditions: [
      { kind: 'dirichlet', on: 'boundary', value: 'ue(x, y)', output: 'u', imposed: true },
      { kind: 'dirichlet', on: 'boundary', value: 've(x, y)', output: 'v', imposed: true },
    ],
    transform: { u: { value: 'cu(x, y)', scale: 'bubble(x, y)' }, v: { value: 'cv(x, y)', scale: 'bubble(x, y)' } },
    exact: { u: 'ue(x, y)', v: 've(x, y)', p: '(1 - exp(2*lam*x))/2' },
    upToConstant: ['p'],
    grid: { x: 101, y: 101 },
  },
  schrodinger: {
    name: 'schrodinger',
    title: 'nonlinear Schrodinger i h_t + 0.5 h_xx + |h|^2 h = 0, h(0,x) = 2 sech x, periodic (Raissi et al. 2019; no exact solution here)',
    inputs: ['x', 't'],
    outputs: ['u', 'v'],
    time: 't',
    domain: { x: [-5, 5], t: [0, 'PI/2'] },
    residual: ['0.5*u_xx - v_t + (u^2 + v^2)*u', '0.5*v_xx + u_t + (u^2 + v^2)*v'],
    residualNames: ['real', 'imaginary'],
    conditions: [
      { kind: 'initial', output: 'u', value: '2*sech(x)', imposed: true },
      { kind: 'initial', output: 'v', value: 0, imposed: true },
      { kind: 'periodic', output: 'u', input: 'x', derivatives: 1 },
      { kind: 'periodic', output: 'v', input: 'x', derivatives: 1 },
    ],
    transform: { u: { value: '2*sech(x)', scale: 't' }, v: { value: 0, scale: 't' } },
    grid: { x: 257, t: 201 },
  },
};
