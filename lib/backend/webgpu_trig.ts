import * as tf from '@tensorflow/tfjs';
import type { webgpu_util as WebGPUUtil } from '@tensorflow/tfjs-backend-webgpu';

// Browser-only: registered by the webgpu loader (webgpu_loader.ts) once the backend's module is loaded,
// never by the Node entry. The backend is loaded only when asked for, so its helpers arrive at run time.

/** tfjs-backend-webgpu's dispatch helpers, handed over by {@link useWebGPUUtil} when the backend loads. */
let webgpuUtil: typeof WebGPUUtil | undefined;

/**
 * Hands over tfjs-backend-webgpu's `webgpu_util` (the kernels' dispatch helpers); the loader calls it
 * after importing the backend, before {@link registerAccurateWebGPUTrig}.
 *
 * @example
 * const m = await import('@tensorflow/tfjs-backend-webgpu');
 * useWebGPUUtil(m.webgpu_util); registerAccurateWebGPUTrig();
 */
export function useWebGPUUtil(util: typeof WebGPUUtil): void {
  webgpuUtil = util;
}

/**
 * sin and cos in float32 WGSL, the same algorithm as the webgl kernels
 * (lib/backend/webgl_trig.ts, after Cephes' sinf/cosf): Cody-Waite reduction
 * to [-pi/4, pi/4] by a multiple of pi/2 split in three parts, then a minimax
 * polynomial (~1 ulp). WGSL's sin/cos promise no accuracy for f32; SwiftShader's
 * are ~2e-4 off near |x| = 10. Names carry a `pinn` prefix: they share the
 * shader with tfjs's own helpers.
 */
const TRIG_WGSL = `
  const PINN_FOPI : f32 = 1.27323954473516;
  const PINN_DP1 : f32 = 0.78515625;
  const PINN_DP2 : f32 = 2.4187564849853515625e-4;
  const PINN_DP3 : f32 = 3.77489497744594108e-8;

  // r in [-pi/4, pi/4] and q = (j / 2) mod 4, the octant pair of |x|.
  struct PinnReduced { r : f32, q : f32 };

  fn pinnReduce(ax : f32) -> PinnReduced {
    var j = floor(ax * PINN_FOPI);
    j = j + (j % 2.0);
    let r = ((ax - j * PINN_DP1) - j * PINN_DP2) - j * PINN_DP3;
    return PinnReduced(r, (j % 8.0) * 0.5);
  }

  fn pinnSinPoly(r : f32) -> f32 {
    let z = r * r;
    return ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  }

  fn pinnCosPoly(r : f32) -> f32 {
    let z = r * r;
    return ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  }

  fn accurateSin(x : f32) -> f32 {
    let red = pinnReduce(abs(x));
    // q: 0 -> sin r, 1 -> cos r, 2 -> -sin r, 3 -> -cos r.
    let odd = red.q == 1.0 || red.q == 3.0;
    let v = select(pinnSinPoly(red.r), pinnCosPoly(red.r), odd);
    let s = select(1.0, -1.0, red.q >= 2.0);
    return select(s, -s, x < 0.0) * v;
  }

  fn accurateCos(x : f32) -> f32 {
    let red = pinnReduce(abs(x));
    // q: 0 -> cos r, 1 -> -sin r, 2 -> -cos r, 3 -> sin r.
    let odd = red.q == 1.0 || red.q == 3.0;
    let v = select(pinnCosPoly(red.r), pinnSinPoly(red.r), odd);
    let s = select(1.0, -1.0, red.q == 1.0 || red.q == 2.0);
    return s * v;
  }
`;

/** The fields tfjs-backend-webgpu reads from an element-wise program (its WebGPUProgram). */
class AccurateTrigProgram {
  variableNames = ['A'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [128, 1, 1];
  // Asks tfjs for the uniforms.size the bounds check below reads.
  size = true;

  constructor(
    shape: number[],
    private fn: 'accurateSin' | 'accurateCos',
  ) {
    this.outputShape = shape;
    this.shaderKey = `pinn_${fn}`;
    // Kernels run only on the webgpu backend, which is registered only after useWebGPUUtil.
    const util = webgpuUtil!;
    this.dispatchLayout = util.flatDispatchLayout(shape);
    this.dispatch = util.computeDispatch(this.dispatchLayout, shape, this.workgroupSize);
  }

  getUserCode(): string {
    return `
      ${TRIG_WGSL}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let x = getAByOutputIndex(index);
          // sin of NaN or +-inf is NaN, as in IEEE.
          var y = uniforms.NAN;
          if (isnan(x)) {
            y = x;
          } else if (!isinf(x)) {
            y = ${this.fn}(x);
          }
          setOutputAtIndex(index, y);
        }
      }
    `;
  }
}

/** The part of tfjs-backend-webgpu's backend the kernels call. */
interface WebGPURunner {
  runWebGPUProgram(program: AccurateTrigProgram, inputs: tf.TensorInfo[], dtype: tf.DataType): tf.TensorInfo;
}

function trigKernel(fn: 'accurateSin' | 'accurateCos'): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    return (backend as unknown as WebGPURunner).runWebGPUProgram(new AccurateTrigProgram(x.shape.slice(), fn), [x], 'float32');
  };
}

/** The webgpu Sin and Cos kernels that replace tfjs's stock ones. */
export const ACCURATE_WEBGPU_TRIG: readonly tf.KernelConfig[] = [
  { kernelName: tf.Sin, backendName: 'webgpu', kernelFunc: trigKernel('accurateSin') },
  { kernelName: tf.Cos, backendName: 'webgpu', kernelFunc: trigKernel('accurateCos') },
];

/**
 * Replaces tfjs's webgpu Sin and Cos kernels by float32-accurate ones (WGSL
 * sin/cos carry no accuracy promise: ~2e-4 off on SwiftShader). `loadWebGPU()`
 * (and so `initBackend('webgpu')`) calls it once the backend is loaded; before that it
 * does nothing (the backend's own registration would replace kernels registered earlier).
 * Call it yourself only if your app holds a second copy of tfjs. Idempotent; returns
 * the kernels it (re)registered.
 *
 * @example
 * await loadWebGPU(); // registers the backend and these kernels
 * registerAccurateWebGPUTrig(); // [] : already there
 */
export function registerAccurateWebGPUTrig(): string[] {
  const changed: string[] = [];
  if (webgpuUtil === undefined || tf.findBackendFactory('webgpu') == null) return changed;
  for (const config of ACCURATE_WEBGPU_TRIG) {
    if (tf.getKernel(config.kernelName, 'webgpu')?.kernelFunc === config.kernelFunc) continue;
    // Unregister first: registering over a kernel only warns and keeps going.
    if (tf.getKernel(config.kernelName, 'webgpu') !== undefined) tf.unregisterKernel(config.kernelName, 'webgpu');
    tf.registerKernel(config);
    changed.push(config.kernelName);
  }
  return changed;
}
