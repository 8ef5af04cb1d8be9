/** Switch for measuring the tf-op path against the fused kernel in one process (bench only). */
export const fusedJetSwitch = { enabled: true };

/** Switch for measuring the JavaScript loops (activation, bias, weight gradient) against the WebAssembly SIMD ones (bench and specs only). */
export const simdSwitch = { enabled: true };

/**
 * The fused layer loops (product, bias and activation in one WebAssembly sweep) against the backend's product and
 * the separate loops: 'auto' uses them only where the engine compiles relaxed SIMD's fused multiply-add (Chrome
 * 114+, Node 22+). With plain SIMD (Node 20) they did not pay: in one process, alternating, 10 x 100 Adam steps,
 * the beam step (N = 500) took 4% longer with them, the Burgers step 2% longer at N = 500 and 1% shorter at 2,000.
 * true and false force them on or off (bench and specs).
 */
export const layerSwitch: { enabled: boolean | 'auto' } = { enabled: 'auto' };
