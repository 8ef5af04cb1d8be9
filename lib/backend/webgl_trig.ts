import * as tf from '@tensorflow/tfjs';

// Browser-only: registered by lib/browser.ts, never by the Node entry.

/**
 * sin and cos in float32 GLSL, after Cephes' sinf/cosf: the argument is reduced
 * to [-pi/4, pi/4] by a multiple of pi/2 split in three parts (Cody-Waite, each
 * product exact for |x| < 8192), then a minimax polynomial gives ~1 ulp. Stock
 * tfjs calls GLSL sin/cos, whose precision the GLSL spec leaves open: SwiftShader's
 * is ~1e-4 relative, which shows up in every derivative of a sin network. Only
 * float arithmetic is used, so the same code runs on WebGL1 and WebGL2.
 */
const TRIG_GLSL = `
  const float FOPI = 1.27323954473516;
  const float DP1 = 0.78515625;
  const float DP2 = 2.4187564849853515625e-4;
  const float DP3 = 3.77489497744594108e-8;

  // Reduces |x| to r in [-pi/4, pi/4]; returns j/2 mod 4 (the octant pair) in q.
  float reduceQuarterPi(float ax, out float q) {
    float j = floor(ax * FOPI);
    j += mod(j, 2.0);
    float r = ((ax - j * DP1) - j * DP2) - j * DP3;
    q = mod(j, 8.0) * 0.5;
    return r;
  }

  float sinPoly(float r) {
    float z = r * r;
    return ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  }

  float cosPoly(float r) {
    float z = r * r;
    return ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  }

  float accurateSin(float x) {
    float q;
    float r = reduceQuarterPi(abs(x), q);
    // q: 0 -> sin r, 1 -> cos r, 2 -> -sin r, 3 -> -cos r.
    float v = (q == 1.0 || q == 3.0) ? cosPoly(r) : sinPoly(r);
    float s = (q >= 2.0) ? -1.0 : 1.0;
    return (x < 0.0 ? -s : s) * v;
  }

  float accurateCos(float x) {
    float q;
    float r = reduceQuarterPi(abs(x), q);
    // q: 0 -> cos r, 1 -> -sin r, 2 -> -cos r, 3 -> sin r.
    float v = (q == 1.0 || q == 3.0) ? sinPoly(r) : cosPoly(r);
    float s = (q == 1.0 || q == 2.0) ? -1.0 : 1.0;
    return s * v;
  }
`;

/** An element-wise float32 program computing sin or cos accurately. */
class AccurateTrigProgram implements tf.GPGPUProgram {
  variableNames = ['A'];
  outputShape: number[];
  userCode: string;

  constructor(shape: number[], fn: 'accurateSin' | 'accurateCos') {
    this.outputShape = shape;
    this.userCode = `
      ${TRIG_GLSL}
      void main() {
        float x = getAAtOutCoords();
        // NAN is tfjs's shader uniform; sin of +-inf is NaN, as in IEEE.
        setOutput(isnan(x) ? x : isinf(x) ? NAN : ${fn}(x));
      }
    `;
  }
}

function trigKernel(fn: 'accurateSin' | 'accurateCos'): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    return (backend as tf.MathBackendWebGL).runWebGLProgram(new AccurateTrigProgram(x.shape.slice(), fn), [x], 'float32');
  };
}

/** The webgl Sin and Cos kernels that replace tfjs's stock ones. */
export const ACCURATE_WEBGL_TRIG: readonly tf.KernelConfig[] = [
  { kernelName: tf.Sin, backendName: 'webgl', kernelFunc: trigKernel('accurateSin') },
  { kernelName: tf.Cos, backendName: 'webgl', kernelFunc: trigKernel('accurateCos') },
];

/**
 * Replaces tfjs's webgl Sin and Cos kernels by float32-accurate ones, so that
 * sin networks and their derivatives agree with the cpu and wasm backends
 * (~1e-6 instead of ~1e-4). The browser entry calls it on import; call it
 * yourself only if your app holds a second copy of tfjs. Idempotent; returns
 * the kernels it (re)registered.
 *
 * @example
 * registerAccurateWebGLTrig();
 * await tf.setBackend('webgl'); tf.sin(x); // accurate
 */
export function registerAccurateWebGLTrig(): string[] {
  const changed: string[] = [];
  for (const config of ACCURATE_WEBGL_TRIG) {
    if (tf.getKernel(config.kernelName, 'webgl')?.kernelFunc === config.kernelFunc) continue;
    // Unregister first: registering over a kernel only warns and keeps going.
    if (tf.getKernel(config.kernelName, 'webgl') !== undefined) tf.unregisterKernel(config.kernelName, 'webgl');
    tf.registerKernel(config);
    changed.push(config.kernelName);
  }
  return changed;
}
