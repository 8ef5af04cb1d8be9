/** Switch for measuring the tf-op path against the fused kernel in one process (bench only). */
export const fusedJetSwitch = { enabled: true };

/** Switch for measuring the JavaScript loops (activation, bias, weight gradient) against the WebAssembly SIMD ones (bench and specs only). */
export const simdSwitch = { enabled: true };
