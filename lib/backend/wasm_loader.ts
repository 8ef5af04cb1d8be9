// Browser-only. tfjs's wasm backend (its JavaScript glue, some 140 kB minified; the .wasm binaries were
// always fetched on start) is imported only when asked for: the standalone bundle maps this import to
// ./tfjs-pinn.wasm-backend.js beside it (scripts/build_browser.ts); a bundler splits it off or inlines it.

let loading: Promise<typeof import('@tensorflow/tfjs-backend-wasm')> | undefined;

/**
 * Loads and registers tfjs's wasm backend (once) and, the first time, tells it where its .wasm
 * files are (`wasmPaths`, a folder URL ending in '/'). `initBackend('wasm')` calls it. A failed
 * load is not remembered, so a later call tries again.
 *
 * @example
 * await loadWasm('/assets/');
 * await tf.setBackend('wasm');
 */
export async function loadWasm(wasmPaths: string): Promise<void> {
  const first = loading === undefined;
  loading ??= import('@tensorflow/tfjs-backend-wasm').catch((error: Error) => {
    loading = undefined;
    throw new Error(`the wasm backend's module could not be loaded (${error?.message ?? error})`);
  });
  const module = await loading;
  // setWasmPaths must come before the backend first starts, and only then counts.
  if (first) module.setWasmPaths(wasmPaths);
}
