// Every kernel the library registers under a name of its own, in one list (as tfjs-core's kernel_names.ts):
// a name is global to a copy of tfjs-core, so two files must never pick the same one by accident.

// The fused Taylor-mode pass of an MLP (lib/taylor/fused).
/**
 * The forward kernel: [x0, x1, ... (the inputs as column blocks [N,w_j]), W0, b0, W1, b1, ..., scratch?] to one
 * [N,·] tensor per request. Its gradient saves every input, so that a gradient recorded for a higher
 * derivative can be built from them.
 */
export const JET_FORWARD = 'TfjsPinnMlpJet';
/**
 * The same pass when its gradient will run unrecorded (a training step): [scratch, x0, ..., W0, b0, ...]. Its gradient
 * saves the scratch tensor alone, which holds everything the backward kernel reads (the points, the weights,
 * each layer's z and h): the engine clones every saved tensor with a kernel and a tape node of its own, 13 of
 * them per step for the default Burgers network otherwise.
 */
export const JET_FORWARD_ONCE = 'TfjsPinnMlpJetOnce';
/** Their gradient: [scratch, dy per request] to [dx0, dx1, ..., dW0, db0, ...]. */
export const JET_BACKWARD = 'TfjsPinnMlpJetGrad';

// A matMul whose gradient avoids the transposed products wasm runs slowly (lib/taylor/mat_mul.ts).
/** A kernel name of our own, so that only the jet pass gets the gradient below. */
export const JET_MAT_MUL = 'TfjsPinnJetMatMul';

// The affine output transform's Leibniz terms (lib/pinn/loss/leibniz_kernel.ts).
/** Forward kernel: [N terms..., scale terms..., value terms...] ([n,1] each) to the u terms. */
export const LEIBNIZ = 'TfjsPinnLeibniz';
/** Its gradient: [the forward's inputs..., du per u term] to one gradient per input. */
export const LEIBNIZ_GRAD = 'TfjsPinnLeibnizGrad';
/**
 * The forward kernel when its gradient will run unrecorded (a training step): [scratch, inputs...], where it
 * also copies the N and scale terms into the scratch tensor, the one input its gradient saves (the engine
 * clones every saved tensor with a kernel and a tape node of its own: 12 of them per Burgers step otherwise).
 */
export const LEIBNIZ_ONCE = 'TfjsPinnLeibnizOnce';
/** Its gradient: [scratch, du per u term] to one gradient per input of the forward (the scratch's first). */
export const LEIBNIZ_ONCE_GRAD = 'TfjsPinnLeibnizOnceGrad';

