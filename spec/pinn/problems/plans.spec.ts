import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { PROBLEMS, createTrainer } from '../../../lib/index.js';
import { buildProblem } from '../../../lib/node/index.js';

// The shipped plans are only ever trained by scripts (minutes to an hour each); this is where a plan the
// library refuses (an unknown key, a handoff its problem cannot take) or one that cannot take a step shows up.
// The step runs on 256 interior points: the plans' own counts (up to 20,000) change its cost, not its path.
const plans = Object.entries(PROBLEMS).flatMap(([name, module]) => [
  [name, 'defaults', module.defaults] as const,
  ...(module.full ? [[name, 'full', module.full] as const] : []),
]);

it.each(plans)('%s %s: the plan is accepted and takes its first step leak-free', (name, _which, plan) => {
  const problem = buildProblem(PROBLEMS[name]);
  const before = tf.memory().numTensors;
  const small = plan.sampling?.domain === undefined ? plan : { ...plan, sampling: { ...plan.sampling, domain: 256 } };
  const trainer = createTrainer(problem, small);
  const record = trainer.step();
  expect(Number.isFinite(record.loss)).toBe(true);
  expect(trainer.totalSteps).toBeGreaterThan(1);
  trainer.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
