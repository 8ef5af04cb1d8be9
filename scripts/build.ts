// `npm run build` (and `npm pack` through prepack): a clean dist/ with the ESM
// library and declarations (tsc), the browser builds, and the CommonJS copy.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, buildBrowser } from './build_browser.js';
import { buildCjs } from './build_cjs.js';

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
console.log('built dist/ (tsc)');
const browser = await buildBrowser();
for (const file of [browser.library, browser.bundle, ...browser.wasm]) console.log(`built ${file.slice(ROOT.length + 1)}`);
console.log(`built ${(await buildCjs()).length} CommonJS modules in dist/cjs/`);
// npm makes bin files executable on install; this is for running it from a checkout.
chmodSync(join(ROOT, 'dist', 'node', 'bin.js'), 0o755);
