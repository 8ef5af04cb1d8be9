/**
 * One linear layer in PyTorch's layout: `weight` is [out][in], `bias` is [out],
 * as `nn.Linear.state_dict()` holds them (`.tolist()`).
 */
export interface TorchLayer {
  /** `weight[out][in]`, as `nn.Linear.weight`. */
  weight: number[][];
  /** `bias[out]`, as `nn.Linear.bias`. */
  bias: number[];
}

/** Checks a list of PyTorch-layout layers and returns the layer sizes [in, h1, ..., out]. */
export function checkTorchLayers(layers: unknown, fn: string): number[] {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new Error(`Argument 'layers' passed to '${fn}' must be a non-empty array of {weight: number[out][in], bias: number[out]}, but got ${JSON.stringify(layers)?.slice(0, 60)}.`);
  }
  const sizes: number[] = [];
  layers.forEach((layer: TorchLayer, i) => {
    const w = layer?.weight;
    const b = layer?.bias;
    if (!Array.isArray(w) || w.length === 0 || !Array.isArray(w[0]) || !Array.isArray(b)) {
      throw new Error(`layers[${i}] passed to '${fn}' must be {weight: number[out][in], bias: number[out]}.`);
    }
    const out = w.length;
    const inp = w[0].length;
    if (w.some((row) => !Array.isArray(row) || row.length !== inp || row.some((v) => !Number.isFinite(v)))) {
      throw new Error(`layers[${i}].weight passed to '${fn}' must be a rectangular [${out}][${inp}] array of finite numbers.`);
    }
    if (b.length !== out || b.some((v) => !Number.isFinite(v))) {
      throw new Error(`layers[${i}].bias passed to '${fn}' must hold ${out} finite numbers (one per output), but has ${b.length}.`);
    }
    if (i === 0) sizes.push(inp);
    else if (inp !== sizes[i]) {
      throw new Error(`layers[${i}].weight passed to '${fn}' takes ${inp} inputs, but layers[${i - 1}] gives ${sizes[i]} outputs.`);
    }
    sizes.push(out);
  });
  return sizes;
}

/** [out][in] to [in][out]: PyTorch computes x W^T, tfjs here computes x W. */
export function transpose(m: number[][]): number[][] {
  return m[0].map((_, j) => m.map((row) => row[j]));
}
