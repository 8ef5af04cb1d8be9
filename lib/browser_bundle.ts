// Entry of the standalone bundle dist/browser/tfjs-pinn.bundle.js: the library
// with tfjs inside, for a plain <script type="module"> without a bundler.
export * from './browser.js';
export * as tf from '@tensorflow/tfjs';
