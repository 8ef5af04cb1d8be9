import * as tf from '@tensorflow/tfjs';
import { initBackend } from './lib/index.js';
tf.env().set('IS_TEST', true);
await initBackend('wasm', { log: false });
console.log('simd', await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), 'threads', await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
const b = tf.backend() as any;
console.log(Object.keys(b.wasm ?? {}).filter((k) => /simd|thread|wasmBinary|_sc|locateFile/i.test(k)).slice(0, 10));
