/**
 * The candidate closest to `name` by edit distance (case-insensitive), or
 * undefined when none is close enough to be a likely typo.
 *
 * @example
 * nearestName('chunksize', ['chunkSize', 'seed']); // 'chunkSize'
 * nearestName('zzz', ['steps']); // undefined
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Throws when `value` has a key outside `allowed`, naming the key, where it was
 * given, and the nearest valid key; `where` is the option path as the caller
 * writes it (e.g. "options.sampling" passed to 'Trainer').
 *
 * @example
 * checkKeys({ steps: 3 }, ['adam', 'lbfgs'], "options passed to 'Trainer'");
 * // throws: Unknown key 'steps' in options passed to 'Trainer'; valid keys: adam, lbfgs. ...
 */
export function checkKeys(value: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const near = nearestName(key, allowed);
    const hint = near === undefined ? '' : ` Did you mean '${near}'?`;
    throw new Error(`Unknown key '${key}' in ${where}; valid keys: ${allowed.join(', ')}.${hint}`);
  }
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
