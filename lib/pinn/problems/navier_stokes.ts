import * as tf from '@tensorflow/tfjs';

/** The terms {@link steadyNavierStokes} reads, for a problem's `terms`. */
export const NAVIER_STOKES_TERMS = ['u', 'v', 'u_x', 'u_y', 'v_x', 'v_y', 'p_x', 'p_y', 'u_xx', 'u_yy', 'v_xx', 'v_yy'];

/** The residuals' names, in the order {@link steadyNavierStokes} returns them. */
export const NAVIER_STOKES_RESIDUALS = ['momentum-x', 'momentum-y', 'continuity'];

/**
 * Steady incompressible Navier-Stokes in two dimensions, in (u, v, p) with
 * viscosity nu (1/Re): the two momentum residuals and continuity, [N,1] each.
 *
 * @example
 * residual: (d) => steadyNavierStokes(d, 1 / 20), // kovasznay
 * terms: NAVIER_STOKES_TERMS,
 */
export function steadyNavierStokes(d: Record<string, tf.Tensor2D>, nu: number): tf.Tensor2D[] {
  return [
    tf.sub(tf.add(tf.add(tf.mul(d.u, d.u_x), tf.mul(d.v, d.u_y)), d.p_x), tf.mul(tf.add(d.u_xx, d.u_yy), nu)) as tf.Tensor2D,
    tf.sub(tf.add(tf.add(tf.mul(d.u, d.v_x), tf.mul(d.v, d.v_y)), d.p_y), tf.mul(tf.add(d.v_xx, d.v_yy), nu)) as tf.Tensor2D,
    tf.add(d.u_x, d.v_y) as tf.Tensor2D,
  ];
}
