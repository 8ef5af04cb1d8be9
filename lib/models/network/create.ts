import { MLP } from '../mlp.js';
import { Network } from './network.js';
import { CheckedNetworkOptions, isPlainMLP } from './options.js';

/** A trainable PINN network: the plain {@link MLP}, or a {@link Network} (embedding, gated trunks, factorised weights). */
export type PinnNet = MLP | Network;

/**
 * The network checked options describe (`ranges`: the inputs' ranges, which `normalize` needs): the library's plain MLP when they ask for nothing more (its
 * weights, checkpoints and fused Taylor kernel are those of earlier versions), else a {@link Network}.
 *
 * @example
 * createNetwork(checkNetworkOptions({ hidden: [20, 20] }), ['x', 't'], 1); // an MLP
 * createNetwork(checkNetworkOptions({ architecture: 'modified' }), ['x', 't'], 1); // a Network
 */
export function createNetwork(options: CheckedNetworkOptions, inputs: readonly string[], outputs: number, ranges?: Record<string, readonly [number, number]>): PinnNet {
  if (isPlainMLP(options)) return new MLP({ sizes: [inputs.length, ...options.hidden, outputs], activation: options.activation, seed: options.seed, inputs: [...inputs] });
  return new Network(options, { inputs, outputs, ranges });
}

/** Layer widths [in, hidden..., out] of either kind of network (for messages and checkpoints). */
export function networkSizes(net: PinnNet): number[] {
  return net instanceof MLP ? [...net.sizes] : [net.inputNames.length, ...net.options.hidden, net.outputWidth];
}
