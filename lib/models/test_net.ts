import { InitName } from './init.js';
import { MLP } from './mlp.js';
import { TorchLayer, checkTorchLayers } from './torch_layers.js';

/**
 * The reference study's network: Linear(2,5) -> sigmoid -> Linear(5,1), u(x, t).
 * Unlike the study's plain Python list of layers, its weights are real
 * trainable variables.
 *
 * @example
 * const net = new TestNet({ seed: 0 });
 * const u = net.forward(x, t); // [N,1]
 */
export class TestNet extends MLP {
  constructor(options: { seed?: number; init?: InitName } = {}, layers?: TorchLayer[]) {
    super({ sizes: [2, 5, 1], activation: 'sigmoid', init: options.init ?? 'torch', seed: options.seed, inputs: ['x', 't'] }, layers);
  }

  /**
   * A TestNet holding PyTorch-layout weights of sizes [2, 5, 1].
   *
   * @example
   * const net = TestNet.fromLayers(golden.layers);
   * net.forward(x, t);
   */
  static override fromLayers(layers: TorchLayer[]): TestNet {
    const sizes = checkTorchLayers(layers, 'TestNet.fromLayers');
    if (sizes.join(',') !== '2,5,1') {
      throw new Error(`Argument 'layers' passed to 'TestNet.fromLayers' must have sizes [2, 5, 1], but has [${sizes.join(', ')}].`);
    }
    return new TestNet({}, layers);
  }

}
