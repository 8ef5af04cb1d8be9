import { TrainOptions, checkTrainOptions } from '../options.js';
import { Trainer } from '../trainer/trainer.js';
import { Problem } from '../types.js';
import { AnyTrainer } from './any_trainer.js';
import { MarchingTrainer } from './marching_trainer.js';

/**
 * The trainer `options` ask for: a {@link MarchingTrainer} when `options.marching` is set (time windows),
 * else a {@link Trainer}. Both are {@link AnyTrainer}s: run, step, predict, evaluate, solution, state, ...
 *
 * @example
 * const trainer = createTrainer(heat.problem(), { ...heat.defaults, marching: { windows: 4 } });
 * await trainer.run(); trainer.solution(); // a PiecewiseSolution over the four windows
 */
export function createTrainer(problem: Problem, options: TrainOptions = {}): AnyTrainer {
  return checkTrainOptions(options).marching === null ? new Trainer(problem, options) : new MarchingTrainer(problem, options);
}
