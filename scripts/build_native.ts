// npm run build:native: the optional OpenBLAS addon (lib/node/openblas.ts) into build/native/, as
// `tfjs-pinn build-openblas` builds it where the package is installed.
import { runCli } from '../lib/node/index.js';

process.exitCode = await runCli(['build-openblas']);
