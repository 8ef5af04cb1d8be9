import * as tf from '@tensorflow/tfjs';

import { Inputs, MLP, TestNet, TorchLayer, partials } from '../lib/index.js';
import { FlatAdam, createAdam } from '../lib/pinn/optim/flat_adam.js';
import { naivePartials } from './naive.js';
import { makePoints } from './points.js';
import { Measurement, Run, TimingOptions, measure } from './timing.js';
import { BURGERS_NU, Impl, LEARNING_RATE, Residual, Workload } from './workloads.js';

/** A workload with the weights both benches load. */
export interface WorkloadJob extends Workload {
  /** PyTorch-layout layers, from the seeded network. */
  layers: TorchLayer[];
}

/**
 * The network of a job, holding the job's weights.
 *
 * @example
 * const net = buildNet(job);
 * net.forward(buildInputs(job)); // [N,1]
 */
export function buildNet(job: WorkloadJob): MLP {
  return job.net.kind === 'testnet' ? TestNet.fromLayers(job.layers) : MLP.fromLayers(job.layers, job.net.activation);
}

/**
 * The job's points as [N,1] columns {x, t}.
 *
 * @example
 * const { x, t } = buildInputs(job);
 * x.shape; // [N, 1]
 */
export function buildInputs(job: WorkloadJob): Inputs {
  const { x, t } = makePoints(job.points);
  return { x: tf.tensor2d(x, [x.length, 1]), t: tf.tensor2d(t, [t.length, 1]) };
}

/**
 * The requested terms by one implementation, in the order of `terms`.
 *
 * @example
 * const [u, ux] = derivatives('taylor', net, { x, t }, ['u', 'u_x']);
 * const [v, vx] = derivatives('naive', net, { x, t }, ['u', 'u_x']); // same numbers
 */
export function derivatives(impl: Impl, net: MLP, inputs: Inputs, terms: readonly string[]): tf.Tensor2D[] {
  const d = impl === 'naive' ? naivePartials(net, inputs, terms) : partials(net, inputs, terms, { method: impl });
  return terms.map((term) => d[term]);
}

/**
 * The residual of a PDE from its terms (in RESIDUAL_TERMS order).
 *
 * @example
 * const r = residual('burgers', derivatives('reverse', net, cols, RESIDUAL_TERMS.burgers));
 * const loss = tf.mean(tf.square(r));
 */
export function residual(kind: Residual, d: tf.Tensor2D[]): tf.Tensor {
  if (kind === 'burgers') {
    const [u, ut, ux, uxx] = d;
    return ut.add(u.mul(ux)).sub(uxx.mul(BURGERS_NU));
  }
  const [utt, uxxxx] = d;
  return utt.add(uxxxx);
}

/**
 * Times one row of the table: builds the job's network and points, times the
 * implementation with `timing`, and reports a check value (mean |term| per
 * term, or the first training loss) so rows can be compared with PyTorch,
 * and how many tensors the timed runs left behind (0 unless the
 * implementation leaks). Everything it allocates is freed, whatever happens.
 *
 * @example
 * const { measurement, check } = await timeRow(job, 'taylor', { warmup: 1, runs: 5, budgetMs: 30_000 });
 * if (measurement.status === 'ok') console.log(measurement.ms, check);
 */
export async function timeRow(job: WorkloadJob, impl: Impl, timing: TimingOptions): Promise<{ measurement: Measurement; check: number[]; leaked: number }> {
  const net = buildNet(job);
  const inputs = buildInputs(job);
  // The trainer's Adam (FlatAdam on cpu and wasm: no kernels for the update).
  const optimizer = job.kind === 'train' ? createAdam(LEARNING_RATE) : undefined;
  let check: number[] = [];
  try {
    let run: Run;
    if (job.kind === 'derivatives') {
      run = async () => {
        const outs = derivatives(impl, net, inputs, job.terms);
        const values = await Promise.all(outs.map((o) => o.data()));
        if (check.length === 0) check = values.map(meanAbs);
        return () => outs.forEach((o) => o.dispose());
      };
    } else {
      const kind = job.residual!;
      run = async () => {
        const { value: loss, grads } = tf.variableGrads(() => tf.tidy(() => tf.mean(tf.square(residual(kind, derivatives(impl, net, inputs, job.terms))))) as tf.Scalar, net.variables);
        // A weight the loss does not reach (the last bias under u_tt + u_xxxx) has no gradient: a zero one, as the trainer does.
        const full = net.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
        optimizer!.apply(net.variables, full);
        tf.dispose(full);
        const [value] = await loss.data();
        if (check.length === 0) check = [value];
        return () => loss.dispose();
      };
    }
    const before = tf.memory().numTensors;
    const measurement = await measure(run, timing);
    // tf.train.adam's two moment variables per weight are created by the first step and are not a leak.
    const optimizerState = optimizer && !(optimizer instanceof FlatAdam) ? 2 * net.variables.length : 0;
    return { measurement, check, leaked: tf.memory().numTensors - before - optimizerState };
  } finally {
    optimizer?.dispose();
    net.dispose();
    Object.values(inputs).forEach((c) => c.dispose());
  }
}

function meanAbs(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.abs(values[i]);
  return s / values.length;
}
