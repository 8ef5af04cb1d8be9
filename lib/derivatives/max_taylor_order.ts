/**
 * The highest order Taylor mode (`taylor`, and `partials` of a library model) computes; beyond it float32
 * coefficients are noise. It lives here, under the taylor layer, because `partials` enforces it too.
 *
 * @example
 * taylor(net, { x, t }, 'x', MAX_TAYLOR_ORDER); // u and 12 derivatives along x
 * taylor(net, { x, t }, 'x', MAX_TAYLOR_ORDER + 1); // throws, naming 'order'
 */
export const MAX_TAYLOR_ORDER = 12;
