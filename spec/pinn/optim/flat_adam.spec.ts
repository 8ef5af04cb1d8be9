import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { MLP } from '../../../lib/index.js';
import { Adam } from '../../../lib/pinn/optim/adam.js';
import { FlatAdam } from '../../../lib/pinn/optim/flat_adam.js';
import { describeOnBackends } from '../../helpers/backends.js';
import { expectClose } from '../../helpers/close.js';

describeOnBackends('FlatAdam', () => {
  const setup = () => {
    const nets = [0, 1].map(() => new MLP({ sizes: [2, 6, 6, 1], activation: 'tanh', seed: 5 }));
    const x = tf.randomUniform([40, 2], -1, 1, 'float32', 3);
    const grads = (net: MLP) => {
      const { value, grads: g } = tf.variableGrads(() => tf.mean(tf.square(tf.sin(net.forward(x)))) as tf.Scalar, net.variables);
      value.dispose();
      return net.variables.map((v) => g[v.name]);
    };
    return { nets, x, grads };
  };

  it('takes the same steps as tf.train.adam and leaks nothing', () => {
    const { nets, x, grads } = setup();
    const [flat, stock] = [new FlatAdam(1e-2), new Adam(1e-2)];
    stock.apply(nets[1].variables, grads(nets[1])); // tf.train.adam creates its moment variables on the first step
    flat.apply(nets[0].variables, grads(nets[0]));
    const before = tf.memory().numTensors;
    for (let step = 0; step < 8; step++) {
      const [g0, g1] = [grads(nets[0]), grads(nets[1])];
      flat.apply(nets[0].variables, g0);
      stock.apply(nets[1].variables, g1);
      tf.dispose([...g0, ...g1]);
    }
    expect(tf.memory().numTensors).toBe(before);
    nets[0].variables.forEach((v, i) => expectClose(v.dataSync(), nets[1].variables[i].dataSync(), 1e-5, v.name));
    [flat, stock].forEach((o) => o.dispose());
    nets.forEach((n) => n.dispose());
    x.dispose();
  });

  it('applyValues takes the same steps from gradients read once, and sees weights assigned by others', () => {
    const { nets, x, grads } = setup();
    const [byTensor, byValues] = [new FlatAdam(1e-2), new FlatAdam(1e-2)];
    for (let step = 0; step < 4; step++) {
      const [g0, g1] = [grads(nets[0]), grads(nets[1])];
      byTensor.apply(nets[0].variables, g0);
      byValues.applyValues(nets[1].variables, g1.map((g) => g.dataSync() as Float32Array));
      tf.dispose([...g0, ...g1]);
      // Someone else (L-BFGS, a loaded state) moves the weights between steps: both optimisers must start from there.
      if (step === 1) nets.forEach((n) => n.variables[0].assign(tf.mul(n.variables[0], 0.5)));
    }
    nets[0].variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(nets[1].variables[i].dataSync())));
    // Against a hand-written Adam step from the halved weights: the second optimiser did not keep stale ones.
    const plain = new FlatAdam(1e-2);
    const ref = new MLP({ sizes: [2, 6, 6, 1], activation: 'tanh', seed: 5 });
    for (let step = 0; step < 4; step++) {
      const g = grads(ref);
      plain.apply(ref.variables, g);
      tf.dispose(g);
      if (step === 1) ref.variables[0].assign(tf.mul(ref.variables[0], 0.5));
    }
    ref.variables.forEach((v, i) => expectClose(v.dataSync(), nets[1].variables[i].dataSync(), 1e-6, v.name));
    [byTensor, byValues, plain].forEach((o) => o.dispose());
    [...nets, ref].forEach((n) => n.dispose());
    x.dispose();
  });

  it('saves a state that tf.train.adam loads and continues the same, and the other way round', async () => {
    const { nets, x, grads } = setup();
    const flat = new FlatAdam(1e-2);
    for (let step = 0; step < 3; step++) {
      const g = grads(nets[0]);
      flat.apply(nets[0].variables, g);
      tf.dispose(g);
    }
    const state = (await flat.state())!;
    expect(state.iterations).toBe(3);
    nets[1].setLayers(nets[0].toLayers());
    const stock = new Adam(1e-2);
    await stock.setState(state, nets[1].variables);
    flat.apply(nets[0].variables, grads(nets[0]));
    stock.apply(nets[1].variables, grads(nets[1]));
    nets[0].variables.forEach((v, i) => expectClose(v.dataSync(), nets[1].variables[i].dataSync(), 1e-5, v.name));
    const back = new FlatAdam(1e-2);
    await back.setState((await stock.state())!, nets[0].variables);
    expect((await back.state())!.moments).toEqual((await stock.state())!.moments);
    expect(() => back.checkState({ iterations: 1, moments: [[1]] }, nets[0].variables)).toThrow('moments');
    [flat, stock, back].forEach((o) => o.dispose());
    nets.forEach((n) => n.dispose());
    x.dispose();
  });
});
