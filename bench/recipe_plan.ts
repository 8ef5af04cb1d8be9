import { PROBLEMS, Trainer } from '../lib/index.js';

/** The recipes `npm run bench -- --recipe NAME` knows. */
export const RECIPES = ['burgers'] as const;

/** A recipe's name. */
export type RecipeName = (typeof RECIPES)[number];

/**
 * The training plan both sides of the recipe bench run, read from the shipped problem's defaults so that the
 * PyTorch script (bench/torch_recipe.py) follows the plan whatever it is changed to.
 */
export interface RecipePlan {
  recipe: RecipeName;
  /** Hidden layer widths and activation of the network N (u = -sin(pi x) + t (1 - x^2) N). */
  network: { hidden: number[]; activation: string; seed: number };
  /** Sobol points in the domain, redrawn every `resampleEvery` Adam steps, each time adding the `add` worst of `candidates` (RAR). */
  points: number;
  resampleEvery: number;
  rar: { candidates: number; add: number };
  adam: { steps: number; lr: number };
  lbfgs: { steps: number; historySize: number; restarts: number };
  /** The reference solution both sides are scored against (x [256,1], t [100,1], usol [256,100]). */
  reference: string;
  /** Threads on each side: PyTorch's intra-op (and BLAS) threads, tfjs-pinn's parallel-trainer workers (1: the main thread alone). */
  threads: number;
}

/** Changes to a recipe's plan from the bench's command line (undefined: as planned). */
export interface PlanOverrides {
  threads: number;
  points?: number;
  adamSteps?: number;
  lbfgsSteps?: number;
}

/**
 * The plan with the command line's changes: threads on both sides, N points with RAR scaled alike (2N
 * candidates, N/10 kept, the default plan's ratios), fewer Adam steps or L-BFGS iterations.
 *
 * @example
 * withOverrides(recipePlan('burgers'), { threads: 2, points: 20_000 }).rar; // { candidates: 40000, add: 2000 }
 */
export function withOverrides(plan: RecipePlan, o: PlanOverrides): RecipePlan {
  const out: RecipePlan = { ...plan, threads: o.threads, adam: { ...plan.adam }, lbfgs: { ...plan.lbfgs }, rar: { ...plan.rar } };
  if (o.points !== undefined) {
    out.points = o.points;
    out.rar = { candidates: 2 * o.points, add: Math.max(1, Math.round(o.points / 10)) };
  }
  if (o.adamSteps !== undefined) out.adam.steps = o.adamSteps;
  if (o.lbfgsSteps !== undefined) out.lbfgs.steps = o.lbfgsSteps;
  return out;
}

/** The file with Raissi et al.'s Burgers solution, relative to the repository root. */
export const BURGERS_REFERENCE = 'data/raissi/burgers_shock.mat';

/**
 * The plan of a recipe: the shipped problem's default options with the Trainer's defaults applied (read from a
 * Trainer, so that no default is restated here; needs a tfjs backend). Throws, naming the recipes there are, on
 * any other name.
 *
 * @example
 * await initBackend('cpu');
 * recipePlan('burgers').lbfgs; // { steps: 3000, historySize: 50, restarts: 20 }
 */
export function recipePlan(name: string): RecipePlan {
  if (!(RECIPES as readonly string[]).includes(name)) {
    throw new Error(`Option --recipe must name a recipe (${RECIPES.join(', ')}), but got '${name}'.`);
  }
  const module = PROBLEMS.burgers;
  const trainer = new Trainer(module.problem(), module.defaults);
  const { network, sampling, adam, lbfgs } = trainer.options;
  trainer.dispose();
  if (sampling.rar === null || sampling.resampleEvery === 0 || sampling.method !== 'sobol' || adam.decay !== null || lbfgs.resampleOnStall !== 0 || lbfgs.gradientSearch !== 0 || lbfgs.plateau !== null) {
    throw new Error(`The default Burgers plan changed shape (bench/torch_recipe.py follows Sobol points redrawn with RAR, constant Adam, plain L-BFGS): update both recipe scripts; got ${JSON.stringify({ sampling, adam, lbfgs })}.`);
  }
  return {
    recipe: 'burgers',
    network: { hidden: [...network.hidden], activation: network.activation, seed: network.seed },
    points: sampling.domain,
    resampleEvery: sampling.resampleEvery,
    rar: { ...sampling.rar },
    adam: { steps: adam.steps, lr: adam.lr },
    lbfgs: { steps: lbfgs.steps, historySize: lbfgs.historySize, restarts: lbfgs.restarts },
    reference: BURGERS_REFERENCE,
    threads: 1,
  };
}

/** Seconds per phase of one recipe run. */
export interface RecipePhases {
  /** Building the network, optimiser and the first points. */
  setup: number;
  /** Adam steps, without the redraws. */
  adam: number;
  /** Redrawing the points and refining them (RAR: the residual at the candidates, the worst kept). */
  sampling: number;
  /** L-BFGS iterations, line searches included. */
  lbfgs: number;
  /** u on the reference grid and its relative L2 error. */
  evaluation: number;
}

/** What one side's run of a recipe reports (the 'RECIPE ' line of bench/recipe.ts and bench/torch_recipe.py). */
export interface RecipeResult {
  side: 'tfjs-pinn' | 'PyTorch';
  /** tfjs backend, or 'torch cpu (1 thread)'. */
  backend: string;
  /** PyTorch's BLAS (bench/torch_blas.py), PyTorch runs only. */
  blas?: string;
  /** Wall seconds per phase. */
  phases: RecipePhases;
  /** CPU seconds of the process per phase (all its threads): less moved than wall time by other work on a shared machine. */
  cpuPhases: RecipePhases;
  /** Wall seconds of the whole run: the phases added up. */
  seconds: number;
  /** CPU seconds of the process over the run: the CPU phases added up. */
  cpuSeconds: number;
  adamSteps: number;
  lbfgsIterations: number;
  lbfgsEvaluations: number;
  /** Why L-BFGS stopped before its last iteration, if it did. */
  lbfgsStop?: string;
  /** Relative L2 error of u against the reference grid (all 25,600 points). */
  relL2: number;
  /** tfjs kernels per loss-and-gradient evaluation and per whole Trainer step (tfjs runs only). */
  kernels?: { lossAndGradient: number; adamStep: number; lbfgsStep: number };
}

/** The prefix of the result line both recipe scripts print. */
export const RECIPE_LINE = 'RECIPE ';

/**
 * The relative L2 error ||pred - exact|| / ||exact||, in float64.
 *
 * @example
 * relativeL2(Float64Array.of(1, 2), Float64Array.of(1, 2)); // 0
 * relativeL2(Float64Array.of(0, 0), Float64Array.of(3, 4)); // 1
 */
export function relativeL2(pred: ArrayLike<number>, exact: ArrayLike<number>): number {
  if (pred.length !== exact.length || exact.length === 0) {
    throw new Error(`Arguments 'pred' and 'exact' passed to 'relativeL2' must be non-empty and of one length, but have ${pred.length} and ${exact.length} entries.`);
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < exact.length; i++) {
    num += (pred[i] - exact[i]) ** 2;
    den += exact[i] ** 2;
  }
  if (!(den > 0)) throw new Error(`Argument 'exact' passed to 'relativeL2' must not be all zeros.`);
  return Math.sqrt(num / den);
}
