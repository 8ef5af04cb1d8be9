import * as tf from '@tensorflow/tfjs';

/**
 * The input columns of a model's forward call, in the model's order: `forward(x, t)` ([N,1] each),
 * `forward(matrix)` ([N, in]) or `forward({ x, t })` (named by `inputNames`); `fn` names the call in messages.
 *
 * @example
 * forwardColumns([{ x, t }], ['x', 't'], 2, 'MLP.forward'); // [x, t]
 */
export function forwardColumns(args: tf.Tensor[] | [Record<string, tf.Tensor>], inputNames: readonly string[], inWidth: number, fn: string): tf.Tensor[] {
  if (args.length === 1 && !(args[0] instanceof tf.Tensor)) {
    const record = args[0] as Record<string, tf.Tensor>;
    if (record == null || typeof record !== 'object') {
      throw new Error(`'${fn}' takes tensors or a record {${inputNames.join(', ')}}, but got ${String(record)}.`);
    }
    const extra = Object.keys(record).filter((k) => !inputNames.includes(k));
    if (extra.length > 0) {
      throw new Error(`'${fn}' got inputs [${extra.join(', ')}] it does not take; its inputs are [${inputNames.join(', ')}].`);
    }
    args = inputNames.map((name) => {
      if (!(record[name] instanceof tf.Tensor)) {
        throw new Error(`'${fn}' needs input '${name}' ([N,1]); the record has [${Object.keys(record).join(', ')}].`);
      }
      return record[name];
    });
  }
  const cols = args as tf.Tensor[];
  const width = cols.reduce((s, c) => s + (c instanceof tf.Tensor && c.rank === 2 ? (c.shape[1] as number) : NaN), 0);
  const n = cols[0]?.shape[0];
  if (cols.length === 0 || width !== inWidth || cols.some((c) => c.shape[0] !== n)) {
    const got = cols.map((c) => (c instanceof tf.Tensor ? `[${c.shape}]` : String(c))).join(', ');
    throw new Error(`'${fn}' needs ${inWidth} input columns of N rows ([N,1] each or one [N,${inWidth}]), but got ${got || 'nothing'}.`);
  }
  return cols;
}
