// Node-only: file system, terminal and SVG rendering. Not exported from lib/index.ts (the browser bundle).
export { readCheckpoint, writeCheckpoint } from './checkpoint.js';
export { jobPlan, runJob } from './job.js';
export type { JobOptions, JobSummary } from './job.js';
export { plotSpec, renderPlot } from './plot.js';
export type { PlotInput } from './plot.js';
export { trainingProgress } from './progress.js';
export type { Progress } from './progress.js';
export { readDataFile } from './data_files.js';
