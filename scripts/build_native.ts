// npm run build:native: the optional OpenBLAS addon (lib/node/openblas.ts) into build/native/.
import { buildOpenBlas, useOpenBlas } from '../lib/node/index.js';

try {
  const path = buildOpenBlas();
  console.log(`built ${path}: ${useOpenBlas()}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
