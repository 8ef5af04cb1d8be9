// What `@tensorflow/tfjs` resolves to inside the standalone bundle (esbuild
// alias in build_browser.ts): tfjs-core with its gradients and chained ops,
// and the cpu and webgl backends, as the full package exports them, but
// without tfjs-layers, -converter and -data, which the library never uses.
// The wasm and webgpu backends come in through lib/backend/browser.ts.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-backend-webgl';
