import seedrandom from 'seedrandom';

/** How fresh weights are drawn. */
export type InitName = 'glorot' | 'torch';

/**
 * Initial PyTorch-layout weights for layer sizes [in, ..., out].
 *
 * 'glorot': Glorot (Xavier) uniform weights, zero biases, the usual PINN
 * choice for tanh networks. 'torch': nn.Linear's default, weights and biases
 * uniform in +-1/sqrt(fan_in). Seeded draws are the same on every backend.
 */
export function initialLayers(sizes: number[], init: InitName, seed: number | undefined) {
  const rand = seed === undefined ? seedrandom() : seedrandom(String(seed));
  const uniform = (limit: number) => (2 * rand() - 1) * limit;
  return sizes.slice(1).map((out, i) => {
    const inp = sizes[i];
    const wLimit = init === 'glorot' ? Math.sqrt(6 / (inp + out)) : 1 / Math.sqrt(inp);
    const weight = Array.from({ length: out }, () => Array.from({ length: inp }, () => uniform(wLimit)));
    const bias = Array.from({ length: out }, () => (init === 'glorot' ? 0 : uniform(1 / Math.sqrt(inp))));
    return { weight, bias };
  });
}
