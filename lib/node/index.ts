/**
 * The Node entry: jobs (`runJob`, the `tfjs-pinn` command line), checkpoints, data and solution files,
 * pictures, the progress bar and parallel training on worker threads.
 *
 * @packageDocumentation
 * @module tfjs-pinn/node
 */
// The Node entry, 'tfjs-pinn/node': files, terminal and pictures. Not exported
// from lib/index.ts, so the browser builds never reach node: modules.
// Like lib/index.ts, repairs tfjs's higher-order gradients: jobs train.
import '../gradients/register.js';
export { readCheckpoint, writeCheckpoint } from './checkpoint.js';
export { runCli } from './cli.js';
export { jobPlan, runJob } from './job.js';
export type { JobOptions, JobSummary } from './job_types.js';
export { colourAt, SCHEMES } from './colour.js';
export type { Rgb, SchemeName } from './colour.js';
export { NODE_EXTRAS } from './optional.js';
export { MAX_RASTER_PIXELS, renderPlot } from './plot.js';
export type { PlotInput } from './plot.js';
export { trainingProgress } from './progress.js';
export type { Progress } from './progress.js';
export { readDataFile } from './data_files.js';
export { BURGERS_SHOCK_MAT, JOB_PROBLEMS, NLS_MAT, buildProblem, burgersInverse, loadNlsReference, readProblemFiles, readSchrodingerReference, schrodingerWithReference } from './problem_files.js';
export { loadSolution, readSolution, saveSolution, writeSolution } from './solution_files.js';
export { openBlasInUse, stopOpenBlas, useOpenBlas } from './openblas.js';
export type { OpenBlasOptions } from './openblas.js';
export { buildOpenBlas } from './openblas_build.js';
export { MAX_WORKERS, ShardedLoss, parallelTrainer } from './parallel/index.js';
export type { ParallelOptions, ParallelProblem, ShardedLossOptions } from './parallel/index.js';
