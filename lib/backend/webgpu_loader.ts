import * as tf from '@tensorflow/tfjs';

import { registerAccurateWebGPUTrig, useWebGPUUtil } from './webgpu_trig.js';

// Browser-only. The webgpu backend is some 280 kB minified, a fifth of the standalone bundle, and most
// pages never start it (headless Chromium's fallback adapter is skipped by initBackend's own choice),
// so it is imported only when asked for: the standalone bundle maps this import to
// ./tfjs-pinn.webgpu.js beside it (scripts/build_browser.ts); a bundler splits it off or inlines it.

let loading: Promise<void> | undefined;

/**
 * Loads and registers tfjs's webgpu backend (once), with the library's float32-accurate Sin and Cos
 * kernels. `initBackend('webgpu')` calls it; call it yourself before a plain `tf.setBackend('webgpu')`.
 * A failed load is not remembered, so a later call tries again.
 *
 * @example
 * await loadWebGPU();
 * await tf.setBackend('webgpu');
 */
export function loadWebGPU(): Promise<void> {
  loading ??= import('@tensorflow/tfjs-backend-webgpu').then(
    (module) => {
      useWebGPUUtil(module.webgpu_util);
      registerAccurateWebGPUTrig();
      if (tf.findBackendFactory('webgpu') == null) throw new Error('the webgpu module loaded but registered no backend with this copy of tfjs');
    },
    (error: Error) => {
      loading = undefined;
      throw new Error(`the webgpu backend's module could not be loaded (${error?.message ?? error})`);
    },
  );
  return loading;
}
