// Derivatives without training: partials of a plain function and Taylor-mode derivatives of a network,
// both against closed forms computed in float64.
//   1. u(x, y) = sin(x) e^(2y), a function of named columns: partials takes nested reverse mode.
//   2. A one-hidden-layer sine network u = sum_j a_j sin(w_j . (x, t) + b_j) + c: its derivatives are
//      sum_j a_j wx_j^m wt_j^n sin(z_j + (m + n) pi / 2), written from its own weights; partials takes
//      Taylor mode for a library MLP, and taylor() gives every order along x in one pass.
// Prints the largest relative L2 error over all terms. No training, so --quick changes nothing.
//   npm run examples -- derivatives
import * as tf from '@tensorflow/tfjs';
import { MLP, initBackend, partials, taylor } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = 1e-5; // float32 arithmetic (measured about 2e-7); the same in quick mode, where nothing is trained either

await initBackend(undefined, { log: false });

const N = 2000;
const xs = Float64Array.from({ length: N }, (_, i) => -2 + (4 * i) / (N - 1));
const ys = Float64Array.from({ length: N }, (_, i) => Math.cos(7 * i)); // scattered in [-1, 1]
const column = (v: Float64Array) => tf.tensor2d(Float32Array.from(v), [N, 1]);

const relL2 = (got: tf.Tensor, want: Float64Array) => {
  const g = got.dataSync();
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num += (g[i] - want[i]) ** 2;
    den += want[i] ** 2;
  }
  return Math.sqrt(num / den);
};
const errors: Record<string, number> = {};

// 1. A function of a record of [N,1] columns.
{
  const x = column(xs);
  const y = column(ys);
  const u = ({ x, y }: Record<string, tf.Tensor2D>) => tf.sin(x).mul(tf.exp(y.mul(2))) as tf.Tensor2D;
  const d = partials(u, { x, y }, ['u_x', 'u_xx', 'u_xy', 'u_yyy']);
  const at = (f: (x: number, y: number) => number) => Float64Array.from(xs, (xi, i) => f(xi, ys[i]));
  const e2y = (y: number) => Math.exp(2 * y);
  errors['function u_x'] = relL2(d.u_x, at((x, y) => Math.cos(x) * e2y(y)));
  errors['function u_xx'] = relL2(d.u_xx, at((x, y) => -Math.sin(x) * e2y(y)));
  errors['function u_xy'] = relL2(d.u_xy, at((x, y) => 2 * Math.cos(x) * e2y(y)));
  errors['function u_yyy'] = relL2(d.u_yyy, at((x, y) => 8 * Math.sin(x) * e2y(y)));
  tf.dispose([x, y, ...Object.values(d)]);
}

// 2. A sine network and its closed-form derivatives.
{
  const net = new MLP({ sizes: [2, 16, 1], activation: 'sin', seed: 3, inputs: ['x', 't'] });
  const [hidden, out] = net.toLayers();
  const closed = (m: number, n: number) =>
    Float64Array.from(xs, (x, i) => {
      const t = ys[i];
      let s = m + n === 0 ? out.bias[0] : 0;
      hidden.weight.forEach(([wx, wt], j) => {
        s += out.weight[0][j] * wx ** m * wt ** n * Math.sin(wx * x + wt * t + hidden.bias[j] + ((m + n) * Math.PI) / 2);
      });
      return s;
    });
  const x = column(xs);
  const t = column(ys);
  const d = partials(net, { x, t }, ['u', 'u_xt', 'u_xxt', 'u_xxxx', 'u_tttttt']);
  errors['network u'] = relL2(d.u, closed(0, 0));
  errors['network u_xt'] = relL2(d.u_xt, closed(1, 1));
  errors['network u_xxt'] = relL2(d.u_xxt, closed(2, 1));
  errors['network u_xxxx'] = relL2(d.u_xxxx, closed(4, 0));
  errors['network u_tttttt'] = relL2(d.u_tttttt, closed(0, 6));
  const series = taylor(net, { x, t }, 'x', 8); // [u, u_x, ..., u_xxxxxxxx]
  series.forEach((s, k) => (errors[`taylor order ${k}`] = relL2(s, closed(k, 0))));
  tf.dispose([x, t, ...Object.values(d), ...series]);
  net.dispose();
}

const [worst, error] = Object.entries(errors).reduce((a, b) => (b[1] > a[1] ? b : a));
console.log(`derivatives: largest relative L2 error (${worst}) ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''})`);
if (!(error <= threshold)) process.exitCode = 1;
