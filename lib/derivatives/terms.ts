/** A parsed derivative term such as 'u_xt': output column and differentiation chain. */
export interface Term {
  /** The term as the caller wrote it. */
  readonly name: string;
  /** Index of the output column, in `outputs`. */
  readonly output: number;
  /**
   * Indices of the inputs to differentiate by, sorted by input order: mixed
   * partials of a smooth network are symmetric, so 'u_tx' and 'u_xt' share
   * one chain and are computed once.
   */
  readonly chain: readonly number[];
}

/**
 * Parses 'u', 'u_x', 'u_xt', 'v_yy', ...: an output name, then after an
 * underscore one character per input, in differentiation order.
 */
export function parseTerm(term: unknown, inputs: readonly string[], outputs: readonly string[], fn: string): Term {
  if (typeof term !== 'string' || term.length === 0) {
    throw new Error(`Each term passed to '${fn}' must be a non-empty string like 'u_xx', but got ${JSON.stringify(term)}.`);
  }
  const cut = term.lastIndexOf('_');
  const outName = cut < 0 ? term : term.slice(0, cut);
  const vars = cut < 0 ? '' : term.slice(cut + 1);
  const output = outputs.indexOf(outName);
  if (output < 0) {
    const hint = cut < 0 ? missingUnderscore(term, inputs, outputs) : undefined;
    throw new Error(`Term '${term}' passed to '${fn}' names output '${outName}', but the outputs are [${outputs.join(', ')}] (set options.outputs to name them).${hint === undefined ? '' : ` Did you mean '${hint}'?`}`);
  }
  if (cut >= 0 && vars.length === 0) {
    throw new Error(`Term '${term}' passed to '${fn}' has nothing after '_': write '${outName}' for the value or e.g. '${outName}_${inputs[0]}'.`);
  }
  const chain = [...vars].map((v) => {
    const i = inputs.indexOf(v);
    if (i < 0) {
      throw new Error(`Term '${term}' passed to '${fn}' differentiates by '${v}', but the inputs are [${inputs.join(', ')}].`);
    }
    return i;
  });
  return { name: term, output, chain: chain.sort((a, b) => a - b) };
}

/** 'uxt' read as output 'u' then inputs 'xt', when that parses: the likely meant 'u_xt'. */
function missingUnderscore(term: string, inputs: readonly string[], outputs: readonly string[]): string | undefined {
  const out = outputs.find((o) => term.startsWith(o) && term.length > o.length && [...term.slice(o.length)].every((v) => inputs.includes(v)));
  return out === undefined ? undefined : `${out}_${term.slice(out.length)}`;
}

/** A key for a node of the derivative tree: output and chain. */
export function nodeKey(output: number, chain: readonly number[]): string {
  return `${output}:${chain.join(',')}`;
}
