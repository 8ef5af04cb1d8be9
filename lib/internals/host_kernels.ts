/**
 * Host kernels: a BLAS `sgemm` over Float32Arrays (which may be views of the wasm backend's heap) for the fused
 * jet kernel and, optionally, the activation's Taylor loops run from an encoded program and L-BFGS's two-loop
 * recursion. Node's entry installs them (`useOpenBlas` in tfjs-pinn/node: the system's OpenBLAS and C loops,
 * through a small native addon); without them the kernels use the backend's BatchMatMul (XNNPACK on wasm) and
 * their WebAssembly or JavaScript loops. This lives here, below the kernels, so that the kernels never import the Node layer.
 */
export interface HostKernels {
  /**
   * c[m,n] = op(a) op(b) + beta c, row-major, op(a) [m,k] and op(b) [k,n]; op transposes when asked
   * (then a is stored [k,m], b [n,k]).
   */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, beta: number): void;
  /**
   * The activation's Taylor rule forward over nw elements per coefficient: h[k*nw + i] from z likewise.
   * `code` and `constants` encode the program (lib/taylor/fused/host_program.ts).
   */
  jetForward?(code: Int32Array, constants: Float32Array, z: Float32Array, h: Float32Array, nw: number): void;
  /** Its adjoint: dz from z and dh, recomputing the forward per element. */
  jetBackward?(code: Int32Array, constants: Float32Array, z: Float32Array, dh: Float32Array, dz: Float32Array, nw: number): void;
  /**
   * L-BFGS's two-loop recursion in place: q (-g on entry) becomes H q, H the estimate of the k pairs
   * (steps[i], dirs[i]), ro[i] = 1 / dirs[i]ᵀsteps[i], H0 = hDiag I.
   */
  twoLoop?(q: Float64Array, steps: Float64Array[], dirs: Float64Array[], ro: Float64Array, hDiag: number): void;
  /** What they are, for reports: library, version, kernels, threads. */
  describe(): string;
}

let current: HostKernels | null = null;

/** Installs (or, with null, removes) the host kernels the fused jet kernel and L-BFGS use from their next call on. */
export function setHostKernels(kernels: HostKernels | null): void {
  current = kernels;
}

/** The installed host kernels, or null. */
export function hostKernels(): HostKernels | null {
  return current;
}
