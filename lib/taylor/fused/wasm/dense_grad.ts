import { F32, FunctionCode, I32, OP, SIMD, V128, encodeModule, sleb, uleb } from './encoder.js';

const simd = (op: number) => [0xfd, ...uleb(op)];
const get = (slot: number) => [OP.localGet, ...uleb(slot)];
const set = (slot: number) => [OP.localSet, ...uleb(slot)];
const i32 = (v: number) => [OP.i32Const, ...sleb(v)];
const MEM = (offset: number) => [2, ...uleb(offset)];
const vload = (offset: number) => [...simd(SIMD.load), ...MEM(offset)];
const vstore = (offset: number) => [...simd(SIMD.store), ...MEM(offset)];
const fload = (offset: number) => [OP.f32Load, ...MEM(offset)];
const fstore = (offset: number) => [OP.f32Store, ...MEM(offset)];
const VZERO = [...simd(SIMD.const), ...Array(16).fill(0)];
const F32X4_SPLAT = 0x13;

/** `while (counter < limit) { body; pointers += strides; counter++ }`, with counter starting at 0. */
function rowLoop(counter: number, limit: number, body: number[], strides: [number, number][]): number[] {
  return [
    ...i32(0), ...set(counter),
    OP.block, 0x40, OP.loop, 0x40,
    ...get(counter), ...get(limit), OP.i32GeS, OP.brIf, 1,
    ...body,
    ...strides.flatMap(([slot, bytes]) => [...get(slot), ...i32(bytes), OP.i32Add, ...set(slot)]),
    ...get(counter), ...i32(1), OP.i32Add, ...set(counter),
    OP.br, 0,
    OP.end, OP.end,
  ];
}

/**
 * weightGrad(h, dz, dw, db, rows, n): dw = hᵀ dz over `rows` rows (h [rows,wIn],
 * dz [rows,wOut], dw [wIn,wOut], all row-major) and db = the column sums of
 * dz's first n rows (the bias enters coefficient 0 only). Pointers in bytes.
 * The accumulators of two rows of dw stay in registers while dz streams past,
 * which XNNPACK's matrix product cannot do for this long, thin shape.
 */
