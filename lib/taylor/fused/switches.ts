/** Switch for measuring the tf-op path against the fused kernel in one process (bench only). */
export const fusedJetSwitch = { enabled: true };

/** Switch for measuring the JavaScript loops (activation, bias, weight gradient) against the WebAssembly SIMD ones (bench and specs only). */
export const simdSwitch = { enabled: true };

/** Switch for measuring the fused layer loops (product, bias and activation in one sweep) against the backend's product and the separate loops (bench and specs only). */
export const layerSwitch = { enabled: true };
