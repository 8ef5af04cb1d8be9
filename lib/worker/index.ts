export { trainInWorker } from './train_in_worker.js';
export type { TrainInWorkerOptions, WorkerTraining, WorkerTrainResult } from './train_in_worker.js';