function weightGrad(wIn: number, wOut: number): FunctionCode {
  const V = Math.floor(wOut / 4);
  const T = wOut % 4;
  const B = V <= 6 ? 2 : 1;
  // params: 0 h, 1 dz, 2 dw, 3 db, 4 rows, 5 n; i32 locals: 6 r, 7 ph, 8 pdz; v128: acc B*V, splat B; f32: acc B*T, scalar B.
  const [r, ph, pdz] = [6, 7, 8];
  const vAcc = (b: number, v: number) => 9 + b * V + v;
  const vH = (b: number) => 9 + B * V + b;
  const fBase = 9 + B * V + B;
  const fAcc = (b: number, t: number) => fBase + b * T + t;
  const fH = (b: number) => fBase + B * T + b;
  const body: number[] = [];
  for (let i0 = 0; i0 < wIn; i0 += B) {
    const bs = Array.from({ length: Math.min(B, wIn - i0) }, (_, b) => b);
    for (const b of bs) {
      for (let v = 0; v < V; v++) body.push(...VZERO, ...set(vAcc(b, v)));
      for (let t = 0; t < T; t++) body.push(OP.f32Const, 0, 0, 0, 0, ...set(fAcc(b, t)));
    }
    const row: number[] = [];
    for (const b of bs) {
      row.push(...get(ph), ...fload(4 * (i0 + b)), ...set(fH(b)));
      if (V > 0) row.push(...get(fH(b)), ...simd(F32X4_SPLAT), ...set(vH(b)));
    }
    for (let v = 0; v < V; v++) {
      for (const b of bs) row.push(...get(vAcc(b, v)), ...get(vH(b)), ...get(pdz), ...vload(16 * v), ...simd(SIMD.f32x4Mul), ...simd(SIMD.f32x4Add), ...set(vAcc(b, v)));
    }
    for (let t = 0; t < T; t++) {
      for (const b of bs) row.push(...get(fAcc(b, t)), ...get(fH(b)), ...get(pdz), ...fload(4 * (4 * V + t)), OP.f32Mul, OP.f32Add, ...set(fAcc(b, t)));
    }
    body.push(...get(0), ...set(ph), ...get(1), ...set(pdz));
    body.push(...rowLoop(r, 4, row, [[ph, 4 * wIn], [pdz, 4 * wOut]]));
    for (const b of bs) {
      for (let v = 0; v < V; v++) body.push(...get(2), ...get(vAcc(b, v)), ...vstore(4 * ((i0 + b) * wOut + 4 * v)));
      for (let t = 0; t < T; t++) body.push(...get(2), ...get(fAcc(b, t)), ...fstore(4 * ((i0 + b) * wOut + 4 * V + t)));
    }
  }
  // db: the same streaming sum with h = 1, over the first n rows.
  for (let v = 0; v < V; v++) body.push(...VZERO, ...set(vAcc(0, v)));
  for (let t = 0; t < T; t++) body.push(OP.f32Const, 0, 0, 0, 0, ...set(fAcc(0, t)));
  const sumRow: number[] = [];
  for (let v = 0; v < V; v++) sumRow.push(...get(vAcc(0, v)), ...get(pdz), ...vload(16 * v), ...simd(SIMD.f32x4Add), ...set(vAcc(0, v)));
  for (let t = 0; t < T; t++) sumRow.push(...get(fAcc(0, t)), ...get(pdz), ...fload(4 * (4 * V + t)), OP.f32Add, ...set(fAcc(0, t)));
  body.push(...get(1), ...set(pdz), ...rowLoop(r, 5, sumRow, [[pdz, 4 * wOut]]));
  for (let v = 0; v < V; v++) body.push(...get(3), ...get(vAcc(0, v)), ...vstore(16 * v));
  for (let t = 0; t < T; t++) body.push(...get(3), ...get(fAcc(0, t)), ...fstore(4 * (4 * V + t)));
  return {
    name: 'weightGrad',
    params: 6,
    locals: [
      { type: I32, count: 3 },
      { type: V128, count: B * V + B },
      { type: F32, count: B * T + B },
    ],
    body,
  };
}

/** addBias(z, b, n): z[r, :] += b for the first n rows of z [·,w]. */
function addBias(w: number): FunctionCode {
  const V = Math.floor(w / 4);
  const T = w % 4;
  // params: 0 z, 1 b, 2 n; i32: 3 r, 4 pz; v128: bias V; f32: bias T.
  const [r, pz] = [3, 4];
  const vb = (v: number) => 5 + v;
  const fb = (t: number) => 5 + V + t;
  const body: number[] = [];
  for (let v = 0; v < V; v++) body.push(...get(1), ...vload(16 * v), ...set(vb(v)));
  for (let t = 0; t < T; t++) body.push(...get(1), ...fload(4 * (4 * V + t)), ...set(fb(t)));
  const row: number[] = [];
  for (let v = 0; v < V; v++) row.push(...get(pz), ...get(pz), ...vload(16 * v), ...get(vb(v)), ...simd(SIMD.f32x4Add), ...vstore(16 * v));
  for (let t = 0; t < T; t++) row.push(...get(pz), ...get(pz), ...fload(4 * (4 * V + t)), ...get(fb(t)), OP.f32Add, ...fstore(4 * (4 * V + t)));
  body.push(...get(0), ...set(pz), ...rowLoop(r, 2, row, [[pz, 4 * w]]));
  return {
    name: 'addBias',
    params: 3,
    locals: [
      { type: I32, count: 2 },
      { type: V128, count: V },
      { type: F32, count: T },
    ],
    body,
  };
}

/**
 * The dense layer's bias and weight-gradient loops for one shape [wIn, wOut],
 * unrolled over the columns: `weightGrad(h, dz, dw, db, rows, n)` and
 * `addBias(z, b, n)` (z of width wOut), pointers in bytes into the imported memory.
 */
export function denseModule(wIn: number, wOut: number): Uint8Array<ArrayBuffer> {
  return encodeModule([weightGrad(wIn, wOut), addBias(wOut)]);
}
