/**
 * A host BLAS for the custom kernels' dense products: `sgemm` over Float32Arrays, which may be views of the
 * wasm backend's heap. Node's entry installs one (`useOpenBlas` in tfjs-pinn/node, the system's OpenBLAS through a
 * small native addon); without one, the kernels use the backend's own BatchMatMul (XNNPACK on wasm). It lives
 * here, below the kernels, so that the kernels never import the Node layer that provides it.
 */
export interface HostGemm {
  /**
   * c[m,n] = op(a) op(b) + beta c, row-major, op(a) [m,k] and op(b) [k,n]; op transposes when asked
   * (then a is stored [k,m], b [n,k]).
   */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, beta: number): void;
  /** What it is, for reports: library, version, kernels, threads. */
  describe(): string;
}

let current: HostGemm | null = null;

/** Installs (or, with null, removes) the host BLAS the custom kernels use from their next call on. */
export function setHostGemm(gemm: HostGemm | null): void {
  current = gemm;
}

/** The installed host BLAS, or null. */
export function hostGemm(): HostGemm | null {
  return current;
}
