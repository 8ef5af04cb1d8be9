/**
 * Joe and Kuo's primitive polynomials and initial direction numbers
 * (new-joe-kuo-6.21201) for dimensions 2..10: [degree s, coefficients a, m_1..m_s].
 * Dimension 1 is the van der Corput sequence in base 2.
 */
const JOE_KUO: [number, number, number[]][] = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
];

/**
 * Most dimensions {@link sobolPoint} supports.
 *
 * @example
 * sobolPoint(0, SOBOL_MAX_DIM); // ten zeros
 * sobolPoint(0, SOBOL_MAX_DIM + 1); // throws
 */
export const SOBOL_MAX_DIM = JOE_KUO.length + 1;

const BITS = 32;

function directions(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let k = 0; k < BITS; k++) v[k] = (1 << (BITS - 1 - k)) >>> 0;
    return v;
  }
  const [s, a, m0] = JOE_KUO[dim - 1];
  const m = [...m0];
  for (let k = s; k < BITS; k++) {
    let mk = m[k - s] ^ (m[k - s] << s);
    for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) mk ^= m[k - j] << j;
    m.push(mk);
  }
  for (let k = 0; k < BITS; k++) v[k] = (m[k] << (BITS - 1 - k)) >>> 0;
  return v;
}

const TABLE: Uint32Array[] = Array.from({ length: SOBOL_MAX_DIM }, (_, d) => directions(d));

/**
 * The index-th point of the unscrambled Sobol sequence in [0,1)^dims, in
 * Gray-code order (the order of PyTorch's SobolEngine and of Joe and Kuo),
 * optionally XOR-shifted by one random 32-bit word per dimension (a digital
 * shift keeps the net structure). Stateless: resuming needs only the index.
 *
 * @example
 * sobolPoint(1, 2); // [0.5, 0.5]
 * sobolPoint(2, 2); // [0.75, 0.25]
 */
export function sobolPoint(index: number, dims: number, shift?: readonly number[]): number[] {
  if (!Number.isInteger(dims) || dims < 1 || dims > SOBOL_MAX_DIM) {
    throw new Error(`Argument 'dims' passed to 'sobolPoint' must be an integer in 1..${SOBOL_MAX_DIM}, but got ${dims}.`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** BITS) {
    throw new Error(`Argument 'index' passed to 'sobolPoint' must be an integer in [0, 2^32), but got ${index}.`);
  }
  const gray = (index ^ Math.floor(index / 2)) >>> 0;
  const out: number[] = [];
  for (let d = 0; d < dims; d++) {
    let x = shift ? shift[d] >>> 0 : 0;
    const v = TABLE[d];
    for (let k = 0, g = gray; g !== 0; k++, g >>>= 1) if (g & 1) x = (x ^ v[k]) >>> 0;
    out.push(x / 4294967296);
  }
  return out;
}
