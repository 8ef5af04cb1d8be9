import { InitName } from './init.js';
import { MLP } from './mlp.js';
import { MLPOptions, TEST_NET_KEYS, checkInit, checkOptionKeys, checkSeed } from './mlp_options.js';
import { TorchLayer, checkTorchLayers } from './torch_layers.js';

/** Options of {@link TestNet}: its layout is fixed, only the initial weights vary. */
export interface TestNetOptions {
  /** Seed for reproducible initial weights, a safe integer. @default random */
  seed?: number;
  /** Weight initialisation. @default 'torch' (the study's nn.Linear default) */
  init?: InitName;
}

function testNetOptions(options: TestNetOptions): MLPOptions {
  checkOptionKeys(options, TEST_NET_KEYS, 'TestNet');
  checkSeed(options.seed, 'TestNet');
  checkInit(options.init, 'TestNet');
  return { sizes: [2, 5, 1], activation: 'sigmoid', init: options.init ?? 'torch', seed: options.seed, inputs: ['x', 't'] };
}

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
  constructor(options: TestNetOptions = {}, layers?: TorchLayer[]) {
    super(testNetOptions(options), layers);
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
