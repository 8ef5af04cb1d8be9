// The worker thread of a ShardedLoss: rebuilds the problem and the network, keeps its shard of the
// points, and per 'evaluate' sets the weights it is sent and replies with its shard's (scaled) loss,
// parts and flat gradient. Each reply is counted in the shared signal, so the main thread can block
// for it (Atomics.wait) and read it synchronously: Trainer.step stays synchronous.
import * as tf from '@tensorflow/tfjs';
import { workerData } from 'node:worker_threads';

// The library entry: repairs tfjs's higher-order gradients and installs Taylor mode, as in the main thread.
import '../../index.js';
import { initBackend } from '../../backend/index.js';
import { readSync } from '../../internals/reads.js';
import { createNetwork } from '../../models/index.js';
import { problemGeometry } from '../../pinn/problem/geometry.js';
import { TensorBatch, disposeTensorBatch, toTensorBatch } from '../../pinn/batch.js';
import { ParameterSet } from '../../pinn/parameters.js';
import { lossAndGradsReads, setFlatValues } from '../../pinn/trainer/objective.js';
import { TransformTermsCache } from '../../pinn/loss/transform_cache.js';
import { Problem } from '../../pinn/types.js';
import type { FromShard, ShardWorkerData, ToShard } from './protocol.js';
import { Shard } from './shard.js';
import { loadProblemModule, problemIdentity } from './source.js';
import { buildProblem } from '../problem_files.js';
import { openBlasInUse, useOpenBlas } from '../openblas.js';

const data = workerData as ShardWorkerData;
const signal = new Int32Array(data.signal);
const port = data.port;

function reply(message: FromShard, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  // Counted after posting: when the main thread sees the count move, the message is on its port.
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

process.on('exit', () => {
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
});

const fail = (error: unknown) => reply({ type: 'error', name: (error as Error)?.name ?? 'Error', message: String((error as Error)?.message ?? error) });

async function start(): Promise<void> {
  tf.env().set('IS_TEST', true);
  const choice = await initBackend(data.backend, { log: false });
  if (data.openblas !== null) useOpenBlas(data.openblas);
  const module = await loadProblemModule(data.problem);
  const problem: Problem = buildProblem(module, data.problem.study);
  const net = createNetwork(data.network, problem.inputs, problem.outputs.length, problemGeometry(problem).bbox);
  const parameters = new ParameterSet(problem.parameters);
  const trainables = [...net.variables, ...parameters.variables];
  const cache = new TransformTermsCache();
  let tensors: TensorBatch | null = null;
  let shard: Shard | null = null;
  let pointsError: unknown = null;

  const evaluate = (x: Float64Array): FromShard => {
    if (pointsError !== null) throw pointsError;
    if (tensors === null || shard === null) throw new Error('a shard worker was asked for the loss before it was sent its points');
    setFlatValues(trainables, x);
    const { loss, parts, grads, flat } = readSync(lossAndGradsReads(problem, net, tensors, data.weights, trainables, () => parameters.tensors(), 'flat', cache, shard));
    tf.dispose(grads);
    const grad = flat!;
    return { type: 'result', loss, parts, grad };
  };

  port.on('message', (message: ToShard) => {
    if (message.type === 'points') {
      try {
        if (tensors !== null) disposeTensorBatch(tensors);
        tensors = null;
        pointsError = null;
        shard = message.shard;
        tensors = toTensorBatch(message.shard.batch);
      } catch (error) {
        pointsError = error;
      }
      return;
    }
    let out: FromShard;
    try {
      out = evaluate(message.x);
    } catch (error) {
      fail(error);
      return;
    }
    reply(out, out.type === 'result' ? [out.grad.buffer as ArrayBuffer] : []);
  });
  reply({ type: 'ready', identity: problemIdentity(problem), backend: choice.name, openblas: openBlasInUse() });
}

start().catch(fail);
