import { BackendArrays } from '../../internals/backend_arrays.js';
import { simdSwitch } from './switches.js';
import { DenseLoops, denseLoops } from './wasm/index.js';

/** A dense layer's SIMD loops on the wasm backend, else null (the JavaScript and matMul path). */
export function denseFor(a: BackendArrays, wIn: number, wOut: number): DenseLoops | null {
  return a.memory === undefined || !simdSwitch.enabled ? null : denseLoops(wIn, wOut, a.memory);
}
