// Builds the optional OpenBLAS addon (native/openblas_gemm.c) with the machine's C compiler against Node's own
// headers (node_api.h) and the system's OpenBLAS: no npm package, no download.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// This file's URL: import.meta.url in ESM, __filename in the CommonJS build (where import.meta is empty).
const HERE = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;

/** The addon's file name, in build/native/ of the package root. */
export const OPENBLAS_ADDON = 'openblas_gemm.node';

/** The package root: the folder two or three levels up (lib/node, dist/node, dist/cjs/node) that holds package.json. */
export function packageRoot(): string {
  const here = dirname(fileURLToPath(HERE));
  for (const up of ['../..', '../../..']) {
    const root = resolve(here, up);
    if (existsSync(join(root, 'package.json')) && existsSync(join(root, 'native'))) return root;
  }
  return resolve(here, '../..');
}

/** Where Node's own headers are: `<prefix>/include/node`, next to the running node binary. */
function nodeHeaders(): string {
  const dir = resolve(dirname(process.execPath), '..', 'include', 'node');
  if (!existsSync(join(dir, 'node_api.h'))) throw new Error(`buildOpenBlas: Node's headers (node_api.h) are not in ${dir}; install Node with its headers (the official builds and Debian's nodejs have them).`);
  return dir;
}

/**
 * Compiles the OpenBLAS addon into `build/native/openblas_gemm.node` of the package and returns its path.
 * Needs a C compiler (`cc`) and OpenBLAS with its link library (Debian: `apt-get install gcc libopenblas-dev`);
 * throws an Error saying which is missing. In this repository: `npm run build:native`; installed from npm:
 * `npx tfjs-pinn build-openblas`.
 *
 * @example
 * import { buildOpenBlas, useOpenBlas } from 'tfjs-pinn/node';
 * buildOpenBlas();             // '/…/tfjs-pinn/build/native/openblas_gemm.node'
 * console.log(useOpenBlas());  // 'OpenBLAS 0.3.21 …, 1 thread(s)'
 */
export function buildOpenBlas(): string {
  const root = packageRoot();
  const source = join(root, 'native', 'openblas_gemm.c');
  if (!existsSync(source)) throw new Error(`buildOpenBlas: the addon's source ${source} is missing from this copy of tfjs-pinn.`);
  const out = join(root, 'build', 'native', OPENBLAS_ADDON);
  mkdirSync(dirname(out), { recursive: true });
  const args = ['-O3', '-march=native', '-shared', '-fPIC', '-I', nodeHeaders(), source, '-lopenblas', '-lm', '-o', out];
  try {
    // A bound on the wait: a compiler that hangs must not hang the build.
    execFileSync('cc', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: Buffer };
    if (code === 'ENOENT') throw new Error('buildOpenBlas: no C compiler (cc) on this machine; Debian: apt-get install gcc libopenblas-dev.');
    const text = stderr?.toString() ?? String(error);
    const hint = /lopenblas|cannot find/.test(text) ? ' OpenBLAS\'s link library is missing; Debian: apt-get install libopenblas-dev.' : '';
    throw new Error(`buildOpenBlas: cc ${args.join(' ')} failed.${hint}\n${text.trim()}`);
  }
  return out;
}
