// A consumer app as a bundler sees it: it imports 'tfjs-pinn' (resolved through the
// package's 'browser' export condition to dist/browser/tfjs-pinn.js) and its own tfjs.
import * as tf from '@tensorflow/tfjs';
import { MLP, initBackend, partials } from 'tfjs-pinn';

/** The golden case's partials on `backend`, as plain arrays per golden key. */
export async function goldenPartials(golden, backend, wasmPaths) {
  const choice = await initBackend(backend, { log: false, wasmPaths });
  const n = golden.x.length;
  const net = MLP.fromLayers(golden.layers, golden.activation);
  const x = tf.tensor2d(golden.x, [n, 1]);
  const t = tf.tensor2d(golden.t, [n, 1]);
  const keys = Object.keys(golden.partials);
  const terms = keys.map((key) => (key === 'u' ? 'u' : `u_${key}`));
  const d = partials(net, { x, t }, terms);
  const values = {};
  for (let i = 0; i < keys.length; i++) values[keys[i]] = Array.from(await d[terms[i]].data());
  tf.dispose([...Object.values(d), x, t]);
  net.dispose();
  return { backend: choice.name, values };
}
