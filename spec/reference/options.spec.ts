import { describe, expect, it } from 'vitest';

import { allenCahnEquation, allenCahnReference, kdvEquation, kdvReference, SemilinearEquation, SemilinearOptions, solveSemilinear } from '../../lib/reference/index.js';

/** The message of the Error `call` throws (the whole message, not a prefix), or a note that it threw none. */
function messageOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return error instanceof Error ? error.message : `a non-Error: ${String(error)}`;
  }
  return 'no error';
}

// Each entry point checks its options in one place: unknown keys (with the nearest valid one), types and
// ranges, each error naming the option, the entry point, what was expected and what came.
describe('reference options: named errors', () => {
  const cases: [string, () => unknown, string][] = [
    ['an unknown key, with a suggestion', () => kdvReference({ mode: 256 } as never), "Unknown key 'mode' in options passed to 'kdvReference'; valid keys: modes, dt, x, t, dealias. Did you mean 'modes'?"],
    ['options that are not an object', () => allenCahnReference(512 as never), "Argument 'options' passed to 'allenCahnReference' must be an object of options, but got 512."],
    ['modes not a power of two', () => allenCahnReference({ modes: 500 }), "Option 'options.modes' passed to 'allenCahnReference' must be a power of two from 8 to 262144 (the FFT's size), but got 500."],
    ['modes too few', () => kdvReference({ modes: 4 }), "Option 'options.modes' passed to 'kdvReference' must be a power of two from 8 to 262144 (the FFT's size), but got 4."],
    ['dt not positive', () => kdvReference({ dt: 0 }), "Option 'options.dt' passed to 'kdvReference' must be a finite number > 0, but got 0."],
    ['dt not a number', () => kdvReference({ dt: '1e-4' as never }), "Option 'options.dt' passed to 'kdvReference' must be a finite number > 0, but got \"1e-4\"."],
    ['too many steps', () => allenCahnReference({ dt: 1e-8 }), "Option 'options.dt' passed to 'allenCahnReference' must leave at most 10000000 time steps up to t = 1, but 1e-8 needs 100000000; take a larger dt (ETDRK4 is fourth order)."],
    ['t not increasing', () => allenCahnReference({ t: [0, 0.5, 0.5] }), "Option 'options.t' passed to 'allenCahnReference' must be a non-empty, strictly increasing array of finite times >= 0 (the solve starts at t = 0), but options.t[2] = 0.5 follows 0.5."],
    ['t before the start', () => kdvReference({ t: [-0.1, 1] }), "Option 'options.t' passed to 'kdvReference' must be a non-empty, strictly increasing array of finite times >= 0 (the solve starts at t = 0), but options.t[0] is -0.1."],
    ['t empty', () => kdvReference({ t: [] }), "Option 'options.t' passed to 'kdvReference' must be a non-empty, strictly increasing array of finite times >= 0 (the solve starts at t = 0), but it is empty."],
    ['x with NaN', () => kdvReference({ x: [0, NaN] }), "Option 'options.x' passed to 'kdvReference' must be a non-empty array of finite numbers, but options.x[1] is NaN."],
    ['x not an array', () => kdvReference({ x: 0.5 as never }), "Option 'options.x' passed to 'kdvReference' must be a non-empty array of finite numbers, but got 0.5."],
    ['dealias not a boolean', () => allenCahnReference({ dealias: 1 as never }), "Option 'options.dealias' passed to 'allenCahnReference' must be true or false, but got 1."],
  ];
  it.each(cases)('%s', (_, call, message) => expect(messageOf(call)).toBe(message));
});

describe('solveSemilinear: named errors for the equation and options', () => {
  const ac = allenCahnEquation();
  const ok: SemilinearOptions = { t: [0.1], dt: 0.01, modes: 16 };
  const cases: [string, () => unknown, string][] = [
    ['no options', () => solveSemilinear(ac, undefined as never), "Argument 'options' passed to 'solveSemilinear' is required: it needs at least the output times 't' and the time step 'dt'."],
    ['no dt', () => solveSemilinear(ac, { t: [1] } as never), "Option 'options.dt' passed to 'solveSemilinear' is required: the largest time step."],
    ['no t', () => solveSemilinear(ac, { dt: 0.1 } as never), "Option 'options.t' passed to 'solveSemilinear' is required: the output times."],
    ['an unknown option', () => solveSemilinear(ac, { ...ok, contour: 32 } as never), "Unknown key 'contour' in options passed to 'solveSemilinear'; valid keys: t, dt, modes, x, dealias, contourPoints."],
    ['contour points out of range', () => solveSemilinear(ac, { ...ok, contourPoints: 4 }), "Option 'options.contourPoints' passed to 'solveSemilinear' must be an integer from 8 to 1024, but got 4."],
    ['dealiasing without a degree', () => solveSemilinear({ ...ac, degree: undefined }, ok), "Option 'options.dealias' passed to 'solveSemilinear' is true, which needs 'equation.degree' (the polynomial degree of equation.nonlinear); give it, or pass dealias: false for a nonlinearity that is not a polynomial."],
    ['an unknown equation key', () => solveSemilinear({ ...ac, lineal: ac.linear } as never, ok), "Unknown key 'lineal' in argument 'equation' passed to 'solveSemilinear'; valid keys: period, linear, nonlinear, multiplier, degree, initial. Did you mean 'linear'?"],
    ['an empty period', () => solveSemilinear({ ...ac, period: [1, 1] }, ok), "Argument 'equation.period' passed to 'solveSemilinear' must be an interval [a, b] with finite a < b, but got [1,1]."],
    ['a missing function', () => solveSemilinear({ ...ac, nonlinear: undefined } as never, ok), "Argument 'equation.nonlinear' passed to 'solveSemilinear' must be a function, but got undefined."],
    ['a degree out of range', () => solveSemilinear({ ...ac, degree: 9 }, ok), "Argument 'equation.degree' passed to 'solveSemilinear' must be an integer from 1 to 7 or undefined, but got 9."],
    ['a non-Hermitian multiplier', () => solveSemilinear({ ...kdvEquation(), multiplier: (k: number) => [k, 0] } as SemilinearEquation, ok), "equation.multiplier passed to 'solveSemilinear' gives [3.141592653589793, 0] at k = 3.141592653589793 but [-3.141592653589793, 0] at k = -3.141592653589793; for a real u it must satisfy multiplier(-k) = conj(multiplier(k))."],
    ['a bad delta', () => kdvEquation(-1), "Argument 'delta' passed to 'kdvEquation' must be a finite number > 0, but got -1."],
  ];
  it.each(cases)('%s', (_, call, message) => expect(messageOf(call)).toBe(message));
});
