// Burgers trained for a few steps on one thread and on two worker threads (parallelTrainer), with whatever host
// kernels the caller installed; shared by the specs that compare the two histories.
import { PROBLEMS, Trainer, TrainOptions } from '../../lib/index.js';
import { parallelTrainer } from '../../lib/node/parallel/index.js';

/** The loss history of each side: 3 Adam steps and 2 L-BFGS iterations of a 2-[10,10]-1 network at 400 points. */
export async function burgersOnWorkers(): Promise<{ one: { step: number; loss: number }[]; many: { step: number; loss: number }[] }> {
  const options: TrainOptions = { network: { hidden: [10, 10] }, sampling: { domain: 400 }, adam: { steps: 3 }, lbfgs: { steps: 2 } };
  const one = new Trainer(PROBLEMS.burgers.problem(), options);
  const many = await parallelTrainer('burgers', options, { workers: 2 });
  try {
    await one.run();
    await many.run();
    return { one: one.history.map(({ step, loss }) => ({ step, loss })), many: many.history.map(({ step, loss }) => ({ step, loss })) };
  } finally {
    one.dispose();
    many.dispose();
  }
}
